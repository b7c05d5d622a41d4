import { type CurrencyCode, minorToDecimalString, STATEMENT_MAX_DAYS } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';
import { AppError } from '../../errors';
import { accounts } from '../../ledger';

/** The entries one statement covers: from `from` (inclusive) to `to` (exclusive), in one currency or all. */
export interface StatementWindow {
  from: Date;
  to: Date;
  currency?: CurrencyCode;
}

export const STATEMENT_COLUMNS = ['date', 'kind', 'reference', 'bucket', 'currency', 'amount', 'balance', 'transaction_id'] as const;

/** Rows read per query: the statement holds one page in memory, and the connection only for one page's query. */
export const STATEMENT_PAGE_ROWS = 500;

const DAY_MS = 86_400_000;

/**
 * The window of a statement request: `to` defaults to now and `from` to the longest window before `to`. A window
 * longer than STATEMENT_MAX_DAYS is refused rather than cut short, so a download never silently misses rows: each
 * request's work stays bounded, and a longer history comes a window at a time.
 */
export function statementWindow(query: { from?: string; to?: string; currency?: CurrencyCode }, now = new Date()): StatementWindow {
  const to = query.to === undefined ? now : new Date(query.to);
  const from = query.from === undefined ? new Date(to.getTime() - STATEMENT_MAX_DAYS * DAY_MS) : new Date(query.from);
  if (to.getTime() <= from.getTime()) throw invalidWindow('querystring.to', 'Must be after from');
  if (to.getTime() - from.getTime() > STATEMENT_MAX_DAYS * DAY_MS) {
    const path = query.from === undefined ? 'querystring.to' : 'querystring.from';
    throw invalidWindow(path, `A statement covers at most ${STATEMENT_MAX_DAYS} days: ask for a longer history a window at a time`);
  }
  return { from, to, ...(query.currency && { currency: query.currency }) };
}

function invalidWindow(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', 'The request is not valid', [{ path, message }]);
}

interface EntryRow {
  id: number;
  createdAt: Date;
  /** created_at to the microsecond, for the next page's position. */
  at: string;
  kind: string;
  reference: string;
  account: string;
  currency: string;
  amount: number;
  transactionId: string;
}

/**
 * The channel's ledger statement as CSV: one row per entry on one of its accounts in the window, oldest first, with
 * the account's balance after it. Amounts are major units written from the integers exactly (`-12.05`, `500` for
 * yen), never through a float.
 *
 * The opening balances are read first (a failure there is still an error answer, not a cut-off file); the rows
 * then come a page at a time as the consumer pulls them, so neither the file nor the channel's history is ever held
 * whole. Keyset pages rather than a cursor: a cursor would keep a connection (embedded mode has one) for as long as
 * the download takes.
 */
export async function statementCsv(
  q: Queryable,
  channelId: string,
  window: StatementWindow,
  pageRows = STATEMENT_PAGE_ROWS,
): Promise<AsyncGenerator<string>> {
  const running = await openingBalances(q, channelId, window);
  return statementLines(q, channelId, window, running, pageRows);
}

/**
 * Each account's balance just before `from`, so the statement opens with the true balance, not zero: the kept
 * balance less what was posted since `from` (one statement, one snapshot). It reads the entries since `from`, not
 * the channel's whole history.
 */
async function openingBalances(q: Queryable, channelId: string, window: StatementWindow): Promise<Map<string, number>> {
  const pattern = `${accounts.channelPrefix(channelId).replace(/_/g, '\\_')}%`;
  const rows = await q<{ account: string; currency: string; balance: number }[]>`
    select b.account, b.currency, (b.balance - coalesce(s.since, 0))::bigint as balance
    from ledger_balances b left join (
      select account, currency, sum(amount) as since from ledger_entries
      where split_part(account, ':', 2) = ${channelId} and account like 'channel:%' and created_at >= ${window.from}
      group by account, currency
    ) s on s.account = b.account and s.currency = b.currency
    where b.account like ${pattern} ${window.currency ? q`and b.currency = ${window.currency}` : q``}`;
  return new Map(rows.map((r) => [balanceKey(r.account, r.currency), r.balance]));
}

const balanceKey = (account: string, currency: string) => `${account}|${currency}`;

async function* statementLines(
  q: Queryable,
  channelId: string,
  window: StatementWindow,
  running: Map<string, number>,
  pageRows: number,
): AsyncGenerator<string> {
  const prefix = accounts.channelPrefix(channelId);
  yield csvLine(STATEMENT_COLUMNS);
  let after: { at: string; id: number } | null = null;
  for (;;) {
    // The index on (channel, created_at, id) serves the filter, the order and the keyset. The position is passed as
    // values: a subquery there hides how many rows follow, and the planner then sorts the whole rest of the window
    // for every page. `at` stays text all the way (a timestamptz parameter goes through a JavaScript Date in
    // postgres.js), or its microseconds would be lost and rows repeated.
    const rows: EntryRow[] = await q<EntryRow[]>`
      select e.id, e.created_at, to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
        t.kind, t.reference, e.account, e.currency, e.amount, e.transaction_id
      from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
      where split_part(e.account, ':', 2) = ${channelId} and e.account like 'channel:%'
        and e.created_at >= ${window.from} and e.created_at < ${window.to}
        ${window.currency ? q`and e.currency = ${window.currency}` : q``}
        ${after === null ? q`` : q`and (e.created_at, e.id) > (${after.at}::text::timestamptz, ${after.id})`}
      order by e.created_at, e.id
      limit ${pageRows}`;
    let page = '';
    for (const row of rows) {
      const currency = row.currency.trim() as CurrencyCode;
      const key = balanceKey(row.account, row.currency);
      const balance = (running.get(key) ?? 0) + row.amount;
      running.set(key, balance);
      page += csvLine([
        row.createdAt.toISOString(),
        row.kind,
        row.reference,
        row.account.slice(prefix.length),
        currency,
        minorToDecimalString(row.amount, currency),
        minorToDecimalString(balance, currency),
        row.transactionId,
      ]);
    }
    if (page) yield page;
    const last = rows.at(-1);
    if (!last || rows.length < pageRows) return;
    after = { at: last.at, id: last.id };
  }
}

/** RFC 4180: every field quoted, quotes doubled, so a comma or newline in a reference can never shift a column; CRLF ends it. */
function csvLine(fields: readonly string[]): string {
  return `${fields.map((field) => `"${field.replace(/"/g, '""')}"`).join(',')}\r\n`;
}
