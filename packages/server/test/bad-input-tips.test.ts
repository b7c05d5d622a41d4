import { randomUUID } from 'node:crypto';
import type { ErrorCode } from '@tipchat/sdk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpVerified } from './support/accounts';
import { expectError, expectValidation, type RawRequest, type RawResponse, send, settled } from './support/raw';
import { startTestServer, type TestServer } from './support/server';
import { type TipChannel, tipChannel } from './support/tips';

/**
 * Bad input on the tip routes: the right 4xx in the standard shape, and nothing stored — no tip,
 * no provider event, no ledger entry, no chat message, no channel event. The behaviour behind
 * each refusal is tested in the tips suites; here every route meets the bad input that applies.
 */

let server: TestServer;
let a: TipChannel;
let b: TipChannel;
/** A viewer who joined a's chat as a guest. */
let guest: { token: string; deviceToken: string };
/** A guest banned from a's chat, and the device they joined from. */
let banned: { token: string; deviceToken: string };
/** Another streamer's access token: a signed-in stranger in channel a. */
let stranger: string;
let pendingTip: string;
let paidTip: string;
let bTip: string;

const TABLES = [
  'tips',
  'provider_events',
  'tip_refunds',
  'tip_disputes',
  'ledger_transactions',
  'ledger_entries',
  'chat_messages',
  'channel_events',
  'alerts',
  'channels',
];

async function storedState(): Promise<Record<string, string>> {
  await settled(server);
  const state: Record<string, string> = {};
  for (const table of TABLES) {
    const [row] = await server.app.sql.unsafe<{ rows: number; digest: string }[]>(
      `select count(*)::int as rows, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as digest from ${table} t`,
    );
    state[table] = `${row?.rows} rows, ${row?.digest}`;
  }
  return state;
}

async function untouched(request: RawRequest): Promise<RawResponse> {
  const before = await storedState();
  const response = await send(server, request);
  expect(await storedState(), `${request.method} ${request.path} answered ${response.status} ${response.text} and wrote`).toEqual(before);
  return response;
}

const tip = (json: unknown, token?: string): RawRequest => ({
  method: 'POST',
  path: `/api/v1/channels/${a.slug}/tips`,
  json,
  ...(token ? { token } : {}),
});
const valid = { amount: 500, currency: 'USD' as const, displayName: 'Viewer', message: 'hi' };

beforeAll(async () => {
  server = await startTestServer({ DEV_PAYMENT_DELAY_MS: '60000' });
  a = await tipChannel(server, 'USD', 'bad-tips-a');
  b = await tipChannel(server, 'USD', 'bad-tips-b');
  const joined = await server.client().chat.join(a.slug, { displayName: 'Guesty' });
  guest = { token: joined.guestToken ?? '', deviceToken: joined.deviceToken };
  const bannedJoin = await server.client().chat.join(a.slug, { displayName: 'Trouble' });
  banned = { token: bannedJoin.guestToken ?? '', deviceToken: bannedJoin.deviceToken };
  await a.owner.moderation.ban(a.slug, { viewerId: bannedJoin.viewer.id, reason: 'spam' });
  await a.owner.moderation.addBlockedTerm(a.slug, { term: 'badword', kind: 'word' });
  const other = server.client();
  await signUpVerified(other);
  stranger = other.tokens?.accessToken ?? '';
  const viewer = server.client();
  pendingTip = (await viewer.tips.create(a.slug, valid)).tip.id;
  paidTip = (await viewer.tips.create(a.slug, valid)).tip.id;
  await viewer.tips.devCheckout(paidTip, 'succeed');
  bTip = (await viewer.tips.create(b.slug, valid)).tip.id;
  await viewer.tips.devCheckout(bTip, 'succeed');
});
afterAll(() => server.close());

