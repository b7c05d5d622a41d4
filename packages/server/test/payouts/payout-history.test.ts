import type { Balance } from '@tipchat/sdk';
import { minorToDecimalString } from '@tipchat/sdk/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { STATEMENT_PAGE_ROWS } from '../../src/features/payouts/statement';
import { ledger, releaseHold, tipPaid, tipReference } from '../../src/ledger';
import { caught } from '../support/errors';
import { send } from '../support/raw';
import { connectedStripeAccount, deliverConnect, earn, type Payee, payee, usePayoutWorld } from './payout-fixtures';

// What the streamer can look back on: payouts newest first with their status and reference, page by page, and the
// ledger statement as CSV whose numbers add up to the balances.

const world = usePayoutWorld();
let streamer: Payee;
/** The payouts made in beforeAll, oldest first: succeeded, reversed, failed, succeeded. */
let made: { id: string; status: string }[];

beforeAll(async () => {
  streamer = await payee(world.server, 'USD');
  await earn(world.server, streamer, [50_000, 12_345]);
  await connectedStripeAccount(world, streamer);
  const first = await streamer.client.payouts.requestPayout({ currency: 'USD', amount: 10_000 });
  const second = await streamer.client.payouts.requestPayout({ currency: 'USD', amount: 12_000 });
  await deliverConnect(world, 'transfer.reversed', world.stripe.connect.reverseTransfer(String(second.providerReference)));
  world.stripe.connect.setPlatformBalance('usd', 0);
  const third = await streamer.client.payouts.requestPayout({ currency: 'USD', amount: 5_000 });
  world.stripe.connect.setPlatformBalance('usd', Number.MAX_SAFE_INTEGER);
  const fourth = await streamer.client.payouts.requestPayout({ currency: 'USD', amount: 20_000 });
  made = [
    { id: first.id, status: 'succeeded' },
    { id: second.id, status: 'reversed' },
    { id: third.id, status: 'failed' },
    { id: fourth.id, status: 'succeeded' },
  ];
}, 120_000);

describe('the payout history', () => {
  it('lists payouts newest first, page by page, and by status', async () => {
    const all = await streamer.client.payouts.payouts();
    expect(all.payouts.map((p) => ({ id: p.id, status: p.status }))).toEqual([...made].reverse());
    expect(all.nextCursor).toBeNull();

    const page1 = await streamer.client.payouts.payouts({ limit: 3 });
    expect(page1.payouts.map((p) => p.id)).toEqual(
      [...made]
        .reverse()
        .slice(0, 3)
        .map((p) => p.id),
    );
    const page2 = await streamer.client.payouts.payouts({ limit: 3, before: page1.nextCursor });
    expect(page2).toEqual({ payouts: [expect.objectContaining({ id: made[0]?.id })], nextCursor: null });

    const failed = await streamer.client.payouts.payouts({ status: 'failed' });
    expect(failed.payouts).toEqual([
      expect.objectContaining({ id: made[2]?.id, failureReason: expect.stringContaining('insufficient available funds') }),
    ]);
    const reversed = await streamer.client.payouts.payouts({ status: 'reversed' });
    expect(reversed.payouts).toEqual([expect.objectContaining({ id: made[1]?.id, providerReference: expect.stringMatching(/^tr_/) })]);
  });

  it('refuses a cursor that is not one of the channel’s payouts, and shows nothing of another channel', async () => {
    const other = await payee(world.server, 'USD');
    expect(await other.client.payouts.payouts()).toEqual({ payouts: [], nextCursor: null });
    expect(await caught(other.client.payouts.payouts({ before: made[0]?.id ?? '' }))).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      details: [{ path: 'querystring.before' }],
    });
  });
});

/** Every field is quoted; quotes inside are doubled. */
function parseCsv(text: string): Record<string, string>[] {
  expect(text.endsWith('\r\n')).toBe(true);
  const rows = text
    .slice(0, -2)
    .split('\r\n')
    .map((line) => {
      const fields = [...line.matchAll(/"((?:[^"]|"")*)"(,|$)/g)].map((m) => (m[1] ?? '').replaceAll('""', '"'));
      expect(fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(','), 'every field quoted').toBe(line);
      return fields;
    });
  const [header, ...body] = rows;
  return body.map((fields) => Object.fromEntries((header ?? []).map((name, i) => [name, fields[i] ?? ''])));
}

/** Major units as written in the statement back to integer minor units (USD: two decimals). */
const cents = (text: string) => {
  expect(text).toMatch(/^-?\d+\.\d{2}$/);
  return Math.round(Number(text) * 100);
};

