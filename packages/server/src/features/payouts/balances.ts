import { type Balance, CURRENCIES, type CurrencyCode, minorUnitsPerMajor } from '@tipchat/sdk/protocol';
import type { PayoutsConfig } from '../../config';
import type { Queryable } from '../../db/connection';
import { accounts, type ChannelBucket, ledger } from '../../ledger';

/** Without PAYOUT_MINIMUM for a currency, the smallest payout is 100 of its major units (₹100, $100, ¥100). */
const DEFAULT_MINIMUM_MAJOR_UNITS = 100;

export function minimumPayout(config: Pick<PayoutsConfig, 'minimum'>, currency: CurrencyCode): number {
  return config.minimum[currency] ?? DEFAULT_MINIMUM_MAJOR_UNITS * minorUnitsPerMajor(currency);
}

const isCurrency = (code: string): code is CurrencyCode => Object.hasOwn(CURRENCIES, code);

const FIELD: Record<ChannelBucket, keyof Pick<Balance, 'pending' | 'available' | 'inTransit' | 'paidOut'>> = {
  pending: 'pending',
  available: 'available',
  in_transit: 'inTransit',
  paid_out: 'paidOut',
};

/**
 * The channel's money by state and currency, summed from its ledger accounts: the channel's own currency always
 * (zeros for a new channel), then every other currency it holds money in, alphabetically.
 */
export async function channelBalances(
  q: Queryable,
  channel: { id: string; currency: CurrencyCode },
  config: Pick<PayoutsConfig, 'minimum'>,
): Promise<Balance[]> {
  const byCurrency = new Map<CurrencyCode, Balance>();
  const entry = (currency: CurrencyCode) => {
    let balance = byCurrency.get(currency);
    if (!balance) {
      balance = { currency, pending: 0, available: 0, inTransit: 0, paidOut: 0, minimumPayout: minimumPayout(config, currency) };
      byCurrency.set(currency, balance);
    }
    return balance;
  };
  entry(channel.currency);
  const prefix = accounts.channelPrefix(channel.id);
  for (const row of await ledger.balances(q, prefix)) {
    const bucket = row.account.slice(prefix.length) as ChannelBucket;
    const currency = row.currency.trim();
    if (!isCurrency(currency) || !(bucket in FIELD)) continue;
    entry(currency)[FIELD[bucket]] += row.balance;
  }
  const [own, ...others] = [...byCurrency.values()];
  return [own as Balance, ...others.sort((a, b) => a.currency.localeCompare(b.currency))];
}
