import { randomBytes, randomUUID } from 'node:crypto';
import type { Stream, TipchatClient } from '@tipchat/sdk';
import { ERROR_CODES, type ErrorCode } from '@tipchat/sdk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, signUpVerified, uniqueEmail } from './support/accounts';
import {
  attemptWithoutWrites,
  expectError,
  expectStandardShape,
  expectValidation,
  forgedTokens,
  type RawRequest,
  type RawResponse,
  recordingClient,
  send,
  sendWithoutWrites,
} from './support/raw';
import { startTestServer, type TestServer } from './support/server';

/**
 * Bad input on every /api/v1 route: the right 4xx, in the standard error shape, and nothing
 * stored. Requests the typed SDK could not send go out as raw fetch calls.
 */

const tag = randomBytes(3).toString('hex');
const chars = (n: number) => 'x'.repeat(n);
/** Characters outside the BMP: two UTF-16 units each, so a limit counted in units would trip at half. */
const emoji = (n: number) => '😀'.repeat(n);
const emailOfLength = (n: number) => `${'a'.repeat(n - '@example.test'.length)}@example.test`;
/** Shaped like a mailed or refresh token, but matches nothing. */
const TOKEN = 't'.repeat(32);
const NEW_EMAIL = uniqueEmail('never');
const NEW_SLUG = `fresh-${tag}`;

let server: TestServer;
/** The signed-in streamer whose own account, channel and stream the bad requests aim at. */
let owner: { token: string; slug: string; stream: Stream };
/** Another streamer, whose channel and stream the owner must not touch. */
let other: { slug: string; stream: Stream };
/** A verified account without a channel yet: a create that slipped through would succeed. */
let creatorToken: string;
let unverifiedToken: string;

/** Placeholders in route templates, filled once the accounts exist. */
const params: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();

  const ownerClient = server.client();
  const { session } = await signUpVerified(ownerClient);
  await ownerClient.channels.create({ slug: `mine-${tag}`, displayName: 'Mine' });
  owner = {
    token: session.accessToken,
    slug: `mine-${tag}`,
    stream: await ownerClient.streams.start(`mine-${tag}`, { title: 'Live now' }),
  };

  const otherClient = server.client();
  await signUpVerified(otherClient);
  await otherClient.channels.create({ slug: `theirs-${tag}`, displayName: 'Theirs' });
  other = { slug: `theirs-${tag}`, stream: await otherClient.streams.start(`theirs-${tag}`, { title: 'Their show' }) };

  creatorToken = (await signUpVerified(server.client())).session.accessToken;

  const unverified = server.client();
  const email = uniqueEmail('unverified');
  await unverified.auth.register({ email, password: PASSWORD, displayName: 'Not yet' });
  unverifiedToken = (await unverified.auth.login({ email, password: PASSWORD })).accessToken;

  Object.assign(params, { mine: owner.slug, theirs: other.slug, myStream: owner.stream.id, theirStream: other.stream.id });
});
afterAll(() => server.close());

/**
 * `METHOD /path/:placeholder` → a raw request, with the token of whoever the route would accept:
 * the channel-less creator for POST /channels, the owner for every other signed-in route.
 */
function target(route: string, extra: Partial<RawRequest> = {}): RawRequest {
  const [method = '', template = ''] = route.split(' ');
  const path = template.replace(/:(\w+)/g, (_, name: string) => params[name] ?? `:${name}`);
  const signedIn = !/^\/api\/v1\/(auth|dev)\//.test(path);
  const token = method === 'POST' && path === '/api/v1/channels' ? creatorToken : signedIn ? owner.token : undefined;
  return { method, path, ...(token === undefined ? {} : { token }), ...extra };
}

async function channelRow(slug: string) {
  return server.app.sql`select * from channels where slug = ${slug}`;
}

/** Every /api/v1 route that reads a JSON body. */
const JSON_ROUTES = [
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/resend-email',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/forgot-password',
  'POST /api/v1/auth/reset-password',
  'PUT /api/v1/user',
  'PUT /api/v1/user/reset-password',
  'DELETE /api/v1/user/restrict-account',
  'POST /api/v1/channels',
  'PATCH /api/v1/channels/:mine',
  'POST /api/v1/channels/:mine/streams',
];

