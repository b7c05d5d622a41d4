import { AuthenticationError, type ChannelConnection, NotFoundError, type TipchatClient, type TipchatError } from '@tipchat/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signUpVerified } from '../support/accounts';
import { TestClock } from '../support/clock';
import { forgedTokens } from '../support/raw';
import { eventually } from '../support/realtime';
import { startTestServer, type TestServer } from '../support/server';
import { waitForState } from './recorder';

const SLUG = 'sdk-credentials';
let server: TestServer;
let owner: TipchatClient;
let ownerToken: string;
const open: ChannelConnection[] = [];

beforeAll(async () => {
  server = await startTestServer({ RELAY_SWEEP_MS: '100' });
  owner = server.client();
  ownerToken = (await signUpVerified(owner)).session.accessToken;
  await owner.channels.create({ slug: SLUG, displayName: 'Credentials' });
});
afterEach(() => {
  for (const connection of open.splice(0)) connection.close();
});
afterAll(() => server.close());

function connection(client: TipchatClient, options?: Parameters<TipchatClient['realtime']>[1], slug = SLUG): ChannelConnection {
  const made = client.realtime(slug, options);
  open.push(made);
  return made;
}

async function refusal(conn: ChannelConnection): Promise<TipchatError> {
  const error = await conn.connect().then(
    () => {
      throw new Error('connected, but should have been refused');
    },
    (e: TipchatError) => e,
  );
  expect(conn.state).toBe('disconnected');
  return error;
}

describe('realtime handshakes through the SDK', () => {
  it('refuses forged access tokens with a typed TOKEN_INVALID error', async () => {
    const forged = await forgedTokens(ownerToken);
    for (const token of [forged.tampered, forged.foreignKey, forged.unsigned, 'tcg_not-a-guest', 'tco_not-an-overlay', 'tck_not-a-key']) {
      const error = await refusal(connection(server.client(), { token }));
      expect(error, token).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ code: 'TOKEN_INVALID', status: 401 });
    }
  });

  it('refuses an unknown channel with NOT_FOUND', async () => {
    const error = await refusal(connection(server.client(), {}, 'no-such-channel'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('admits an overlay key as a staff connection, and drops it on reconnect once the key is rotated', async () => {
    const key = await owner.keys.rotateOverlayKey(SLUG);
    const overlay = connection(server.client(), { token: key, socketOptions: { reconnectionDelay: 20, reconnectionDelayMax: 50 } });
    const errors: TipchatError[] = [];
    overlay.onError((error) => errors.push(error));
    expect((await overlay.connect()).role).toBe('overlay');

    await owner.keys.rotateOverlayKey(SLUG);
    overlay.socket.io.engine.close();
    await waitForState(overlay, 'disconnected');
    expect(errors.map((e) => [e.constructor, e.code])).toEqual([[AuthenticationError, 'TOKEN_INVALID']]);
  });

  it('admits an API key as an `api` connection until it is revoked', async () => {
    const created = await owner.keys.createApiKey(SLUG, { name: 'bot', scopes: ['events:read'] });
    expect(created.key).toMatch(/^tck_/);
    expect((await owner.keys.listApiKeys(SLUG)).map((k) => k.id)).toContain(created.apiKey.id);
    const bot = connection(server.client(), { token: created.key });
    expect((await bot.connect()).role).toBe('api');
    bot.close();

    await owner.keys.revokeApiKey(SLUG, created.apiKey.id);
    expect((await owner.keys.listApiKeys(SLUG)).map((k) => k.id)).not.toContain(created.apiKey.id);
    expect(await refusal(connection(server.client(), { token: created.key }))).toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('takes a token from a function at every handshake, so a changed credential is used on reconnect', async () => {
    let token: string | undefined;
    const conn = connection(server.client(), { token: () => token });
    expect((await conn.connect()).role).toBe('anonymous');
    token = ownerToken;
    expect((await conn.reauthenticate()).role).toBe('streamer');
    expect(conn.ready?.role).toBe('streamer');
  });
});

describe('an account whose access token expires', () => {
  let shortLived: TestServer;
  const clock = new TestClock();
  beforeAll(async () => {
    // Five minutes: a renewed token outlives the reconnect and the retried send however loaded the machine; the
    // server's clock moves past it.
    shortLived = await startTestServer({ ACCESS_TOKEN_TTL: '300' }, undefined, { clock: clock.now });
  });
  afterAll(() => shortLived.close());

  it('renews the session with its refresh token and connects with the new access token', async () => {
    const client = shortLived.client();
    const { session } = await signUpVerified(client);
    await client.channels.create({ slug: 'short-lived', displayName: 'Short-lived' });
    // The access token expires (the server refuses it from then on).
    clock.advance(301_000);

    const conn = client.realtime('short-lived');
    open.push(conn);
    expect((await conn.connect()).role).toBe('streamer');
    expect(client.tokens?.accessToken).not.toBe(session.accessToken);
    expect(client.tokens?.refreshToken).not.toBe(session.refreshToken);
    await eventually(() => expect(conn.state).toBe('connected'));
  });

  it('renews the session when a chat send over an open socket meets the expired token, and sends once', async () => {
    const client = shortLived.client();
    const { session } = await signUpVerified(client);
    await client.channels.create({ slug: 'short-lived-chat', displayName: 'Short-lived chat' });
    await client.chat.join('short-lived-chat');
    const conn = client.realtime('short-lived-chat');
    open.push(conn);
    await conn.connect();
    clock.advance(301_000);

    const message = await conn.chat.send('still here');
    expect(message.author.role).toBe('streamer');
    expect(client.tokens?.accessToken).not.toBe(session.accessToken);
    expect((await client.chat.history('short-lived-chat')).messages.map((m) => m.text)).toEqual(['still here']);
    expect(conn.state).toBe('connected');
  });
});
