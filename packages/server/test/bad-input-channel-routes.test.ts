import { randomBytes, randomUUID } from 'node:crypto';
import type { ChatHistory, ChatMessage, ErrorCode } from '@tipchat/sdk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_SERVER_ENV, call, freshIp } from '../src/features/chat/chat-test-kit';
import { PASSWORD, signUpVerified } from './support/accounts';
import {
  forgedChannelCredentials,
  refusedUpgrade,
  type SeededChannel,
  seedChannel,
  sendUntouched,
  withoutWrites,
} from './support/channel-fixtures';
import { expectError, expectStandardShape, expectValidation, forgedTokens, type RawRequest, type RawResponse, send } from './support/raw';
import { startTestServer, type TestServer } from './support/server';

/**
 * Bad input on the channel routes of issue 3 — viewers, chat, moderation, keys, events and the
 * WebSocket feed: the right 4xx, in the standard error shape, and nothing stored anywhere. The
 * behaviour behind each refusal is tested in its feature's suite; here every route meets every
 * kind of bad input that applies to it.
 */

const tag = randomBytes(3).toString('hex');
const chars = (n: number) => 'x'.repeat(n);
/** Characters outside the BMP: two UTF-16 units each, so a limit counted in units would trip at half. */
const emoji = (n: number) => '😀'.repeat(n);
const emailOfLength = (n: number) => `${'a'.repeat(n - '@example.test'.length)}@example.test`;

let server: TestServer;
/** The channel every bad request aims at. */
let a: SeededChannel;
/** Another channel, whose things must not be reachable through `a`'s URLs. */
let b: SeededChannel;
/** Placeholders in route templates and bodies (`:name`), filled once the channels exist. */
const params: Record<string, string> = {};
/** Forged, stale or another channel's credentials, of every kind the server knows: all refused. */
const WRONG_CREDENTIALS = [
  'a token with a tampered payload',
  'a token signed with another secret',
  'an unsigned alg:none token',
  'the access token of a signed-out session',
  'a forged guest token',
  'a forged overlay key',
  'a forged API key',
  "another channel's guest token",
  "another channel's overlay key",
  "another channel's API key",
  'a rotated-out overlay key',
  'a revoked API key',
  'the access token of a restricted account',
] as const;
/** Built once the channels exist. */
const wrong = {} as Record<(typeof WRONG_CREDENTIALS)[number], string>;

beforeAll(async () => {
  // Trusting X-Forwarded-For lets the flood tests send from an address of their own.
  server = await startTestServer(CHAT_SERVER_ENV);
  a = await seedChannel(server, `here-${tag}`);
  b = await seedChannel(server, `there-${tag}`);
  Object.assign(params, {
    a: a.slug,
    b: b.slug,
    nobody: `nobody-${tag}`,
    random: randomUUID(),
    aMessage: a.message,
    aDeletedMessage: a.deletedMessage,
    bMessage: b.message,
    aBan: a.ban,
    aLiftedBan: a.liftedBan,
    bBan: b.ban,
    aTerm: a.blockedTerm,
    bTerm: b.blockedTerm,
    aModerator: a.moderator.userId,
    bModerator: b.moderator.userId,
    aFan: a.fan.userId,
    aFanEmail: a.fan.email,
    aTarget: a.target.viewerId,
    bTarget: b.target.viewerId,
    aSpareKey: a.spareApiKeyId,
    aRevokedKey: a.revokedApiKeyId,
    bSpareKey: b.spareApiKeyId,
  });

  const jwts = await forgedTokens(a.owner.token);
  const forged = forgedChannelCredentials();
  const leaving = server.client();
  const { session } = await signUpVerified(leaving, { displayName: `Gone ${tag}` });
  await leaving.auth.logout();
  const restricted = server.client();
  const { session: restrictedSession } = await signUpVerified(restricted, { displayName: `Restricted ${tag}` });
  await restricted.chat.join(a.slug);
  await restricted.user.restrictAccount({ password: PASSWORD });
  Object.assign(wrong, {
    'a token with a tampered payload': jwts.tampered,
    'a token signed with another secret': jwts.foreignKey,
    'an unsigned alg:none token': jwts.unsigned,
    'the access token of a signed-out session': session.accessToken,
    'a forged guest token': forged.guest,
    'a forged overlay key': forged.overlay,
    'a forged API key': forged.apiKey,
    "another channel's guest token": b.guest.token,
    "another channel's overlay key": b.overlayKey,
    "another channel's API key": b.apiKeys.moderation,
    'a rotated-out overlay key': a.staleOverlayKey,
    'a revoked API key': a.revokedApiKey,
    'the access token of a restricted account': restrictedSession.accessToken,
  });
}, 240_000);
afterAll(() => server.close());

/** Who is calling, in channel `a`. */
type Role =
  | 'anonymous'
  | 'owner'
  | 'moderator'
  | 'fan'
  | 'lurker'
  | 'guest'
  | 'bystander'
  | 'other-owner'
  | 'other-moderator'
  | 'overlay'
  | 'events-key'
  | 'moderation-key';

function tokenOf(role: Role): string | undefined {
  const tokens: Record<Role, () => string | undefined> = {
    anonymous: () => undefined,
    owner: () => a.owner.token,
    moderator: () => a.moderator.token,
    fan: () => a.fan.token,
    lurker: () => a.lurker.token,
    guest: () => a.guest.token,
    bystander: () => a.bystander.token,
    'other-owner': () => b.owner.token,
    'other-moderator': () => b.moderator.token,
    overlay: () => a.overlayKey,
    'events-key': () => a.apiKeys['events:read'],
    'moderation-key': () => a.apiKeys.moderation,
  };
  return tokens[role]();
}

/** `:name` placeholders filled: in a path anywhere, in a body where a whole string is one. */
function fill<T>(value: T): T {
  if (typeof value === 'string') {
    const whole = /^:(\w+)$/.exec(value);
    return (whole?.[1] !== undefined && params[whole[1]] !== undefined ? params[whole[1]] : value) as T;
  }
  if (Array.isArray(value)) return value.map(fill) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fill(inner)])) as T;
  }
  return value;
}