describe('bodies that are not a JSON object', () => {
  const JSON_TYPE = 'application/json';
  const kinds: [what: string, contentType: string, body: string, status: number, code: ErrorCode][] = [
    ['malformed JSON', JSON_TYPE, '{"email":', 400, 'MALFORMED_JSON'],
    ['an empty JSON body', JSON_TYPE, '', 400, 'MALFORMED_JSON'],
    ['a __proto__ key', JSON_TYPE, '{"__proto__":{"role":"admin"}}', 400, 'MALFORMED_JSON'],
    ['a body over 64 KiB', JSON_TYPE, JSON.stringify({ pad: chars(65 * 1024) }), 413, 'PAYLOAD_TOO_LARGE'],
    ['a text/plain body', 'text/plain', '{"email":"a@example.test"}', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a form-encoded body', 'application/x-www-form-urlencoded', 'email=a%40example.test', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a multipart body', 'multipart/form-data; boundary=x', '--x\r\n\r\n--x--', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an XML body', 'application/xml', '<email>a@example.test</email>', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a JSON array', JSON_TYPE, '[{"email":"a@example.test"}]', 400, 'VALIDATION_FAILED'],
    ['JSON null', JSON_TYPE, 'null', 400, 'VALIDATION_FAILED'],
    ['a JSON string', JSON_TYPE, '"a@example.test"', 400, 'VALIDATION_FAILED'],
  ];
  // A bodiless POST is how one goes live without a title, and Fastify hands a missing body to the
  // schema as null: whether an explicit JSON null there is refused is the server's choice.
  const table = JSON_ROUTES.flatMap((route) =>
    kinds.map(([what, contentType, body, status, code]) => ({ route, what, contentType, body, status, code })),
  ).filter(({ route, what }) => !(route.endsWith('/streams') && what === 'JSON null'));

  it.each(table)('refuses $what on $route with $status $code', async ({ route, body, contentType, status, code }) => {
    expectError(await sendWithoutWrites(server, target(route, { body, contentType })), status, code);
  });

  it.each(JSON_ROUTES.filter((route) => !route.endsWith('/streams')))('refuses a request without any body on %s', async (route) => {
    expectValidation(await sendWithoutWrites(server, target(route)), ['body']);
  });

  it('refuses a body over 64 KiB that arrives without a content-length', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ email: NEW_EMAIL, password: PASSWORD, displayName: chars(70_000) }));
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 16 * 1024) controller.enqueue(bytes.slice(at, at + 16 * 1024));
        controller.close();
      },
    });
    const before = await server.app.sql`select count(*)::int as n from users`;
    const response = await fetch(`${server.url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    const text = await response.text();
    expectError(
      { status: response.status, contentType: response.headers.get('content-type'), text, body: JSON.parse(text) },
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expect(await server.app.sql`select count(*)::int as n from users`).toEqual(before);
  });
});

type BodyCase = [what: string, json: unknown, paths: string[], mentions?: string];

const registerBody = { email: NEW_EMAIL, password: PASSWORD, displayName: 'Asha' };
const { email: _email, ...registerWithoutEmail } = registerBody;
const { password: _password, ...registerWithoutPassword } = registerBody;
const { displayName: _displayName, ...registerWithoutName } = registerBody;

const emailOnlyCases: BodyCase[] = [
  ['no email', {}, ['body.email']],
  ['a number for the email', { email: 42 }, ['body.email']],
  ['an array for the email', { email: [NEW_EMAIL] }, ['body.email']],
  ['an object for the email', { email: { address: NEW_EMAIL } }, ['body.email']],
  ['an email that is not an address', { email: 'not-an-address' }, ['body.email']],
  ['a 255-character email', { email: emailOfLength(255) }, ['body.email']],
  ['an unknown field', { email: NEW_EMAIL, password: PASSWORD }, ['body'], 'password'],
];

const refreshTokenCases: BodyCase[] = [
  ['no refresh token', {}, ['body.refreshToken']],
  ['a number for the refresh token', { refreshToken: 1234567890123456 }, ['body.refreshToken']],
  ['an array for the refresh token', { refreshToken: [TOKEN] }, ['body.refreshToken']],
  ['a 15-character refresh token', { refreshToken: chars(15) }, ['body.refreshToken']],
  ['a 513-character refresh token', { refreshToken: chars(513) }, ['body.refreshToken']],
  ['an unknown field', { refreshToken: TOKEN, accessToken: TOKEN }, ['body'], 'accessToken'],
];

/** A valid theme with some colours replaced. */
const theme = (colours: Record<string, string>) => ({
  primaryColor: '#000000',
  backgroundColor: '#ffffff',
  textColor: '#000000',
  ...colours,
});
/** A valid new channel with some fields replaced. */
const newChannel = (fields: object) => ({ slug: NEW_SLUG, displayName: 'Fresh', ...fields });

/** Field rules that creating and changing a channel share: the body is merged onto a valid one. */
const channelFieldCases: BodyCase[] = [
  ['a 65-character display name', { displayName: chars(65) }, ['body.displayName']],
  ['a display name of 65 emoji', { displayName: emoji(65) }, ['body.displayName']],
  ['a blank display name', { displayName: '   ' }, ['body.displayName']],
  ['a number for the display name', { displayName: 42 }, ['body.displayName']],
  ['a NUL character in the display name', { displayName: 'Asha\u0000' }, ['body.displayName']],
  ['a 501-character description', { description: chars(501) }, ['body.description']],
  ['a description of 501 emoji', { description: emoji(501) }, ['body.description']],
  ['an array for the description', { description: ['about me'] }, ['body.description']],
  ['a NUL character in the description', { description: 'about\u0000me' }, ['body.description']],
  ['a javascript: avatar URL', { avatarUrl: 'javascript:alert(1)' }, ['body.avatarUrl']],
  ['a data: avatar URL', { avatarUrl: 'data:image/png;base64,AAAA' }, ['body.avatarUrl']],
  ['an ftp: avatar URL', { avatarUrl: 'ftp://example.test/a.png' }, ['body.avatarUrl']],
  ['an avatar URL that is not a URL', { avatarUrl: 'my face' }, ['body.avatarUrl']],
  ['a 2049-character avatar URL', { avatarUrl: `https://example.test/${chars(2049 - 21)}` }, ['body.avatarUrl']],
  ['an unknown currency', { currency: 'XYZ' }, ['body.currency']],
  ['a lowercase currency', { currency: 'usd' }, ['body.currency']],
  ['a number for the currency', { currency: 840 }, ['body.currency']],
  ['a string minTip', { minTip: '1000' }, ['body.minTip']],
  ['a fractional minTip', { minTip: 10.5 }, ['body.minTip']],
  ['a zero minTip', { minTip: 0 }, ['body.minTip']],
  ['a negative minTip', { minTip: -100 }, ['body.minTip']],
  ['a minTip over 10^12', { minTip: 1_000_000_000_001 }, ['body.minTip']],
  ['a string maxTip', { maxTip: '50000' }, ['body.maxTip']],
  ['a fractional maxTip', { maxTip: 99.99 }, ['body.maxTip']],
  ['an array for maxTip', { maxTip: [50_000] }, ['body.maxTip']],
  ['no tip presets', { tipPresets: [] }, ['body.tipPresets']],
  ['seven tip presets', { tipPresets: [1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000] }, ['body.tipPresets']],
  ['a string for the tip presets', { tipPresets: '1000,2000' }, ['body.tipPresets']],
  ['a fractional tip preset', { tipPresets: [1_000, 2_000.5] }, ['body.tipPresets.1']],
  ['a string tip preset', { tipPresets: ['2000'] }, ['body.tipPresets.0']],
  ['a string for the theme', { theme: 'dark' }, ['body.theme']],
  ['a theme missing colours', { theme: { primaryColor: '#000000' } }, ['body.theme.backgroundColor', 'body.theme.textColor']],
  ['a named theme colour', { theme: theme({ primaryColor: 'red' }) }, ['body.theme.primaryColor']],
  ['a three-digit theme colour', { theme: theme({ backgroundColor: '#fff' }) }, ['body.theme.backgroundColor']],
  ['a theme colour that is not hex', { theme: theme({ textColor: '#GGGGGG' }) }, ['body.theme.textColor']],
  ['CSS in a theme colour', { theme: theme({ primaryColor: 'url(javascript:alert(1))' }) }, ['body.theme.primaryColor']],
  ['an unknown theme key', { theme: theme({ font: 'Comic Sans' }) }, ['body.theme'], 'font'],
];

