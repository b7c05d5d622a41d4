import type { TipchatClient } from '@tipchat/sdk';
import type { AlertStatus, ChannelEvent, CurrencyCode } from '@tipchat/sdk/protocol';
import type { TipRow } from '../../src/features/tips/tip-view';
import { signUpVerified, uniqueEmail } from '../support/accounts';
import type { TestServer } from '../support/server';
import { insertTipRow, type TipRowFields } from '../support/tip-rows';

/** A channel and everyone who may (or may not) touch its alerts, each with a client of their own. */
export interface AlertChannel {
  slug: string;
  id: string;
  owner: TipchatClient;
  moderator: TipchatClient;
  /** A client whose credential is the channel's overlay key, as an overlay page would make it. */
  overlay: TipchatClient;
  overlayKey: string;
  /** A signed-in account that joined the chat: a viewer here. */
  fan: TipchatClient;
  /** A guest that joined the chat. */
  guest: TipchatClient;
  /** API keys with one scope each. */
  reader: TipchatClient;
  moderationKey: TipchatClient;
}

export async function alertChannel(server: TestServer, slug: string, currency: CurrencyCode = 'USD'): Promise<AlertChannel> {
  const owner = server.client();
  await signUpVerified(owner);
  const { id } = await owner.channels.create({ slug, displayName: `Alerts ${slug}`, currency });

  const moderatorEmail = uniqueEmail('moderator');
  const moderator = server.client();
  await signUpVerified(moderator, { email: moderatorEmail, displayName: 'Mo' });
  await owner.moderation.addModerator(slug, moderatorEmail);

  const fan = server.client();
  await signUpVerified(fan, { displayName: 'Fan' });
  await fan.chat.join(slug);
  const guest = server.client();
  await guest.chat.join(slug, { displayName: 'Guest' });

  const overlayKey = await owner.keys.rotateOverlayKey(slug);
  const reader = (await owner.keys.createApiKey(slug, { name: 'reader', scopes: ['events:read'] })).key;
  const moderationKey = (await owner.keys.createApiKey(slug, { name: 'mod bot', scopes: ['moderation'] })).key;
  return {
    slug,
    id,
    owner,
    moderator,
    overlay: server.client({ token: overlayKey }),
    overlayKey,
    fan,
    guest,
    reader: server.client({ token: reader }),
    moderationKey: server.client({ token: moderationKey }),
  };
}

/**
 * A paid tip, the way the payment flow ends: the tip row as it stands once paid, then the alert
 * hook in one event-log transaction.
 */
export async function payTip(server: TestServer, channelId: string, fields: Omit<TipRowFields, 'channelId'>): Promise<TipRow> {
  const tip = await insertTipRow(server.app.sql, { channelId, ...fields });
  await server.app.eventLog.transaction((tx, events) => server.app.services.alerts.queueForTip(tx, events, tip));
  return tip;
}

/** A refund or lost dispute, the way the payment flow applies it: new tip status and the cancel hook together. */
export async function reverseTip(server: TestServer, tip: TipRow, status: 'refunded' | 'dispute_lost' = 'refunded'): Promise<TipRow> {
  return server.app.eventLog.transaction(async (tx, events) => {
    const [row] = await tx<TipRow[]>`update tips set status = ${status}, updated_at = now() where id = ${tip.id} returning *`;
    if (!row) throw new Error('reverseTip: no such tip');
    await server.app.services.alerts.cancelForTip(tx, events, row);
    return row;
  });
}

/** The log's head now, to read what happens after it. */
export async function head(client: TipchatClient, slug: string): Promise<number> {
  return (await client.events.after(slug, Number.MAX_SAFE_INTEGER)).lastSeq;
}

/** The `alert.*` events logged after `after`, oldest first. */
export async function alertEventsAfter(client: TipchatClient, slug: string, after: number): Promise<ChannelEvent[]> {
  const page = await client.events.after(slug, after, { limit: 1_000 });
  return page.events.filter((event) => event.type.startsWith('alert.'));
}

/** Compact `[type, tipId, status]` triples of alert events, for exact comparisons. */
export function summarize(events: ChannelEvent[]): [string, string, AlertStatus][] {
  return events.flatMap((event) =>
    event.type === 'alert.queued' || event.type === 'alert.shown' || event.type === 'alert.skipped'
      ? [[event.type, event.data.tipId, event.data.status] as [string, string, AlertStatus]]
      : [],
  );
}