/** `METHOD /path` → a raw request as `as`, its placeholders filled. */
function request(route: string, as: Role, extra: Partial<RawRequest> = {}): RawRequest {
  const [method = '', template = ''] = route.split(' ');
  const path = template.replace(/:(\w+)/g, (_, name: string) => params[name] ?? `:${name}`);
  const token = tokenOf(as);
  const filled = extra.json === undefined ? extra : { ...extra, json: fill(extra.json) };
  return { method, path, ...(token === undefined ? {} : { token }), ...filled };
}

/** Signed in, but none of these may moderate. */
const NOT_STAFF: Role[] = ['guest', 'fan', 'other-owner', 'other-moderator', 'overlay', 'events-key'];
/** None of these owns the channel. */
const NOT_OWNER: Role[] = [...NOT_STAFF, 'moderator', 'moderation-key'];

interface RouteSpec {
  route: string;
  /** A caller the route accepts. */
  as: Role;
  /** A well-formed body; accepted, it would write something. */
  json?: unknown;
  /** Whether the route reads a credential, and whether it needs one. */
  credential: 'required' | 'optional' | 'ignored';
  /** Callers with a valid credential who must get 403 FORBIDDEN. */
  forbidden: Role[];
}

/** Every channel route of issue 3 but the feed, each with a request that is right in every way. */
const ROUTES: RouteSpec[] = [
  {
    route: 'POST /api/v1/channels/:a/viewers',
    as: 'anonymous',
    json: { displayName: 'Newcomer' },
    credential: 'optional',
    forbidden: ['overlay', 'events-key', 'moderation-key'],
  },
  { route: 'GET /api/v1/channels/:a/chat/messages', as: 'anonymous', credential: 'ignored', forbidden: [] },
  {
    route: 'POST /api/v1/channels/:a/chat/messages',
    as: 'guest',
    json: { text: 'hello again' },
    credential: 'required',
    forbidden: ['lurker', 'overlay', 'events-key', 'moderation-key'],
  },
  {
    route: 'DELETE /api/v1/channels/:a/chat/messages/:aMessage',
    as: 'guest',
    credential: 'required',
    forbidden: ['bystander', 'fan', 'lurker', 'other-owner', 'overlay', 'events-key'],
  },
  {
    route: 'POST /api/v1/channels/:a/chat/pin',
    as: 'owner',
    json: { messageId: ':aMessage' },
    credential: 'required',
    forbidden: NOT_STAFF,
  },
  { route: 'DELETE /api/v1/channels/:a/chat/pin', as: 'owner', credential: 'required', forbidden: NOT_STAFF },
  { route: 'POST /api/v1/channels/:a/chat/clear', as: 'owner', credential: 'required', forbidden: NOT_STAFF },
  { route: 'GET /api/v1/channels/:a/chat/settings', as: 'anonymous', credential: 'ignored', forbidden: [] },
  {
    route: 'PATCH /api/v1/channels/:a/chat/settings',
    as: 'owner',
    json: { slowModeSeconds: 30 },
    credential: 'required',
    forbidden: NOT_STAFF,
  },
  { route: 'GET /api/v1/channels/:a/moderators', as: 'owner', credential: 'required', forbidden: NOT_OWNER },
  {
    route: 'POST /api/v1/channels/:a/moderators',
    as: 'owner',
    json: { email: ':aFanEmail' },
    credential: 'required',
    forbidden: NOT_OWNER,
  },
  { route: 'DELETE /api/v1/channels/:a/moderators/:aModerator', as: 'owner', credential: 'required', forbidden: NOT_OWNER },
  { route: 'GET /api/v1/channels/:a/bans', as: 'owner', credential: 'required', forbidden: NOT_STAFF },
  {
    route: 'POST /api/v1/channels/:a/bans',
    as: 'owner',
    json: { viewerId: ':aTarget', reason: 'spam', deleteRecentMessages: true },
    credential: 'required',
    forbidden: NOT_STAFF,
  },
  { route: 'DELETE /api/v1/channels/:a/bans/:aBan', as: 'owner', credential: 'required', forbidden: NOT_STAFF },
  { route: 'GET /api/v1/channels/:a/blocked-terms', as: 'owner', credential: 'required', forbidden: NOT_STAFF },
  {
    route: 'POST /api/v1/channels/:a/blocked-terms',
    as: 'owner',
    json: { term: 'sneakyword' },
    credential: 'required',
    forbidden: NOT_STAFF,
  },
  { route: 'DELETE /api/v1/channels/:a/blocked-terms/:aTerm', as: 'owner', credential: 'required', forbidden: NOT_STAFF },
  { route: 'GET /api/v1/channels/:a/audit-log', as: 'owner', credential: 'required', forbidden: NOT_STAFF },
  { route: 'GET /api/v1/channels/:a/overlay-key', as: 'owner', credential: 'required', forbidden: NOT_OWNER },
  { route: 'POST /api/v1/channels/:a/overlay-key', as: 'owner', credential: 'required', forbidden: NOT_OWNER },
  { route: 'GET /api/v1/channels/:a/api-keys', as: 'owner', credential: 'required', forbidden: NOT_OWNER },
  {
    route: 'POST /api/v1/channels/:a/api-keys',
    as: 'owner',
    json: { name: 'Intruder', scopes: ['moderation'] },
    credential: 'required',
    forbidden: NOT_OWNER,
  },
  { route: 'DELETE /api/v1/channels/:a/api-keys/:aSpareKey', as: 'owner', credential: 'required', forbidden: NOT_OWNER },
  { route: 'GET /api/v1/channels/:a/events', as: 'anonymous', credential: 'optional', forbidden: [] },
];

const spec = (route: string): RouteSpec => {
  const found = ROUTES.find((candidate) => candidate.route === route);
  if (!found) throw new Error(`no route ${route}`);
  return found;
};
const JSON_ROUTES = ROUTES.filter((route) => route.json !== undefined);
/** POSTs that take no body: a body still has to be JSON, and not too big. */
const BODILESS_POSTS = ROUTES.filter((route) => route.route.startsWith('POST ') && route.json === undefined);