const bodyCases: Record<string, BodyCase[]> = {
  'POST /api/v1/auth/register': [
    ['no email', registerWithoutEmail, ['body.email']],
    ['no password', registerWithoutPassword, ['body.password']],
    ['no display name', registerWithoutName, ['body.displayName']],
    ['an empty object', {}, ['body.email', 'body.password', 'body.displayName']],
    ['a number for the email', { ...registerBody, email: 42 }, ['body.email']],
    ['a number for the password', { ...registerBody, password: 12345678901234 }, ['body.password']],
    ['an array for the password', { ...registerBody, password: [PASSWORD] }, ['body.password']],
    ['an object for the display name', { ...registerBody, displayName: { first: 'Asha' } }, ['body.displayName']],
    ['an email that is not an address', { ...registerBody, email: 'not-an-address' }, ['body.email']],
    ['a 255-character email', { ...registerBody, email: emailOfLength(255) }, ['body.email']],
    ['a 9-character password', { ...registerBody, password: chars(9) }, ['body.password']],
    ['a 129-character password', { ...registerBody, password: chars(129) }, ['body.password']],
    ['a 65-character display name', { ...registerBody, displayName: chars(65) }, ['body.displayName']],
    ['a display name of 65 emoji', { ...registerBody, displayName: emoji(65) }, ['body.displayName']],
    ['a blank display name', { ...registerBody, displayName: '   ' }, ['body.displayName']],
    ['a NUL character in the display name', { ...registerBody, displayName: 'Asha\u0000' }, ['body.displayName']],
    ['an unknown field', { ...registerBody, role: 'admin' }, ['body'], 'role'],
    ['an emailVerified flag', { ...registerBody, emailVerified: true }, ['body'], 'emailVerified'],
  ],
  'POST /api/v1/auth/resend-email': emailOnlyCases,
  'POST /api/v1/auth/forgot-password': emailOnlyCases,
  'POST /api/v1/auth/login': [
    ['no email', { password: PASSWORD }, ['body.email']],
    ['no password', { email: NEW_EMAIL }, ['body.password']],
    ['an empty password', { email: NEW_EMAIL, password: '' }, ['body.password']],
    ['a 129-character password', { email: NEW_EMAIL, password: chars(129) }, ['body.password']],
    ['a number for the email', { email: 42, password: PASSWORD }, ['body.email']],
    ['an object for the password', { email: NEW_EMAIL, password: { value: PASSWORD } }, ['body.password']],
    ['an unknown field', { email: NEW_EMAIL, password: PASSWORD, rememberMe: true }, ['body'], 'rememberMe'],
  ],
  'POST /api/v1/auth/refresh': refreshTokenCases,
  'POST /api/v1/auth/logout': refreshTokenCases,
  'POST /api/v1/auth/reset-password': [
    ['no token', { password: PASSWORD }, ['body.token']],
    ['no password', { token: TOKEN }, ['body.password']],
    ['a number for the token', { token: 1234567890123456, password: PASSWORD }, ['body.token']],
    ['a 15-character token', { token: chars(15), password: PASSWORD }, ['body.token']],
    ['a 9-character password', { token: TOKEN, password: chars(9) }, ['body.password']],
    ['a 129-character password', { token: TOKEN, password: chars(129) }, ['body.password']],
    ['an unknown field', { token: TOKEN, password: PASSWORD, email: NEW_EMAIL }, ['body'], 'email'],
  ],
  'PUT /api/v1/user': [
    ['an empty object', {}, ['body'], 'at least one'],
    ['a 65-character display name', { displayName: chars(65) }, ['body.displayName']],
    ['a display name of 65 emoji', { displayName: emoji(65) }, ['body.displayName']],
    ['a blank display name', { displayName: '  ' }, ['body.displayName']],
    ['a number for the display name', { displayName: 42 }, ['body.displayName']],
    ['an array for the display name', { displayName: ['Asha'] }, ['body.displayName']],
    ['a NUL character in the display name', { displayName: 'Asha\u0000' }, ['body.displayName']],
    ['an email that is not an address', { email: 'not-an-address' }, ['body.email']],
    ['a 255-character email', { email: emailOfLength(255) }, ['body.email']],
    ['a number for the email', { email: 42 }, ['body.email']],
    ['a role', { displayName: 'Asha', role: 'admin' }, ['body'], 'role'],
    ['an emailVerified flag', { emailVerified: true }, ['body'], 'emailVerified'],
    ['a password', { password: 'a whole new passphrase' }, ['body'], 'password'],
  ],
  'PUT /api/v1/user/reset-password': [
    ['no current password', { newPassword: 'a whole new passphrase' }, ['body.currentPassword']],
    ['no new password', { currentPassword: PASSWORD }, ['body.newPassword']],
    ['an empty object', {}, ['body.currentPassword', 'body.newPassword']],
    ['an empty current password', { currentPassword: '', newPassword: 'a whole new passphrase' }, ['body.currentPassword']],
    ['a 129-character current password', { currentPassword: chars(129), newPassword: 'a whole new passphrase' }, ['body.currentPassword']],
    ['a 9-character new password', { currentPassword: PASSWORD, newPassword: chars(9) }, ['body.newPassword']],
    ['a 129-character new password', { currentPassword: PASSWORD, newPassword: chars(129) }, ['body.newPassword']],
    ['a number for the new password', { currentPassword: PASSWORD, newPassword: 12345678901234 }, ['body.newPassword']],
    ['an unknown field', { currentPassword: PASSWORD, newPassword: 'a whole new passphrase', confirm: 'x' }, ['body'], 'confirm'],
  ],
  'DELETE /api/v1/user/restrict-account': [
    ['no password', {}, ['body.password']],
    ['an empty password', { password: '' }, ['body.password']],
    ['a 129-character password', { password: chars(129) }, ['body.password']],
    ['a number for the password', { password: 12345678901234 }, ['body.password']],
    ['an unknown field', { password: PASSWORD, reason: 'bye' }, ['body'], 'reason'],
  ],
  'POST /api/v1/channels': [
    ['no slug', { displayName: 'Fresh' }, ['body.slug']],
    ['no display name', { slug: NEW_SLUG }, ['body.displayName']],
    ['an empty object', {}, ['body.slug', 'body.displayName']],
    ['a number for the slug', { slug: 12345, displayName: 'Fresh' }, ['body.slug']],
    ['an array for the slug', { slug: [NEW_SLUG], displayName: 'Fresh' }, ['body.slug']],
    ['the reserved slug admin', newChannel({ slug: 'admin' }), ['body.slug'], 'reserved'],
    ['the reserved slug api', newChannel({ slug: 'api' }), ['body.slug'], 'reserved'],
    ['an uppercase slug', newChannel({ slug: `Fresh-${tag}` }), ['body.slug']],
    ['a 2-character slug', newChannel({ slug: 'ab' }), ['body.slug']],
    ['a 33-character slug', newChannel({ slug: `a${tag}${chars(32 - tag.length)}` }), ['body.slug']],
    ['a slug with a leading hyphen', newChannel({ slug: `-${NEW_SLUG}` }), ['body.slug']],
    ['a slug with a trailing hyphen', newChannel({ slug: `${NEW_SLUG}-` }), ['body.slug']],
    ['a slug with a space', newChannel({ slug: `fresh ${tag}` }), ['body.slug']],
    ['a slug with a path separator', newChannel({ slug: `fresh/${tag}` }), ['body.slug']],
    ['a slug with an accent', newChannel({ slug: `café-${tag}` }), ['body.slug']],
    ...channelFieldCases.map(([what, json, paths, mentions]): BodyCase => [what, newChannel(json as object), paths, mentions]),
    ['an owner id', newChannel({ ownerId: randomUUID() }), ['body'], 'ownerId'],
    ['a live flag', newChannel({ live: true }), ['body'], 'live'],
    ['minTip above maxTip', newChannel({ minTip: 5_000, maxTip: 4_000, tipPresets: [4_500] }), ['body.maxTip']],
    ['a tip preset below minTip', newChannel({ minTip: 1_000, maxTip: 10_000, tipPresets: [500, 2_000] }), ['body.tipPresets.0']],
    ['a tip preset above maxTip', newChannel({ minTip: 1_000, maxTip: 10_000, tipPresets: [2_000, 20_000] }), ['body.tipPresets.1']],
    ['tip presets outside the currency defaults', newChannel({ currency: 'USD', tipPresets: [50, 200] }), ['body.tipPresets.0']],
    ['a maxTip below the currency default minTip', newChannel({ currency: 'KRW', maxTip: 500 }), ['body.maxTip']],
    ['repeated tip presets', newChannel({ tipPresets: [5_000, 5_000] }), ['body.tipPresets'], 'differ'],
  ],
  'POST /api/v1/channels/:mine/streams': [
    ['a 141-character title', { title: chars(141) }, ['body.title']],
    ['a title of 141 emoji', { title: emoji(141) }, ['body.title']],
    ['an empty title', { title: '' }, ['body.title']],
    ['a blank title', { title: '   ' }, ['body.title']],
    ['a number for the title', { title: 42 }, ['body.title']],
    ['an array for the title', { title: ['Live'] }, ['body.title']],
    ['a NUL character in the title', { title: 'Live\u0000' }, ['body.title']],
    ['an unknown field', { title: 'Live', channelId: randomUUID() }, ['body'], 'channelId'],
  ],
};

