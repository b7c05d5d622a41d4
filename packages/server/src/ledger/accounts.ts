/**
 * The chart of accounts. Accounts are plain strings built only through these helpers, so a
 * typo cannot open a new account silently, and a balance query by prefix (`channel:<id>:`)
 * finds all of a channel's money.
 *
 * Sign convention: an entry's `amount` is CREDIT-POSITIVE, in signed integer minor units.
 * A positive amount credits the account (money the platform owes to, or has earned for, that
 * party grows); a negative amount debits it. Every ledger transaction sums to zero per currency.
 * So in normal operation:
 *
 *   channel:<id>:pending      credit balance (+): a streamer's tips still inside the hold.
 *   channel:<id>:available    credit balance (+): released tips the streamer may withdraw. May
 *                             go negative, honestly, when a refund or dispute arrives after the
 *                             money was paid out: the streamer then owes the platform.
 *   channel:<id>:in_transit   credit balance (+): a requested payout not yet settled.
 *   channel:<id>:paid_out     credit balance (+): everything settled to the streamer's bank.
 *   platform:fees             credit balance (+): platform fee revenue, net of fees returned.
 *   platform:dispute_losses   debit balance (-): provider dispute fees the platform absorbed.
 *   platform:suspense         credit balance (+): money a provider collected that belongs to no
 *                             tip (a second payment of one order, a payment above the tip), held
 *                             until an operator returns it (see the review queue). Per currency,
 *                             like every account: the currency is the entry's, not the name's.
 *   provider:<name>:clearing  debit balance (-): money a provider collected for us and still
 *                             holds (debited on payment, credited when it goes back out).
 */
export type Account = string & { readonly __ledgerAccount: unique symbol };

export type ChannelBucket = 'pending' | 'available' | 'in_transit' | 'paid_out';

/** Ids and provider names become part of the account string, so they must not contain its separator. */
const PART = /^[A-Za-z0-9_-]+$/;

function part(value: string, what: string): string {
  if (!PART.test(value)) throw new Error(`ledger: invalid ${what} in account name: ${JSON.stringify(value)}`);
  return value;
}

export const accounts = {
  channel: (channelId: string, bucket: ChannelBucket) => `channel:${part(channelId, 'channel id')}:${bucket}` as Account,
  channelPending: (channelId: string) => accounts.channel(channelId, 'pending'),
  channelAvailable: (channelId: string) => accounts.channel(channelId, 'available'),
  channelInTransit: (channelId: string) => accounts.channel(channelId, 'in_transit'),
  channelPaidOut: (channelId: string) => accounts.channel(channelId, 'paid_out'),
  /** The prefix of every account of one channel, for `balances()`. */
  channelPrefix: (channelId: string) => `channel:${part(channelId, 'channel id')}:`,
  platformFees: 'platform:fees' as Account,
  platformDisputeLosses: 'platform:dispute_losses' as Account,
  platformSuspense: 'platform:suspense' as Account,
  providerClearing: (provider: string) => `provider:${part(provider, 'provider name')}:clearing` as Account,
} as const;

const ACCOUNT =
  /^(channel:[A-Za-z0-9_-]+:(pending|available|in_transit|paid_out)|platform:(fees|dispute_losses|suspense)|provider:[A-Za-z0-9_-]+:clearing)$/;

/** Whether a string is an account of the chart above (the ledger refuses anything else). */
export function isAccount(value: string): value is Account {
  return ACCOUNT.test(value);
}