describe('bodies that are not a JSON object', () => {
  const JSON_TYPE = 'application/json';
  type Kind = [what: string, contentType: string, body: string, status: number, code: ErrorCode];
  /** Refused while the body is read, whatever the route expects of it. */
  const unreadable: Kind[] = [
    ['malformed JSON', JSON_TYPE, '{"text":', 400, 'MALFORMED_JSON'],
    ['an empty JSON body', JSON_TYPE, '', 400, 'MALFORMED_JSON'],
    ['a __proto__ key', JSON_TYPE, '{"__proto__":{"role":"streamer"}}', 400, 'MALFORMED_JSON'],
    ['a body over 64 KiB', JSON_TYPE, JSON.stringify({ text: chars(65 * 1024) }), 413, 'PAYLOAD_TOO_LARGE'],
    ['a text/plain body', 'text/plain', '{"text":"hello"}', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a form-encoded body', 'application/x-www-form-urlencoded', 'text=hello', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a multipart body', 'multipart/form-data; boundary=x', '--x\r\n\r\n--x--', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an XML body', 'application/xml', '<text>hello</text>', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ];
  /** Read fine, but not the object the route's schema asks for. */
  const notObjects: Kind[] = [
    ['a JSON array', JSON_TYPE, '[{"text":"hello"}]', 400, 'VALIDATION_FAILED'],
    ['JSON null', JSON_TYPE, 'null', 400, 'VALIDATION_FAILED'],
    ['a JSON string', JSON_TYPE, '"hello"', 400, 'VALIDATION_FAILED'],
    ['a JSON number', JSON_TYPE, '42', 400, 'VALIDATION_FAILED'],
  ];
  const table = [
    ...JSON_ROUTES.flatMap(({ route, as }) => [...unreadable, ...notObjects].map((kind) => ({ route, as, kind }))),
    ...BODILESS_POSTS.flatMap(({ route, as }) => unreadable.map((kind) => ({ route, as, kind }))),
  ].map(({ route, as, kind: [what, contentType, body, status, code] }) => ({ route, as, what, contentType, body, status, code }));

  it.each(table)('refuses $what on $route with $status $code', async ({ route, as, body, contentType, status, code }) => {
    expectError(await sendUntouched(server, request(route, as, { body, contentType })), status, code);
  });

  // A guest join without a body is a guest without a name; every other route needs its body.
  it.each(JSON_ROUTES)('refuses a request without any body on $route', async ({ route, as }) => {
    expectValidation(await sendUntouched(server, request(route, as)), [route.endsWith('/viewers') ? 'body.displayName' : 'body']);
  });
});

type BodyCase = [what: string, json: unknown, paths: string[], mentions?: string];

const bodyCases: Record<string, BodyCase[]> = {
  'POST /api/v1/channels/:a/viewers': [
    ['no display name for a guest', {}, ['body.displayName']],
    ['a 1-character display name', { displayName: 'A' }, ['body.displayName']],
    ['a 33-character display name', { displayName: chars(33) }, ['body.displayName']],
    ['a display name of 33 emoji', { displayName: emoji(33) }, ['body.displayName']],
    ['a blank display name', { displayName: '    ' }, ['body.displayName']],
    ['a display name of zero-width characters', { displayName: '\u200B\u200C\u2060\uFEFF' }, ['body.displayName']],
    ['a display name that is one letter once invisible characters go', { displayName: 'A\u200B\u200B' }, ['body.displayName']],
    ['a NUL character in the display name', { displayName: 'Asha\u0000' }, ['body.displayName']],
    ['an escape sequence in the display name', { displayName: 'Asha\u001b[31m' }, ['body.displayName']],
    ['a number for the display name', { displayName: 42 }, ['body.displayName']],
    ['an array for the display name', { displayName: ['Asha'] }, ['body.displayName']],
    ['a 15-character device token', { displayName: 'Asha', deviceToken: chars(15) }, ['body.deviceToken']],
    ['a 129-character device token', { displayName: 'Asha', deviceToken: chars(129) }, ['body.deviceToken']],
    ['a device token with a slash', { displayName: 'Asha', deviceToken: `${chars(20)}/${chars(20)}` }, ['body.deviceToken']],
    ['a number for the device token', { displayName: 'Asha', deviceToken: 1234567890123456 }, ['body.deviceToken']],
    ['a role', { displayName: 'Asha', role: 'moderator' }, ['body'], 'role'],
    ['a viewer id', { displayName: 'Asha', viewerId: randomUUID() }, ['body'], 'viewerId'],
  ],
  'POST /api/v1/channels/:a/chat/messages': [
    ['no text', {}, ['body.text']],
    ['an empty text', { text: '' }, ['body.text']],
    ['a text over the 2000-unit input cap', { text: chars(2_001) }, ['body.text']],
    ['a number for the text', { text: 42 }, ['body.text']],
    ['an array for the text', { text: ['hello'] }, ['body.text']],
    ['null for the text', { text: null }, ['body.text']],
    ['an author', { text: 'hello', author: { role: 'streamer' } }, ['body'], 'author'],
    ['a sequence number', { text: 'hello', seq: 1 }, ['body'], 'seq'],
  ],
  'POST /api/v1/channels/:a/chat/pin': [
    ['no message id', {}, ['body.messageId']],
    ['a message id that is not a UUID', { messageId: 'not-a-uuid' }, ['body.messageId']],
    ['a numeric message id', { messageId: 12345 }, ['body.messageId']],
    ['a message id with a suffix', { messageId: `${randomUUID()}-0` }, ['body.messageId']],
    ['an unknown field', { messageId: ':aMessage', forever: true }, ['body'], 'forever'],
  ],
  'PATCH /api/v1/channels/:a/chat/settings': [
    ['an empty object', {}, ['body'], 'at least one'],
    ['a negative slow mode', { slowModeSeconds: -1 }, ['body.slowModeSeconds']],
    ['a slow mode over a day', { slowModeSeconds: 86_401 }, ['body.slowModeSeconds']],
    ['a fractional slow mode', { slowModeSeconds: 1.5 }, ['body.slowModeSeconds']],
    ['a string slow mode', { slowModeSeconds: '30' }, ['body.slowModeSeconds']],
    ['null for slow mode', { slowModeSeconds: null }, ['body.slowModeSeconds']],
    ['a zero message length', { maxMessageLength: 0 }, ['body.maxMessageLength']],
    ['a 501-character message length', { maxMessageLength: 501 }, ['body.maxMessageLength']],
    ['a fractional message length', { maxMessageLength: 200.5 }, ['body.maxMessageLength']],
    ['a string for enabled', { enabled: 'yes' }, ['body.enabled']],
    ['a number for signed-in-only', { signedInOnly: 1 }, ['body.signedInOnly']],
    ['a string for verified-only', { verifiedOnly: 'true' }, ['body.verifiedOnly']],
    ['an array for links allowed', { linksAllowed: [true] }, ['body.linksAllowed']],
    ['a pinned message id', { enabled: true, pinnedMessageId: randomUUID() }, ['body'], 'pinnedMessageId'],
    ['a cleared-before sequence', { clearedBeforeSeq: 0 }, ['body'], 'clearedBeforeSeq'],
  ],
  'POST /api/v1/channels/:a/moderators': [
    ['no email', {}, ['body.email']],
    ['an email that is not an address', { email: 'not-an-address' }, ['body.email']],
    ['a 255-character email', { email: emailOfLength(255) }, ['body.email']],
    ['a NUL character in the email', { email: 'fan\u0000@example.test' }, ['body.email']],
    ['a number for the email', { email: 42 }, ['body.email']],
    ['an array for the email', { email: [':aFanEmail'] }, ['body.email']],
    ['a user id', { email: ':aFanEmail', userId: randomUUID() }, ['body'], 'userId'],
  ],
  'POST /api/v1/channels/:a/bans': [
    ['no viewer id', { reason: 'spam' }, ['body.viewerId']],
    ['a viewer id that is not a UUID', { viewerId: 'not-a-uuid' }, ['body.viewerId']],
    ['a numeric viewer id', { viewerId: 12345 }, ['body.viewerId']],
    ['a 201-character reason', { viewerId: ':aTarget', reason: chars(201) }, ['body.reason']],
    ['a reason of 201 emoji', { viewerId: ':aTarget', reason: emoji(201) }, ['body.reason']],
    ['a NUL character in the reason', { viewerId: ':aTarget', reason: 'spam\u0000' }, ['body.reason']],
    ['a number for the reason', { viewerId: ':aTarget', reason: 42 }, ['body.reason']],
    ['a 9-second time-out', { viewerId: ':aTarget', durationSeconds: 9 }, ['body.durationSeconds']],
    ['a zero time-out', { viewerId: ':aTarget', durationSeconds: 0 }, ['body.durationSeconds']],
    ['a negative time-out', { viewerId: ':aTarget', durationSeconds: -60 }, ['body.durationSeconds']],
    ['a time-out over 30 days', { viewerId: ':aTarget', durationSeconds: 30 * 86_400 + 1 }, ['body.durationSeconds']],
    ['a fractional time-out', { viewerId: ':aTarget', durationSeconds: 60.5 }, ['body.durationSeconds']],
    ['a string time-out', { viewerId: ':aTarget', durationSeconds: '60' }, ['body.durationSeconds']],
    ['a string for deleting recent messages', { viewerId: ':aTarget', deleteRecentMessages: 'yes' }, ['body.deleteRecentMessages']],
    ['an expiry date', { viewerId: ':aTarget', expiresAt: '2099-01-01T00:00:00Z' }, ['body'], 'expiresAt'],
    ['a device hash', { viewerId: ':aTarget', deviceHash: chars(64) }, ['body'], 'deviceHash'],
  ],
  'POST /api/v1/channels/:a/blocked-terms': [
    ['no term', {}, ['body.term']],
    ['an empty term', { term: '' }, ['body.term']],
    ['a blank term', { term: '   ' }, ['body.term']],
    ['a 101-character term', { term: chars(101) }, ['body.term']],
    ['a term of 101 emoji', { term: emoji(101) }, ['body.term']],
    ['a NUL character in the term', { term: 'bad\u0000word' }, ['body.term']],
    ['a number for the term', { term: 42 }, ['body.term']],
    ['an array for the term', { term: ['bad'] }, ['body.term']],
    ['a term of punctuation alone', { term: '?? ..' }, ['body.term']],
    ['a term of zero-width characters', { term: '\u200B\u200B' }, ['body.term']],
    ['a pattern of stars alone', { term: '***', kind: 'pattern' }, ['body.term']],
    ['an unknown kind', { term: 'bad', kind: 'regex' }, ['body.kind']],
    ['a number for the kind', { term: 'bad', kind: 1 }, ['body.kind']],
    ['an unknown field', { term: 'bad', caseSensitive: true }, ['body'], 'caseSensitive'],
  ],
  'POST /api/v1/channels/:a/api-keys': [
    ['an empty object', {}, ['body.name', 'body.scopes']],
    ['no scopes', { name: 'Bot' }, ['body.scopes']],
    ['an empty list of scopes', { name: 'Bot', scopes: [] }, ['body.scopes']],
    ['an unknown scope', { name: 'Bot', scopes: ['admin'] }, ['body.scopes.0']],
    ['a scope as a string', { name: 'Bot', scopes: 'moderation' }, ['body.scopes']],
    ['no name', { scopes: ['moderation'] }, ['body.name']],
    ['an empty name', { name: '', scopes: ['moderation'] }, ['body.name']],
    ['a blank name', { name: '  ', scopes: ['moderation'] }, ['body.name']],
    ['a 65-character name', { name: chars(65), scopes: ['moderation'] }, ['body.name']],
    ['a name of 65 emoji', { name: emoji(65), scopes: ['moderation'] }, ['body.name']],
    ['a NUL character in the name', { name: 'Bot\u0000', scopes: ['moderation'] }, ['body.name']],
    ['a number for the name', { name: 42, scopes: ['moderation'] }, ['body.name']],
    ['a channel id', { name: 'Bot', scopes: ['moderation'], channelId: randomUUID() }, ['body'], 'channelId'],
  ],
};

describe('request bodies that break the field rules', () => {
  const table = Object.entries(bodyCases).flatMap(([route, cases]) =>
    cases.map(([what, json, paths, mentions]) => ({ route, as: spec(route).as, what, json, paths, mentions })),
  );

  it.each(table)('refuses $route with $what', async ({ route, as, json, paths, mentions }) => {
    expectValidation(await sendUntouched(server, request(route, as, { json })), paths, mentions);
  });
});

describe('query parameters', () => {
  const pages = ['GET /api/v1/channels/:a/chat/messages', 'GET /api/v1/channels/:a/audit-log'];
  const pageCases: [what: string, query: string, paths: string[], mentions?: string][] = [
    ['before=0', '?before=0', ['querystring.before']],
    ['before=-1', '?before=-1', ['querystring.before']],
    ['before=abc', '?before=abc', ['querystring.before']],
    ['before=1.5', '?before=1.5', ['querystring.before']],
    ['an empty before', '?before=', ['querystring.before']],
    ['before past the largest safe integer', '?before=9007199254740993', ['querystring.before']],
    ['limit=0', '?limit=0', ['querystring.limit']],
    ['limit=-1', '?limit=-1', ['querystring.limit']],
    ['limit=101', '?limit=101', ['querystring.limit']],
    ['limit=abc', '?limit=abc', ['querystring.limit']],
    ['limit=1.5', '?limit=1.5', ['querystring.limit']],
    ['the limit twice', '?limit=1&limit=2', ['querystring.limit']],
    ['an unknown parameter', '?after=1', ['querystring'], 'after'],
  ];
  const eventCases: typeof pageCases = [
    ['after=-1', '?after=-1', ['querystring.after']],
    ['after=abc', '?after=abc', ['querystring.after']],
    ['after=1.5', '?after=1.5', ['querystring.after']],
    ['after past the largest safe integer', '?after=9007199254740993', ['querystring.after']],
    ['the after twice', '?after=1&after=2', ['querystring.after']],
    ['limit=0', '?limit=0', ['querystring.limit']],
    ['limit=1001', '?limit=1001', ['querystring.limit']],
    ['limit=abc', '?limit=abc', ['querystring.limit']],
    ['an unknown parameter', '?before=5', ['querystring'], 'before'],
  ];
  const table = [
    ...pages.flatMap((route) => pageCases.map((entry) => ({ route, entry }))),
    ...eventCases.map((entry) => ({ route: 'GET /api/v1/channels/:a/events', entry })),
  ].map(({ route, entry: [what, query, paths, mentions] }) => ({ route, what, query, paths, mentions }));

  it.each(table)('refuses $route with $what', async ({ route, query, paths, mentions }) => {
    const base = request(route, spec(route).as);
    expectValidation(await sendUntouched(server, { ...base, path: `${base.path}${query}` }), paths, mentions);
  });
});

describe('path parameters', () => {
  const idCases: [what: string, route: string, paths: string[]][] = [
    ['a message id that is not a UUID', 'DELETE /api/v1/channels/:a/chat/messages/not-a-uuid', ['params.id']],
    ['a numeric message id', 'DELETE /api/v1/channels/:a/chat/messages/12345', ['params.id']],
    ['a message id with a suffix', 'DELETE /api/v1/channels/:a/chat/messages/:aMessage-0', ['params.id']],
    ['a ban id that is not a UUID', 'DELETE /api/v1/channels/:a/bans/not-a-uuid', ['params.id']],
    ['a blocked-term id that is not a UUID', 'DELETE /api/v1/channels/:a/blocked-terms/not-a-uuid', ['params.id']],
    ['an API key id that is not a UUID', 'DELETE /api/v1/channels/:a/api-keys/not-a-uuid', ['params.id']],
    ['a moderator user id that is not a UUID', 'DELETE /api/v1/channels/:a/moderators/not-a-uuid', ['params.userId']],
    ['a moderator given by email', 'DELETE /api/v1/channels/:a/moderators/fan%40example.test', ['params.userId']],
  ];

  it.each(idCases)('refuses %s', async (_what, route, paths) => {
    expectValidation(await sendUntouched(server, request(route, 'owner')), paths);
  });

  const slugs: [what: string, slug: string][] = [
    ['a 65-character slug', `a${chars(64)}`],
    ['a slug with a dot', `here.${tag}`],
    ['a slug with an encoded space', `here%20${tag}`],
    ['a slug with an accent', encodeURIComponent(`café-${tag}`)],
    ['a slug with an encoded slash', `here%2F${tag}`],
  ];
  const table = ROUTES.flatMap(({ route, as, json }) => slugs.map(([what, slug]) => ({ route, as, json, what, slug })));

  it.each(table)('refuses $route at $what', async ({ route, as, json, slug }) => {
    const base = request(route, as, json === undefined ? {} : { json });
    const path = base.path.replace(`/channels/${a.slug}/`, `/channels/${slug}/`);
    expectValidation(await sendUntouched(server, { ...base, path }), ['params.slug']);
  });
});

describe('channels and things that are not there', () => {
  it.each(ROUTES)('answers $route of a channel that does not exist with 404', async ({ route, as, json }) => {
    const base = request(route, as, json === undefined ? {} : { json });
    const path = base.path.replace(`/channels/${a.slug}/`, `/channels/${params.nobody}/`);
    expectError(await sendUntouched(server, { ...base, path }), 404, 'NOT_FOUND');
  });

  /** Well-formed, from a caller allowed to act in `a` — but what they name is not in `a`. */
  const cases: [what: string, route: string, as: Role, json?: unknown][] = [
    ["deleting another channel's message", 'DELETE /api/v1/channels/:a/chat/messages/:bMessage', 'owner'],
    ["deleting another channel's message as a moderator", 'DELETE /api/v1/channels/:a/chat/messages/:bMessage', 'moderator'],
    ["deleting another channel's message as a guest", 'DELETE /api/v1/channels/:a/chat/messages/:bMessage', 'guest'],
    ['deleting a deleted message', 'DELETE /api/v1/channels/:a/chat/messages/:aDeletedMessage', 'guest'],
    ['deleting a message that never was', 'DELETE /api/v1/channels/:a/chat/messages/:random', 'owner'],
    ["pinning another channel's message", 'POST /api/v1/channels/:a/chat/pin', 'owner', { messageId: ':bMessage' }],
    ['pinning a deleted message', 'POST /api/v1/channels/:a/chat/pin', 'moderator', { messageId: ':aDeletedMessage' }],
    ['pinning a message that never was', 'POST /api/v1/channels/:a/chat/pin', 'owner', { messageId: ':random' }],
    ["banning another channel's viewer", 'POST /api/v1/channels/:a/bans', 'owner', { viewerId: ':bTarget' }],
    ["banning another channel's viewer as a moderator", 'POST /api/v1/channels/:a/bans', 'moderator', { viewerId: ':bTarget' }],
    ['banning a viewer that never was', 'POST /api/v1/channels/:a/bans', 'owner', { viewerId: ':random' }],
    ['banning an account id instead of a viewer id', 'POST /api/v1/channels/:a/bans', 'owner', { viewerId: ':aFan' }],
    ["lifting another channel's ban", 'DELETE /api/v1/channels/:a/bans/:bBan', 'owner'],
    ["lifting another channel's ban with a moderation key", 'DELETE /api/v1/channels/:a/bans/:bBan', 'moderation-key'],
    ['lifting a lifted ban', 'DELETE /api/v1/channels/:a/bans/:aLiftedBan', 'moderator'],
    ['lifting a ban that never was', 'DELETE /api/v1/channels/:a/bans/:random', 'owner'],
    ["unblocking another channel's term", 'DELETE /api/v1/channels/:a/blocked-terms/:bTerm', 'owner'],
    ["unblocking another channel's term as a moderator", 'DELETE /api/v1/channels/:a/blocked-terms/:bTerm', 'moderator'],
    ['unblocking a term that never was', 'DELETE /api/v1/channels/:a/blocked-terms/:random', 'owner'],
    ["removing another channel's moderator", 'DELETE /api/v1/channels/:a/moderators/:bModerator', 'owner'],
    ['removing an account that is no moderator', 'DELETE /api/v1/channels/:a/moderators/:aFan', 'owner'],
    ["revoking another channel's API key", 'DELETE /api/v1/channels/:a/api-keys/:bSpareKey', 'owner'],
    ['revoking a revoked API key', 'DELETE /api/v1/channels/:a/api-keys/:aRevokedKey', 'owner'],
    ['revoking an API key that never was', 'DELETE /api/v1/channels/:a/api-keys/:random', 'owner'],
  ];

  it.each(cases)('refuses %s with 404', async (_what, route, as, json) => {
    expectError(await sendUntouched(server, request(route, as, json === undefined ? {} : { json })), 404, 'NOT_FOUND');
  });
});

describe('well-formed requests that what is stored already refuses', () => {
  /** Names in `a` (read once it exists) that a new guest would pass for. */
  const takenNames: [what: string, name: () => string][] = [
    ['another guest has', () => 'Writer'],
    ['another guest has, in capitals', () => 'WRITER'],
    ['another guest has, with a Cyrillic look-alike letter', () => 'Wr\u0456ter'],
    ['another guest has, with a zero-width space inside', () => 'Wri\u200Bter'],
    ['the channel has', () => a.displayName],
    ['the streamer has', () => a.owner.displayName],
    ['a moderator has, in capitals', () => a.moderator.displayName.toUpperCase()],
  ];

  it.each(takenNames)('refuses a guest name %s with 409', async (_what, name) => {
    const response = await sendUntouched(
      server,
      request('POST /api/v1/channels/:a/viewers', 'anonymous', { json: { displayName: name() } }),
    );
    expectError(response, 409, 'DISPLAY_NAME_TAKEN');
  });

  type StateCase = [what: string, as: Role, json: () => unknown, status: number, code: ErrorCode];
  const cases: Record<string, StateCase[]> = {
    'POST /api/v1/channels/:a/bans': [
      ['the streamer', 'moderator', () => ({ viewerId: a.owner.viewerId }), 403, 'FORBIDDEN'],
      ['a moderator, as the streamer', 'owner', () => ({ viewerId: a.moderator.viewerId }), 403, 'FORBIDDEN'],
      ['a moderator, with a moderation key', 'moderation-key', () => ({ viewerId: a.moderator.viewerId }), 403, 'FORBIDDEN'],
    ],
    'POST /api/v1/channels/:a/moderators': [
      ['the streamer', 'owner', () => ({ email: a.owner.email }), 400, 'BAD_REQUEST'],
      ['a moderator again', 'owner', () => ({ email: a.moderator.email }), 409, 'ALREADY_MODERATOR'],
      ['a moderator again, emailed in capitals', 'owner', () => ({ email: a.moderator.email.toUpperCase() }), 409, 'ALREADY_MODERATOR'],
      ['an email with no account', 'owner', () => ({ email: `nobody-${tag}@example.test` }), 404, 'NOT_FOUND'],
    ],
    'POST /api/v1/channels/:a/blocked-terms': [
      ['a blocked term again, in capitals', 'moderator', () => ({ term: 'FORBIDDENWORD' }), 409, 'BLOCKED_TERM_EXISTS'],
      ['a blocked term again, as a pattern', 'owner', () => ({ term: 'forbiddenword', kind: 'pattern' }), 409, 'BLOCKED_TERM_EXISTS'],
      ['a blocked term again, with an accent', 'owner', () => ({ term: 'forbíddenword' }), 409, 'BLOCKED_TERM_EXISTS'],
    ],
  };
  const table = Object.entries(cases).flatMap(([route, entries]) =>
    entries.map(([what, as, json, status, code]) => ({ route, what, as, json, status, code })),
  );

  it.each(table)('refuses $route for $what with $status $code', async ({ route, as, json, status, code }) => {
    expectError(await sendUntouched(server, request(route, as, { json: json() })), status, code);
  });
});

describe('credentials', () => {
  const reading = ROUTES.filter((route) => route.credential !== 'ignored');
  const malformed: [what: string, authorization: () => string][] = [
    ['"Basic abc"', () => 'Basic abc'],
    ['a bare "Bearer"', () => 'Bearer'],
    ['two tokens', () => `Bearer ${a.owner.token} ${a.guest.token}`],
    ['"Bearer garbage"', () => 'Bearer garbage'],
  ];
  const table = reading.flatMap(({ route, json }) => [
    ...malformed.map(([what, authorization]) => ({ route, json, what, authorization })),
    ...WRONG_CREDENTIALS.map((what) => ({ route, json, what, authorization: () => `Bearer ${wrong[what]}` })),
  ]);

  it.each(table)('refuses $route with $what as TOKEN_INVALID', async ({ route, json, authorization }) => {
    const { token: _token, ...anonymous } = request(route, 'anonymous', json === undefined ? {} : { json });
    expectError(await sendUntouched(server, { ...anonymous, authorization: authorization() }), 401, 'TOKEN_INVALID');
  });

  it.each(reading.filter((route) => route.credential === 'required'))(
    'refuses $route without a credential as UNAUTHENTICATED',
    async ({ route, json }) => {
      expectError(await sendUntouched(server, request(route, 'anonymous', json === undefined ? {} : { json })), 401, 'UNAUTHENTICATED');
    },
  );
});

describe('callers without the role', () => {
  const table = ROUTES.flatMap(({ route, json, forbidden }) => forbidden.map((as) => ({ route, json, as })));

  it.each(table)('refuses $route to $as with 403', async ({ route, json, as }) => {
    expectError(await sendUntouched(server, request(route, as, json === undefined ? {} : { json })), 403, 'FORBIDDEN');
  });
});

describe('the WebSocket feed, refused before the upgrade', () => {
  const feed = (query = '', slug = ':a') => `/api/v1/channels/${slug}/feed${query}`;
  const cases: [what: string, path: () => string, status: number, code: ErrorCode][] = [
    ['a 65-character slug', () => feed('', `a${chars(64)}`), 400, 'VALIDATION_FAILED'],
    ['a slug with a dot', () => feed('', `here.${tag}`), 400, 'VALIDATION_FAILED'],
    ['a channel that does not exist', () => feed('', params.nobody), 404, 'NOT_FOUND'],
    ['after=-1', () => feed('?after=-1'), 400, 'VALIDATION_FAILED'],
    ['after=abc', () => feed('?after=abc'), 400, 'VALIDATION_FAILED'],
    ['after=1.5', () => feed('?after=1.5'), 400, 'VALIDATION_FAILED'],
    ['after past the largest safe integer', () => feed('?after=9007199254740993'), 400, 'VALIDATION_FAILED'],
    ['an unknown parameter', () => feed('?since=1'), 400, 'VALIDATION_FAILED'],
    ['a token over 4096 characters', () => feed(`?token=${chars(4_097)}`), 400, 'VALIDATION_FAILED'],
    ['two tokens', () => feed(`?token=${a.guest.token}&token=${a.guest.token}`), 400, 'VALIDATION_FAILED'],
    ...WRONG_CREDENTIALS.map((what): [string, () => string, number, ErrorCode] => [
      what,
      () => feed(`?token=${encodeURIComponent(wrong[what])}`),
      401,
      'TOKEN_INVALID',
    ]),
  ];

  // A client that forgot to upgrade must learn that, not read a bare 404 as "no such channel".
  it('answers a plain GET of the feed, without an upgrade, with a 4xx in the standard shape', async () => {
    const response = await sendUntouched(server, request('GET /api/v1/channels/:a/feed', 'anonymous'));
    expect(response.status, response.text).toBeGreaterThanOrEqual(400);
    expect(response.status, response.text).toBeLessThan(500);
    expectStandardShape(response);
  });

  it.each(cases)('refuses %s with %i %s in the standard shape', async (what, path, status, code) => {
    const filled = path().replace('/:a/', `/${a.slug}/`);
    expectError(await withoutWrites(server, `the feed with ${what}`, () => refusedUpgrade(server, filled)), status, code);
  });
});

describe('chat sends refused for what they say, who sends them or how often', () => {
  const cases: [what: string, text: string, code: ErrorCode][] = [
    ['spaces only', '      ', 'MESSAGE_EMPTY'],
    ['line breaks and tabs only', '\n\t\r\n\v\f', 'MESSAGE_EMPTY'],
    ['zero-width characters only', '\u200B\u200C\u200D\u2060\uFEFF', 'MESSAGE_EMPTY'],
    ['NUL, bell and escape only', '\u0000\u0007\u001B', 'MESSAGE_EMPTY'],
    ['bidi overrides and isolates only', '\u202E\u202D\u2066\u2069\u200E', 'MESSAGE_EMPTY'],
    ['a soft hyphen and a combining grapheme joiner only', '\u00AD\u034F', 'MESSAGE_EMPTY'],
    ['halves of surrogate pairs only', '\uDC00\uD800', 'MESSAGE_EMPTY'],
    ['a mix of all of the above', ' \u200B\u0000\n\u202E\u00AD\uDC00 ', 'MESSAGE_EMPTY'],
    ['201 characters (the default limit is 200)', chars(201), 'MESSAGE_TOO_LONG'],
    ['201 emoji', emoji(201), 'MESSAGE_TOO_LONG'],
    ['201 accented letters written as letter + combining accent', 'e\u0301'.repeat(201), 'MESSAGE_TOO_LONG'],
    ['1000 emoji, exactly the 2000-unit input cap', emoji(1_000), 'MESSAGE_TOO_LONG'],
    ['201 characters with zero-width characters between them', `${'x\u200B'.repeat(200)}x`, 'MESSAGE_TOO_LONG'],
  ];

  it.each(cases)('refuses a message of %s with 422 %s', async (_what, text, code) => {
    const response = await sendUntouched(server, request('POST /api/v1/channels/:a/chat/messages', 'guest', { json: { text } }));
    const error = expectError(response, 422, code);
    if (code === 'MESSAGE_TOO_LONG') expect(error.details).toEqual({ max: 200 });
  });

  const sendsRefused: [what: string, sender: () => string, text: string, status: number, code: ErrorCode][] = [
    ['a banned guest', () => a.banned.token, 'let me back in', 403, 'BANNED'],
    ['a blocked term', () => a.guest.token, 'you forbiddenword', 422, 'BLOCKED_TERM'],
    ['a blocked term in capitals', () => a.guest.token, 'FORBIDDENWORD!', 422, 'BLOCKED_TERM'],
    ['a blocked term spelled out with spaces', () => a.guest.token, 'f o r b i d d e n w o r d', 422, 'BLOCKED_TERM'],
    ['a blocked term split by zero-width characters', () => a.guest.token, 'forbidden\u200Bword', 422, 'BLOCKED_TERM'],
    ['a blocked term in look-alike letters', () => a.guest.token, 'f\u043Erbidd\u0435nw\u043Erd', 422, 'BLOCKED_TERM'],
    ['a link, which the channel does not allow', () => a.guest.token, 'see https://example.test/x', 422, 'LINKS_NOT_ALLOWED'],
  ];

  it.each(sendsRefused)('refuses a message with %s, storing nothing', async (_what, sender, text, status, code) => {
    const { token: _token, ...anonymous } = request('POST /api/v1/channels/:a/chat/messages', 'anonymous', { json: { text } });
    expectError(await sendUntouched(server, { ...anonymous, token: sender() }), status, code);
  });

  it('refuses a new guest identity from a banned device, storing no viewer', async () => {
    const json = { displayName: `Comeback ${tag}`, deviceToken: a.banned.deviceToken };
    expectError(await sendUntouched(server, request('POST /api/v1/channels/:a/viewers', 'anonymous', { json })), 403, 'BANNED');
  });

  it('refuses a flood past 5 messages in 10 seconds with 429, storing none of the refused', async () => {
    const ip = freshIp();
    const joined = await call(server, 'POST', `/channels/${a.slug}/viewers`, { json: { displayName: `Flood ${tag}` }, ip });
    const token = (joined.body as { guestToken: string }).guestToken;
    const path = `/channels/${a.slug}/chat/messages`;
    for (let n = 1; n <= 5; n++) expect((await call(server, 'POST', path, { token, ip, json: { text: `message ${n}` } })).status).toBe(201);

    for (const text of ['message 6', 'message 7']) {
      const refused = await withoutWrites(server, `sending "${text}"`, () => call(server, 'POST', path, { token, ip, json: { text } }));
      const error = expectError(refused, 429, 'RATE_LIMITED');
      expect(error.details).toEqual({ retryAfterSeconds: expect.any(Number) });
      expect((error.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    }
    const history = (await call(server, 'GET', `${path}?limit=100`)).body as ChatHistory;
    expect(history.messages.map((message) => message.text)).toEqual(expect.not.arrayContaining(['message 6', 'message 7']));
    expect(history.messages.map((message) => message.text)).toEqual(expect.arrayContaining(['message 1', 'message 5']));
  });

  it('refuses a second message within the slow-mode interval with 429, storing nothing', async () => {
    const owner = server.client();
    await signUpVerified(owner, { displayName: `Slow ${tag}` });
    const slug = `slow-${tag}`;
    await owner.channels.create({ slug, displayName: 'Slow' });
    await owner.chat.updateSettings(slug, { slowModeSeconds: 60 });
    const ip = freshIp();
    const joined = await call(server, 'POST', `/channels/${slug}/viewers`, { json: { displayName: `Patient ${tag}` }, ip });
    const token = (joined.body as { guestToken: string }).guestToken;
    const path = `/channels/${slug}/chat/messages`;
    expect((await call(server, 'POST', path, { token, ip, json: { text: 'first' } })).status).toBe(201);

    const refused = await withoutWrites(server, 'a second message', () =>
      call(server, 'POST', path, { token, ip, json: { text: 'second' } }),
    );
    const error = expectError(refused, 429, 'SLOW_MODE');
    const wait = (error.details as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
  });
});

describe('routes and methods that do not exist', () => {
  const unknown: [route: string, statuses: number[]][] = [
    ['GET /api/v1/channels/:a/chat', [404]],
    ['GET /api/v1/channels/:a/chat/pin', [404, 405]],
    ['PUT /api/v1/channels/:a/chat/settings', [404, 405]],
    ['DELETE /api/v1/channels/:a/chat/messages', [404, 405]],
    ['PATCH /api/v1/channels/:a/chat/messages/:aMessage', [404, 405]],
    ['GET /api/v1/channels/:a/bans/:aBan', [404, 405]],
    ['PATCH /api/v1/channels/:a/bans/:aBan', [404, 405]],
    ['DELETE /api/v1/channels/:a/viewers', [404, 405]],
    ['DELETE /api/v1/channels/:a/overlay-key', [404, 405]],
    ['POST /api/v1/channels/:a/events', [404, 405]],
    ['DELETE /api/v1/channels/:a/audit-log', [404, 405]],
  ];

  it.each(unknown)('answers %s with a 4xx in the standard shape', async (route, statuses) => {
    const response = await sendUntouched(server, request(route, 'owner'));
    expect(statuses, response.text).toContain(response.status);
    expectStandardShape(response);
  });
});

describe('input at the limits is accepted, counted in characters', () => {
  function expectStatus(response: RawResponse, status: number) {
    expect(response.status, response.text).toBe(status);
  }

  it('lets a guest named with 32 emoji send 200 emoji, and a line of 200 characters padded with zero-width ones', async () => {
    const ip = freshIp();
    const joined = await call(server, 'POST', `/channels/${a.slug}/viewers`, { json: { displayName: emoji(32) }, ip });
    expectStatus(joined, 201);
    const token = (joined.body as { guestToken: string }).guestToken;
    const path = `/channels/${a.slug}/chat/messages`;
    const long = await call(server, 'POST', path, { token, ip, json: { text: emoji(200) } });
    expectStatus(long, 201);
    expect((long.body as ChatMessage).text).toBe(emoji(200));
    const padded = await call(server, 'POST', path, { token, ip, json: { text: 'x\u200B'.repeat(200) } });
    expectStatus(padded, 201);
    expect((padded.body as ChatMessage).text).toBe(chars(200));
  });

  it('takes a ban reason of 200 emoji, time-outs of 10 seconds and 30 days, a 100-character term and a 64-emoji key name', async () => {
    const token = a.owner.token;
    const path = (rest: string) => `/api/v1/channels/${a.slug}/${rest}`;
    for (const [name, body] of [
      ['Short', { reason: emoji(200), durationSeconds: 10 }],
      ['Long', { durationSeconds: 30 * 86_400 }],
    ] as const) {
      const joined = await call(server, 'POST', `/channels/${a.slug}/viewers`, { json: { displayName: `${name} ${tag}` }, ip: freshIp() });
      const viewerId = (joined.body as { viewer: { id: string } }).viewer.id;
      expectStatus(await send(server, { method: 'POST', path: path('bans'), token, json: { viewerId, ...body } }), 201);
    }
    expectStatus(await send(server, { method: 'POST', path: path('blocked-terms'), token, json: { term: 'é'.repeat(100) } }), 201);
    expectStatus(
      await send(server, { method: 'POST', path: path('api-keys'), token, json: { name: emoji(64), scopes: ['events:read'] } }),
      201,
    );
    expectStatus(
      await send(server, { method: 'PATCH', path: path('chat/settings'), token, json: { slowModeSeconds: 86_400, maxMessageLength: 500 } }),
      200,
    );
    expectStatus(await send(server, { method: 'GET', path: `${path('chat/messages')}?limit=100` }), 200);
    expectStatus(await send(server, { method: 'GET', path: `${path('audit-log')}?limit=1`, token }), 200);
    expectStatus(await send(server, { method: 'GET', path: `${path('events')}?after=0&limit=1000` }), 200);
  });
});