describe('request bodies that break the field rules', () => {
  const table = Object.entries(bodyCases).flatMap(([route, cases]) =>
    cases.map(([what, json, paths, mentions]) => ({ route, what, json, paths, mentions })),
  );

  it.each(table)('refuses $route with $what', async ({ route, json, paths, mentions }) => {
    expectValidation(await sendWithoutWrites(server, target(route, { json })), paths, mentions);
  });
});

describe('channel changes that break the field rules', () => {
  /** Relative to the stored channel: INR, minTip 1 000, maxTip 10 000 000, presets 5 000 / 10 000 / 50 000 / 100 000. */
  const storedRuleCases: BodyCase[] = [
    ['an empty object', {}, ['body'], 'at least one'],
    ['a slug', { slug: `renamed-${tag}` }, ['body'], 'slug'],
    ['an owner id', { ownerId: randomUUID() }, ['body'], 'ownerId'],
    ['a minTip above the stored maxTip', { minTip: 20_000_000 }, ['body.maxTip']],
    ['a maxTip below the stored presets', { maxTip: 20_000 }, ['body.tipPresets.2', 'body.tipPresets.3']],
    ['a tip preset below the stored minTip', { tipPresets: [500] }, ['body.tipPresets.0']],
    ['a new currency with presets above its default maxTip', { currency: 'USD', tipPresets: [100_000] }, ['body.tipPresets.0']],
    ['repeated tip presets', { tipPresets: [5_000, 5_000] }, ['body.tipPresets'], 'differ'],
  ];
  const table = [...storedRuleCases, ...channelFieldCases].map(([what, json, paths, mentions]) => ({ what, json, paths, mentions }));

  it.each(table)('refuses a channel change with $what, leaving the row as it was', async ({ json, paths, mentions }) => {
    const before = await channelRow(owner.slug);
    expectValidation(await sendWithoutWrites(server, target('PATCH /api/v1/channels/:mine', { json })), paths, mentions);
    expect(await channelRow(owner.slug)).toEqual(before);
  });
});

