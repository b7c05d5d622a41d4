import type { OperatorRefundBody, TipFeedItem } from '@tipchat/sdk/protocol';
import type { Sql } from '../../db/connection';
import { notFound } from '../../errors';
import type { ChannelInfo } from '../access/channel-access';
import type { TipService } from '../tips/service';
import { recordAdminAction } from './audit';

/**
 * Refunds a tip for its streamer, through the streamer's own refund path (same checks, same refund id, same provider
 * call, same ledger posting when the provider confirms), then notes who did it and why. The audit row is written only
 * once the provider accepted the refund: a refused refund changed nothing to record.
 */
export async function refundOnBehalf(
  sql: Sql,
  tips: TipService,
  actorId: string,
  tipId: string,
  body: { amount?: number | undefined; reason: OperatorRefundBody['reason'] },
): Promise<TipFeedItem> {
  // Any channel, whatever its owner's state: a restricted streamer's tippers can still be given their money back.
  const [channel] = await sql<ChannelInfo[]>`
    select c.id, c.owner_id, c.slug from tips t join channels c on c.id = t.channel_id where t.id = ${tipId}`;
  if (!channel) throw notFound('Tip');
  const refunded = await tips.refund(channel, tipId, { amount: body.amount, reason: body.reason });
  await recordAdminAction(sql, {
    actorId,
    action: 'tip.refund',
    targetType: 'tip',
    targetId: tipId,
    reason: body.reason,
    details: { channelId: channel.id, amount: body.amount ?? null, currency: refunded.currency },
  });
  return refunded;
}
