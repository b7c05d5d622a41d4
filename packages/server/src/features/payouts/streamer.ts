import type { CurrencyCode } from '@tipchat/sdk/protocol';
import type { Sql } from '../../db/connection';
import { AppError } from '../../errors';
import type { Account } from '../auth/guard';

/** The signed-in streamer (verified and active, checked by the route guard) and the one channel they own. */
export interface PayoutStreamer {
  userId: string;
  email: string;
  channelId: string;
  channelSlug: string;
  channelCurrency: CurrencyCode;
}

export async function payoutStreamer(sql: Sql, account: Account): Promise<PayoutStreamer> {
  const [channel] = await sql<{ id: string; slug: string; currency: CurrencyCode }[]>`
    select id, slug, currency from channels where owner_id = ${account.user.id}`;
  if (!channel) throw new AppError('NOT_FOUND', 'You have no channel yet: create one to be paid');
  return {
    userId: account.user.id,
    email: account.user.email,
    channelId: channel.id,
    channelSlug: channel.slug,
    channelCurrency: channel.currency,
  };
}
