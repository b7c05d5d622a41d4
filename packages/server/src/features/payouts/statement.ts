import { CURRENCIES, type CurrencyCode } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';
import { accounts } from '../../ledger';

export interface StatementFilter {
  /** Entries at or after this instant. */
  from?: Date;
  /** Entries before this instant (exclusive). */
  to?: Date;
  currency?: CurrencyCode;
}

export const STATEMENT_COLUMNS = ['date', 'kind', 'reference', 'bucket', 'currency', 'amount', 'balance', 'transaction_id'] as const;

interface StatementRow {
  createdAt: Date;
  kind: string;
  reference: string;
  account: string;
  currency: string;
  amount: number;
  running: number;
  transactionId: string;
}

/**
 * The channel's ledger statement as CSV: one row per entry on one of its accounts, oldest first, with the account's
 * balance after it. The running balance is summed over the account's whole history, so a statement that starts at
 * `from` opens with the true balance, not zero. Amounts are major units written from the integers exactly (`-12.05`,
 * `500` for yen), never through a float.
 */
export async function statementCsv(q: Queryable, channelId: string, filter: StatementFilter): Promise<string> {
  const prefix = accounts.channelPrefix(channelId);
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await q<StatementRow[]>`
    select * from (
      select e.id, t.created_at, t.kind, t.reference, e.account, e.currency, e.amount, t.id as transaction_id,
        sum(e.amount) over (partition by e.account, e.currency order by e.id)::bigint as running
      from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
      where e.account like ${pattern} ${filter.currency ? q`and e.currency = ${filter.currency}` : q``}
    ) s
    where true ${filter.from ? q`and s.created_at >= ${filter.from}` : q``} ${filter.to ? q`and s.created_at < ${filter.to}` : q``}
    order by s.id`;
  const lines = [csvLine(STATEMENT_COLUMNS)];
  for (const row of rows) {
    const currency = row.currency.trim() as CurrencyCode;
    lines.push(
      csvLine([
        row.createdAt.toISOString(),
        row.kind,
        row.reference,
        row.account.slice(prefix.length),
        currency,
        formatMinor(row.amount, currency),
        formatMinor(row.running, currency),
        row.transactionId,
      ]),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Integer minor units as a decimal string in major units: 1205 USD → `12.05`, -5 → `-0.05`, 500 JPY → `500`. */
export function formatMinor(amount: number, currency: CurrencyCode): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount must be a safe integer, got ${amount}`);
  const digits = CURRENCIES[currency].minorDigits;
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  if (digits === 0) return `${sign}${abs}`;
  const unit = 10 ** digits;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(digits, '0')}`;
}

/** RFC 4180: every field quoted, quotes doubled, so a comma or newline in a reference can never shift a column. */
function csvLine(fields: readonly string[]): string {
  return fields.map((field) => `"${field.replace(/"/g, '""')}"`).join(',');
}