describe('query and path parameters', () => {
  const queryCases: [route: string, what: string, query: string, paths: string[], mentions?: string][] = [
    ['GET /api/v1/auth/verify', 'no token', '', ['querystring.token']],
    ['GET /api/v1/auth/verify', 'a 15-character token', `?token=${chars(15)}`, ['querystring.token']],
    ['GET /api/v1/auth/verify', 'a 513-character token', `?token=${chars(513)}`, ['querystring.token']],
    ['GET /api/v1/auth/verify', 'the token twice', `?token=${TOKEN}&token=${TOKEN}`, ['querystring.token']],
    ['GET /api/v1/auth/verify', 'an unknown parameter', `?token=${TOKEN}&admin=1`, ['querystring'], 'admin'],
    ['GET /api/v1/channels/:mine/streams', 'limit=0', '?limit=0', ['querystring.limit']],
    ['GET /api/v1/channels/:mine/streams', 'limit=-1', '?limit=-1', ['querystring.limit']],
    ['GET /api/v1/channels/:mine/streams', 'limit=abc', '?limit=abc', ['querystring.limit']],
    ['GET /api/v1/channels/:mine/streams', 'limit=1000', '?limit=1000', ['querystring.limit']],
    ['GET /api/v1/channels/:mine/streams', 'limit=101', '?limit=101', ['querystring.limit']],
    ['GET /api/v1/channels/:mine/streams', 'limit=1.5', '?limit=1.5', ['querystring.limit']],
    ['GET /api/v1/channels/:mine/streams', 'an empty limit', '?limit=', ['querystring.limit']],
    ['GET /api/v1/channels/:mine/streams', 'the limit twice', '?limit=1&limit=2', ['querystring.limit']],
    ['GET /api/v1/channels/:mine/streams', 'an unknown parameter', '?offset=10', ['querystring'], 'offset'],
    ['GET /api/v1/dev/outbox', 'a 255-character recipient', `?to=${emailOfLength(255)}`, ['querystring.to']],
    ['GET /api/v1/dev/outbox', 'the recipient twice', `?to=${NEW_EMAIL}&to=${NEW_EMAIL}`, ['querystring.to']],
    ['GET /api/v1/dev/outbox', 'an unknown parameter', '?from=me', ['querystring'], 'from'],
  ];

  it.each(queryCases)('refuses %s with %s', async (route, _what, query, paths, mentions) => {
    const request = target(route);
    expectValidation(await sendWithoutWrites(server, { ...request, path: `${request.path}${query}` }), paths, mentions);
  });

  const longSlug = `a${chars(64)}`;
  const pathCases: [what: string, route: string, paths: string[], json?: unknown][] = [
    ['a stream id that is not a UUID', 'DELETE /api/v1/streams/not-a-uuid', ['params.id']],
    ['a numeric stream id', 'DELETE /api/v1/streams/12345', ['params.id']],
    ['a stream id with a suffix', 'DELETE /api/v1/streams/:myStream-0', ['params.id']],
    ['a 65-character slug to read', `GET /api/v1/channels/${longSlug}`, ['params.slug']],
    ['a 65-character slug to change', `PATCH /api/v1/channels/${longSlug}`, ['params.slug'], { displayName: 'X' }],
    ['a 65-character slug to go live on', `POST /api/v1/channels/${longSlug}/streams`, ['params.slug'], {}],
    ['a 65-character slug to list streams of', `GET /api/v1/channels/${longSlug}/streams`, ['params.slug']],
  ];

  it.each(pathCases)('refuses %s', async (_what, route, paths, json) => {
    expectValidation(await sendWithoutWrites(server, target(route, json === undefined ? {} : { json })), paths);
  });

  const oddPaths: [what: string, path: string][] = [
    ['a slug over the router limit of 100 characters', `/api/v1/channels/${chars(101)}`],
    ['a broken percent-encoding', '/api/v1/channels/%E0%A4%A'],
    ['a NUL character in the slug', '/api/v1/channels/a%00b'],
  ];

  it.each(oddPaths)('answers a path with %s with a 400 or 404 in the standard shape', async (_what, path) => {
    const response = await sendWithoutWrites(server, { method: 'GET', path });
    expect([400, 404], response.text).toContain(response.status);
    expectStandardShape(response);
  });
});