describe('POST /channels/:slug/tips', () => {
  const validation: [what: string, body: unknown, paths: string[]][] = [
    ['no body fields', {}, ['body.amount', 'body.currency', 'body.displayName']],
    ['a fractional amount', { ...valid, amount: 10.5 }, ['body.amount']],
    ['a zero amount', { ...valid, amount: 0 }, ['body.amount']],
    ['a negative amount', { ...valid, amount: -100 }, ['body.amount']],
    ['an amount as a string', { ...valid, amount: '500' }, ['body.amount']],
    ['an absurd amount', { ...valid, amount: 1e15 }, ['body.amount']],
    ['an unknown currency', { ...valid, currency: 'XXX' }, ['body.currency']],
    ['an empty name', { ...valid, displayName: '' }, ['body.displayName']],
    ['a 33-character name', { ...valid, displayName: 'x'.repeat(33) }, ['body.displayName']],
    ['a name with control characters', { ...valid, displayName: 'a\u0000b' }, ['body.displayName']],
    ['a name of invisible characters only', { ...valid, displayName: '\u200B\u200B' }, ['body.displayName']],
    ['a 501-character message', { ...valid, message: 'x'.repeat(501) }, ['body.message']],
    ['an unknown provider', { ...valid, provider: 'paypal' }, ['body.provider']],
    ['a broken email', { ...valid, email: 'not-an-email' }, ['body.email']],
    ['a phone with letters', { ...valid, phone: '98765abc12' }, ['body.phone']],
    ['a short device token', { ...valid, deviceToken: 'short' }, ['body.deviceToken']],
    ['an unknown field', { ...valid, status: 'succeeded' }, ['body']],
  ];
  for (const [what, body, paths] of validation) {
    it(`refuses ${what} with 400`, async () => {
      expectValidation(await untouched(tip(body)), paths);
    });
  }

  const refusals: [what: string, request: () => RawRequest, status: number, code: ErrorCode][] = [
    ['another currency than the channel takes', () => tip({ ...valid, currency: 'EUR' }), 422, 'CURRENCY_NOT_ACCEPTED'],
    ['an amount below the minimum', () => tip({ ...valid, amount: 99 }), 422, 'TIP_AMOUNT_TOO_LOW'],
    ['an amount above the maximum', () => tip({ ...valid, amount: 50_001 }), 422, 'TIP_AMOUNT_TOO_HIGH'],
    // $1 is the first default tier: 50 characters. Emoji count as one character each, so 51 of them are one too many.
    ['a message longer than the tier allows', () => tip({ ...valid, amount: 100, message: '😀'.repeat(51) }), 422, 'MESSAGE_TOO_LONG'],
    ['a link where links are off', () => tip({ ...valid, message: 'see https://spam.example' }), 422, 'LINKS_NOT_ALLOWED'],
    ['a name with a blocked term', () => tip({ ...valid, displayName: 'BadWord fan' }), 422, 'BLOCKED_TERM'],
    ['a provider this server lacks', () => tip({ ...valid, provider: 'stripe' }), 422, 'PROVIDER_NOT_AVAILABLE'],
    ['a banned guest', () => tip(valid, banned.token), 403, 'BANNED'],
    ["a banned guest's device, signed out", () => tip({ ...valid, deviceToken: banned.deviceToken }), 403, 'BANNED'],
    ['a forged guest token', () => tip(valid, `tcg_${'x'.repeat(40)}`), 401, 'TOKEN_INVALID'],
    ["another channel's overlay key", () => tip(valid, b.overlayKey), 401, 'TOKEN_INVALID'],
    ['an unknown channel', () => ({ ...tip(valid), path: '/api/v1/channels/nobody-here/tips' }), 404, 'NOT_FOUND'],
    [
      'a text/plain body',
      () => ({ method: 'POST', path: `/api/v1/channels/${a.slug}/tips`, body: '{}', contentType: 'text/plain' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'malformed JSON',
      () => ({ method: 'POST', path: `/api/v1/channels/${a.slug}/tips`, body: '{"amount":', contentType: 'application/json' }),
      400,
      'MALFORMED_JSON',
    ],
  ];
  for (const [what, request, status, code] of refusals) {
    it(`refuses ${what} with ${status} ${code}`, async () => {
      expectError(await untouched(request()), status, code);
    });
  }

  it('keeps the payment but holds back a message with a blocked term (the one accepted case here)', async () => {
    const response = await send(server, tip({ ...valid, message: 'you are a badword' }, guest.token));
    expect(response.status).toBe(201);
    expect((response.body as { tip: { message: string | null } }).tip.message).toBeNull();
  });
});

describe('the other tip routes', () => {
  const cases: [what: string, request: () => RawRequest, status: number, code: ErrorCode][] = [
    [
      'tip options with a non-numeric amount',
      () => ({ method: 'GET', path: `/api/v1/channels/${a.slug}/tip-options?amount=ten` }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'tip options with amount 0',
      () => ({ method: 'GET', path: `/api/v1/channels/${a.slug}/tip-options?amount=0` }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'tip options with an unknown parameter',
      () => ({ method: 'GET', path: `/api/v1/channels/${a.slug}/tip-options?fee=0` }),
      400,
      'VALIDATION_FAILED',
    ],
    ['a tip id that is not a uuid', () => ({ method: 'GET', path: '/api/v1/tips/123' }), 400, 'VALIDATION_FAILED'],
    ['a tip that does not exist', () => ({ method: 'GET', path: `/api/v1/tips/${randomUUID()}` }), 404, 'NOT_FOUND'],
    [
      'a dev checkout with an unknown outcome',
      () => ({ method: 'POST', path: `/api/v1/tips/${pendingTip}/dev-checkout`, json: { outcome: 'maybe' } }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a dev checkout of a missing tip',
      () => ({ method: 'POST', path: `/api/v1/tips/${randomUUID()}/dev-checkout`, json: { outcome: 'succeed' } }),
      404,
      'NOT_FOUND',
    ],
    [
      'a dev checkout of a paid tip',
      () => ({ method: 'POST', path: `/api/v1/tips/${paidTip}/dev-checkout`, json: { outcome: 'succeed' } }),
      409,
      'TIP_NOT_PAYABLE',
    ],
    ['a refund signed out', () => refund(paidTip, {}), 401, 'UNAUTHENTICATED'],
    ['a refund by a guest', () => refund(paidTip, {}, guest.token), 403, 'FORBIDDEN'],
    ['a refund by another streamer', () => refund(paidTip, {}, stranger), 403, 'FORBIDDEN'],
    ['a refund by the overlay key', () => refund(paidTip, {}, a.overlayKey), 403, 'FORBIDDEN'],
    ["a refund of another channel's tip", () => refund(bTip, {}, ownerToken(a)), 404, 'NOT_FOUND'],
    ['a refund of an unpaid tip', () => refund(pendingTip, {}, ownerToken(a)), 409, 'TIP_NOT_REFUNDABLE'],
    ['a refund larger than the tip', () => refund(paidTip, { amount: 501 }, ownerToken(a)), 422, 'REFUND_TOO_LARGE'],
    ['a refund of 0', () => refund(paidTip, { amount: 0 }, ownerToken(a)), 400, 'VALIDATION_FAILED'],
    ['a refund with a 201-character reason', () => refund(paidTip, { reason: 'x'.repeat(201) }, ownerToken(a)), 400, 'VALIDATION_FAILED'],
    ['tiers not in ascending order', () => tiers([tier(0), tier(500), tier(200)]), 400, 'VALIDATION_FAILED'],
    ['tiers whose first does not start at 0', () => tiers([tier(100)]), 400, 'VALIDATION_FAILED'],
    ['eleven tiers', () => tiers(Array.from({ length: 11 }, (_, i) => tier(i * 100))), 400, 'VALIDATION_FAILED'],
    ['a tier colour that is not #rrggbb', () => tiers([{ ...tier(0), color: 'red' }]), 400, 'VALIDATION_FAILED'],
    ['tiers signed out', () => ({ ...tiers([tier(0)]), token: undefined }), 401, 'UNAUTHENTICATED'],
    ['tiers from a guest', () => ({ ...tiers([tier(0)]), token: guest.token }), 403, 'FORBIDDEN'],
    [
      'a webhook of a provider this server lacks',
      () => ({ method: 'POST', path: '/api/v1/webhooks/stripe', json: { id: 'evt_1' } }),
      404,
      'NOT_FOUND',
    ],
    ['a webhook of an unknown provider', () => ({ method: 'POST', path: '/api/v1/webhooks/paypal', json: {} }), 400, 'VALIDATION_FAILED'],
  ];
  for (const [what, request, status, code] of cases) {
    it(`refuses ${what} with ${status} ${code}`, async () => {
      expectError(await untouched(request()), status, code);
    });
  }
});

function ownerToken(channel: TipChannel): string {
  return channel.owner.tokens?.accessToken ?? '';
}

function refund(tipId: string, json: unknown, token?: string): RawRequest {
  return { method: 'POST', path: `/api/v1/channels/${a.slug}/tips/${tipId}/refund`, json, ...(token ? { token } : {}) };
}

function tier(minAmount: number) {
  return { minAmount, color: '#123456', pinSeconds: 0, maxMessageLength: 100, alertSeconds: 5 };
}

function tiers(list: unknown[]): RawRequest {
  return { method: 'PUT', path: `/api/v1/channels/${a.slug}/tiers`, json: { tiers: list }, token: ownerToken(a) };
}
