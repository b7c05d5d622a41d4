import { randomUUID } from 'node:crypto';
import type { Alert, CurrencyCode } from '@tipchat/sdk/protocol';
import { tierFor } from '@tipchat/sdk/protocol';
import { notFound } from '../../errors';
import type { Actor } from '../access/actor';
import type { ChannelInfo } from '../access/channel-access';
import type { FeatureDeps } from '../deps';
import { channelTiers } from '../tips/tiers';
import { requireAlertManager } from './roles';

/**
 * The dashboard's "test alert" button: an `alert.test` event that overlays play like a real
 * alert, so a streamer can check the OBS source before going live. Nothing is stored but the
 * event — no tip, no alert row, no money — which is why it has its own event type: an overlay
 * must not acknowledge it.
 */
export async function sendTestAlert(deps: FeatureDeps, channel: ChannelInfo, actor: Actor): Promise<Alert> {
  requireAlertManager(actor);
  return deps.events.transaction(async (tx, events) => {
    await events.lock(channel.id);
    const [row] = await tx<{ currency: CurrencyCode; tipPresets: number[]; tipTiers: unknown; now: Date }[]>`
      select currency, tip_presets, tip_tiers, now() as now from channels where id = ${channel.id}`;
    if (!row) throw notFound('Channel');
    const amount = row.tipPresets[0] ?? 100;
    const { index, tier } = tierFor(channelTiers(row), amount);
    const at = row.now.toISOString();
    const alert: Alert = {
      tipId: randomUUID(),
      status: 'queued',
      queuedAt: at,
      shownAt: null,
      replays: 0,
      tip: {
        id: randomUUID(),
        channelId: channel.id,
        status: 'succeeded',
        amount,
        currency: row.currency,
        displayName: 'tipchat',
        message: 'This is a test alert. It looks like this on stream.',
        tier: { index, color: tier.color, pinSeconds: tier.pinSeconds, alertSeconds: tier.alertSeconds },
        createdAt: at,
        paidAt: at,
      },
    };
    await events.append(channel.id, 'alert.test', alert, 'staff');
    return alert;
  });
}