describe('credentials on signed-in routes', () => {
  /** Well-formed requests: only the credentials are wrong, and each would change something if accepted. */
  const guarded: [route: string, json?: unknown][] = [
    ['GET /api/v1/user'],
    ['PUT /api/v1/user', { displayName: 'Intruder' }],
    ['PUT /api/v1/user/reset-password', { currentPassword: PASSWORD, newPassword: 'an intruder passphrase' }],
    ['DELETE /api/v1/user/restrict-account', { password: PASSWORD }],
    ['POST /api/v1/channels', { slug: `intruder-${tag}`, displayName: 'Intruder' }],
    ['GET /api/v1/user/channels'],
    ['PATCH /api/v1/channels/:mine', { displayName: 'Intruder' }],
    ['POST /api/v1/channels/:mine/streams', { title: 'Intruder' }],
    ['DELETE /api/v1/streams/:myStream'],
  ];
  /** Built from the token the route would accept. */
  const credentials: [what: string, header: (genuine: string) => Promise<string | undefined>, code: ErrorCode][] = [
    ['no Authorization header', async () => undefined, 'UNAUTHENTICATED'],
    ['"Bearer garbage"', async () => 'Bearer garbage', 'TOKEN_INVALID'],
    ['"Basic abc"', async () => 'Basic abc', 'TOKEN_INVALID'],
    ['a bare "Bearer"', async () => 'Bearer', 'TOKEN_INVALID'],
    ['a token followed by more text', async (genuine) => `Bearer ${genuine} ${genuine}`, 'TOKEN_INVALID'],
    ['a token with a tampered payload', async (genuine) => `Bearer ${(await forgedTokens(genuine)).tampered}`, 'TOKEN_INVALID'],
    ['a token signed with another secret', async (genuine) => `Bearer ${(await forgedTokens(genuine)).foreignKey}`, 'TOKEN_INVALID'],
    ['an unsigned alg:none token', async (genuine) => `Bearer ${(await forgedTokens(genuine)).unsigned}`, 'TOKEN_INVALID'],
  ];
  const table = guarded.flatMap(([route, json]) => credentials.map(([what, header, code]) => ({ route, json, what, header, code })));

  it.each(table)('refuses $route with $what as $code', async ({ route, json, header, code }) => {
    const request = target(route, json === undefined ? {} : { json });
    const { token, ...anonymous } = request;
    const authorization = await header(token ?? '');
    const response = await sendWithoutWrites(server, { ...anonymous, ...(authorization === undefined ? {} : { authorization }) });
    expectError(response, 401, code);
  });
});