describe('the ledger statement', () => {
  it('has a row per movement of the channel’s money whose sums and running balances match the balances', async () => {
    const csv = await streamer.client.payouts.statementCsv();
    expect(csv.split('\r\n')[0]).toBe('"date","kind","reference","bucket","currency","amount","balance","transaction_id"');
    const rows = parseCsv(csv);
    const [balance] = (await streamer.client.payouts.balances()) as [Balance];
    const sums: Record<string, number> = {};
    const last: Record<string, number> = {};
    for (const row of rows) {
      expect(row.currency).toBe('USD');
      expect(Number.isNaN(Date.parse(row.date ?? ''))).toBe(false);
      const bucket = row.bucket ?? '';
      sums[bucket] = (sums[bucket] ?? 0) + cents(row.amount ?? '');
      expect(cents(row.balance ?? ''), 'running balance').toBe(sums[bucket]);
      last[bucket] = cents(row.balance ?? '');
    }
    expect(sums).toEqual({ pending: 0, available: balance.available, paid_out: balance.paidOut, in_transit: 0 });
    expect(last).toEqual(sums);
    expect(rows.map((r) => r.kind)).toEqual(
      expect.arrayContaining(['tip_paid', 'hold_released', 'payout_requested', 'payout_settled', 'payout_failed', 'payout_reversed']),
    );
    // Each payout's rows name it.
    for (const { id } of made) expect(rows.some((r) => r.reference === `payout:${id}`)).toBe(true);
  });

  it('starts a later window with the true running balance, and filters by currency', async () => {
    const all = parseCsv(await streamer.client.payouts.statementCsv());
    const from = all.find((r) => r.kind === 'payout_failed')?.date ?? '';
    const window = parseCsv(await streamer.client.payouts.statementCsv({ from }));
    expect(window.length).toBeGreaterThan(0);
    expect(window.length).toBeLessThan(all.length);
    // The window's rows are the tail of the whole statement, running balances included.
    expect(window).toEqual(all.slice(all.length - window.length));
    expect(window.every((r) => Date.parse(r.date ?? '') >= Date.parse(from))).toBe(true);

    const before = parseCsv(await streamer.client.payouts.statementCsv({ to: from }));
    expect([...before, ...window]).toEqual(all);
    expect(parseCsv(await streamer.client.payouts.statementCsv({ currency: 'INR' }))).toEqual([]);
  });

  it('is served as a CSV attachment, and only to the channel owner', async () => {
    const token = streamer.client.tokens?.accessToken ?? '';
    const answer = await send(world.server, { method: 'GET', path: '/api/v1/payout/statement.csv?currency=USD', token });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('text/csv; charset=utf-8');
    const response = await fetch(`${world.server.url}/api/v1/payout/statement.csv?currency=USD`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="tipchat-statement-${streamer.slug}-USD.csv"`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const anonymous = await send(world.server, { method: 'GET', path: '/api/v1/payout/statement.csv' });
    expect(anonymous.status).toBe(401);
    const bad = await send(world.server, { method: 'GET', path: '/api/v1/payout/statement.csv?from=yesterday', token });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
  });

  it('cuts a window closed at both ends out of the whole statement, running balances included', async () => {
    const all = parseCsv(await streamer.client.payouts.statementCsv());
    const dates = [...new Set(all.map((r) => r.date ?? ''))];
    expect(dates.length).toBeGreaterThan(3);
    const [from, to] = [dates[1] ?? '', dates[dates.length - 2] ?? ''];
    const window = parseCsv(await streamer.client.payouts.statementCsv({ from, to }));
    const inside = all.filter((r) => Date.parse(r.date ?? '') >= Date.parse(from) && Date.parse(r.date ?? '') < Date.parse(to));
    expect(window.length).toBeGreaterThan(0);
    expect(window).toEqual(inside);
    // A contiguous stretch of the whole statement.
    const at = all.indexOf(inside[0] as Record<string, string>);
    expect(window).toEqual(all.slice(at, at + window.length));
  });

  it('refuses a window that is empty, reversed or longer than a year, in the standard error shape', async () => {
    const token = streamer.client.tokens?.accessToken ?? '';
    const statement = (query: string) => send(world.server, { method: 'GET', path: `/api/v1/payout/statement.csv?${query}`, token });
    const now = Date.now();
    const at = (days: number) => encodeURIComponent(new Date(now - days * 86_400_000).toISOString());
    const refusals = [
      { query: `from=${at(1)}&to=${at(1)}`, path: 'querystring.to' },
      { query: `from=${at(1)}&to=${at(2)}`, path: 'querystring.to' },
      { query: `from=${at(400)}&to=${at(1)}`, path: 'querystring.from' },
      // `from` alone: the window runs to now.
      { query: `from=${at(367)}`, path: 'querystring.from' },
    ];
    for (const { query, path } of refusals) {
      const answer = await statement(query);
      expect(answer.status, query).toBe(400);
      expect(answer.body).toEqual({
        error: { code: 'VALIDATION_FAILED', message: expect.any(String), details: [{ path, message: expect.any(String) }] },
      });
    }
    // The SDK surfaces the same refusal.
    expect(await caught(streamer.client.payouts.statementCsv({ from: new Date(now - 400 * 86_400_000), to: new Date(now) }))).toMatchObject(
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        details: [{ path: 'querystring.from' }],
      },
    );
    // A year to the day is accepted.
    expect((await statement(`from=${at(366)}&to=${at(0)}`)).status).toBe(200);
  });

  it('streams a statement longer than one page, whose rows add up to the balances', async () => {
    const big = await payee(world.server, 'USD');
    // More entries than one page holds, posted straight to the ledger: paid, then released, 100 cents each.
    const tips = Math.ceil(STATEMENT_PAGE_ROWS / 2) + 20;
    await world.server.app.sql.begin(async (tx) => {
      for (let i = 0; i < tips; i++) {
        const reference = tipReference(`${big.channelId}-${i}`);
        const money = { channelId: big.channelId, provider: 'dev', currency: 'USD' as const, gross: 100, fee: 0 };
        await ledger.post(tx, { kind: 'tip_paid', reference, idempotencyKey: `${reference}:paid`, entries: tipPaid(money) });
        const entries = releaseHold({ channelId: big.channelId, currency: 'USD', amount: 100 });
        await ledger.post(tx, { kind: 'hold_released', reference, idempotencyKey: `${reference}:released`, entries });
      }
    });
    const response = await fetch(`${world.server.url}/api/v1/payout/statement.csv`, {
      headers: { authorization: `Bearer ${big.client.tokens?.accessToken ?? ''}` },
    });
    expect(response.status).toBe(200);
    // Streamed: the length is not known before the last page is read.
    expect(response.headers.get('content-length')).toBeNull();
    const rows = parseCsv(await response.text());
    expect(rows.length).toBe(tips * 3);
    expect(rows.length).toBeGreaterThan(STATEMENT_PAGE_ROWS);
    const sums: Record<string, number> = {};
    for (const row of rows) {
      const bucket = row.bucket ?? '';
      sums[bucket] = (sums[bucket] ?? 0) + cents(row.amount ?? '');
      expect(cents(row.balance ?? ''), 'running balance').toBe(sums[bucket]);
    }
    expect(new Set(rows.map((r) => `${r.transaction_id}|${r.bucket}`)).size).toBe(rows.length);
    const [balance] = (await big.client.payouts.balances()) as [Balance];
    expect(sums).toEqual({ pending: balance.pending, available: balance.available });
    expect(balance).toMatchObject({ pending: 0, available: tips * 100 });
  });
});

describe('the amounts in the statement CSV (minorToDecimalString)', () => {
  it('writes integer minor units as exact major units', () => {
    expect(minorToDecimalString(123_456, 'USD')).toBe('1234.56');
    expect(minorToDecimalString(-5, 'USD')).toBe('-0.05');
    expect(minorToDecimalString(0, 'INR')).toBe('0.00');
    expect(minorToDecimalString(500, 'JPY')).toBe('500');
    expect(minorToDecimalString(-1_000, 'KRW')).toBe('-1000');
    expect(minorToDecimalString(9_007_199_254_740_991, 'USD')).toBe('90071992547409.91');
  });
});

describe('the API reference', () => {
  it('documents the payout routes and webhooks, the statement as text/csv', async () => {
    const spec = (await (await fetch(`${world.server.url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            responses?: Record<string, { content?: Record<string, unknown> }>;
            parameters?: { name: string; description?: string; schema?: { description?: string } }[];
          }
        >
      >;
    };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/payout/balance',
        '/api/v1/payout/standard-transfer',
        '/api/v1/payout/payouts',
        '/api/v1/payout/statement.csv',
        '/api/v1/payout/schedule',
        '/api/v1/payout/stripe/account',
        '/api/v1/webhooks/cashfree-payouts',
        '/api/v1/webhooks/stripe-connect',
      ]),
    );
    const statement = spec.paths['/api/v1/payout/statement.csv']?.get;
    expect(Object.keys(statement?.responses?.['200']?.content ?? {})).toEqual(['text/csv']);
    // Streamed, but documented as the text it is; the window's rules are in the parameters.
    expect(statement?.responses?.['200']?.content?.['text/csv']).toMatchObject({ schema: { type: 'string' } });
    expect(statement?.parameters?.map((p) => [p.name, p.description ?? p.schema?.description])).toEqual([
      ['from', expect.stringContaining('366 days')],
      ['to', expect.stringContaining('Default: now')],
      ['currency', undefined],
    ]);
  });
});