describe('other people’s things and missing ones', () => {
  const tokens = {
    owner: () => owner.token,
    creator: () => creatorToken,
    unverified: () => unverifiedToken,
    anonymous: () => undefined,
  };
  const nobody = `nobody-${tag}`;
  const fresh = (prefix: string) => ({ slug: `${prefix}-${tag}`, displayName: 'Fresh' });
  type Attempt = [what: string, as: keyof typeof tokens, status: number, code: ErrorCode, call: (sdk: TipchatClient) => Promise<unknown>];
  /** Well-formed calls through the SDK; the recorded raw answer is checked for the shape. */
  const cases: Attempt[] = [
    ['changing someone else’s channel', 'owner', 403, 'FORBIDDEN', (sdk) => sdk.channels.update(other.slug, { displayName: 'Hijacked' })],
    ['going live on someone else’s channel', 'owner', 403, 'FORBIDDEN', (sdk) => sdk.streams.start(other.slug, { title: 'Hijacked' })],
    ['ending someone else’s stream', 'owner', 404, 'NOT_FOUND', (sdk) => sdk.streams.end(other.stream.id)],
    ['ending a stream that does not exist', 'owner', 404, 'NOT_FOUND', (sdk) => sdk.streams.end(randomUUID())],
    ['changing a channel that does not exist', 'owner', 404, 'NOT_FOUND', (sdk) => sdk.channels.update(nobody, { displayName: 'Ghost' })],
    ['going live on a channel that does not exist', 'owner', 404, 'NOT_FOUND', (sdk) => sdk.streams.start(nobody)],
    ['reading a channel that does not exist', 'anonymous', 404, 'NOT_FOUND', (sdk) => sdk.channels.get(nobody)],
    ['listing streams of a channel that does not exist', 'anonymous', 404, 'NOT_FOUND', (sdk) => sdk.streams.list(nobody)],
    ['a channel from an unverified account', 'unverified', 403, 'EMAIL_NOT_VERIFIED', (sdk) => sdk.channels.create(fresh('early'))],
    ['a second channel for one account', 'owner', 409, 'CHANNEL_ALREADY_EXISTS', (sdk) => sdk.channels.create(fresh('again'))],
    ['a taken slug', 'creator', 409, 'CHANNEL_SLUG_TAKEN', (sdk) => sdk.channels.create({ ...fresh('x'), slug: other.slug })],
  ];

  it.each(cases)('refuses %s', async (what, as, status, code, call) => {
    const { client, last } = recordingClient(server, tokens[as]());
    const theirs = await channelRow(other.slug);
    const error = await attemptWithoutWrites(server, what, () => call(client));
    expect(error).toMatchObject({ status, code });
    expectError(last(), status, code);
    expect(await channelRow(other.slug)).toEqual(theirs);
  });
});

describe('routes and methods that do not exist', () => {
  const unknown: [route: string, statuses: number[]][] = [
    ['GET /api/v1/nope', [404]],
    ['GET /api/v1', [404]],
    ['GET /api/v2/user', [404]],
    ['GET /api/v1/streams', [404]],
    ['POST /api/v1/channels/:mine/unknown', [404]],
    ['DELETE /api/v1/auth/login', [404, 405]],
    ['GET /api/v1/auth/register', [404, 405]],
    ['PUT /api/v1/channels', [404, 405]],
    ['POST /api/v1/user', [404, 405]],
    ['DELETE /api/v1/channels/:mine', [404, 405]],
    ['GET /api/v1/streams/:myStream', [404, 405]],
    ['PATCH /api/v1/streams/:myStream', [404, 405]],
    ['POST /api/v1/dev/outbox', [404, 405]],
  ];

  it.each(unknown)('answers %s with a 4xx in the standard shape', async (route, statuses) => {
    const response = await sendWithoutWrites(server, target(route));
    expect(statuses, response.text).toContain(response.status);
    expectStandardShape(response);
    const code = (response.body as { error: { code: ErrorCode } }).error.code;
    expect(ERROR_CODES[code]).toBe(response.status);
  });
});

describe('input at the limits is accepted', () => {
  function expectOk(response: RawResponse, status: number) {
    expect(response.status, response.text).toBe(status);
  }

  it('signs up with a display name of 64 emoji, a 254-character email and a 128-character password', async () => {
    const email = emailOfLength(254);
    const response = await send(server, {
      method: 'POST',
      path: '/api/v1/auth/register',
      json: { email, password: chars(128), displayName: emoji(64) },
    });
    expectOk(response, 202);
    const [row] = await server.app.sql`select char_length(display_name)::int as length from users where email = ${email}`;
    expect(row?.length).toBe(64);
  });

  it('creates a channel, names the account and goes live at every length limit, counted in characters', async () => {
    const { session } = await signUpVerified(server.client());
    const token = session.accessToken;
    const slug = `l${tag}${chars(31 - tag.length)}`;
    expectOk(await send(server, { method: 'PUT', path: '/api/v1/user', token, json: { displayName: emoji(64) } }), 200);
    const created = await send(server, {
      method: 'POST',
      path: '/api/v1/channels',
      token,
      json: {
        slug,
        displayName: emoji(64),
        description: emoji(500),
        avatarUrl: 'https://example.test/a.png',
        minTip: 1,
        maxTip: 1_000_000_000_000,
        tipPresets: [1, 2, 3, 4, 5, 1_000_000_000_000],
      },
    });
    expectOk(created, 201);
    expectOk(await send(server, { method: 'POST', path: `/api/v1/channels/${slug}/streams`, token, json: { title: emoji(140) } }), 201);
    expectOk(await send(server, { method: 'GET', path: `/api/v1/channels/${slug}/streams?limit=1` }), 200);
    expectOk(await send(server, { method: 'GET', path: `/api/v1/channels/${slug}/streams?limit=100` }), 200);
  });

  it('goes live from a POST without a body, as the optional body allows', async () => {
    const client = server.client();
    const { session } = await signUpVerified(client);
    const slug = `bare-${tag}`;
    await client.channels.create({ slug, displayName: 'Bare' });
    const response = await send(server, { method: 'POST', path: `/api/v1/channels/${slug}/streams`, token: session.accessToken });
    expect(response.status, response.text).toBe(201);
  });
});
