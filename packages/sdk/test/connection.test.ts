import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type ConnectionState, createClient, NetworkError, type TipchatError } from '../src/index';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A port that accepts TCP connections and never answers, so a handshake stays pending. */
async function silentPort(): Promise<number> {
  const server = createServer(() => {});
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

describe('a realtime connection without a server to talk to', () => {
  it('rejects connect() with NetworkError when the first attempt cannot reach the server, and stops trying', async () => {
    const conn = createClient({ baseUrl: `http://127.0.0.1:${await closedPort()}` }).realtime('any');
    const states: ConnectionState[] = [];
    conn.onState((state) => states.push(state));
    const error = await conn.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
    expect(states).toEqual(['connecting', 'disconnected']);
    expect(conn.socket.active).toBe(false);
    expect(conn.lastSeq).toBeUndefined();
  });

  it('rejects a pending connect() with CONNECTION_CLOSED when closed first', async () => {
    const conn = createClient({ baseUrl: `http://127.0.0.1:${await silentPort()}` }).realtime('any');
    const pending = conn.connect();
    expect(conn.connect()).toBe(pending);
    conn.close();
    const error = (await pending.catch((e: unknown) => e)) as TipchatError;
    expect(error).toMatchObject({ code: 'CONNECTION_CLOSED', status: 0 });
    expect(conn.state).toBe('disconnected');
  });

  it('refuses chat.send before connect() without queueing it', async () => {
    const conn = createClient({ baseUrl: 'http://127.0.0.1:1' }).realtime('any');
    await expect(conn.chat.send('hello')).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(conn.socket.sendBuffer).toEqual([]);
  });

  it('starts at the given sequence', () => {
    expect(createClient({ baseUrl: 'http://127.0.0.1:1' }).realtime('any', { after: 41 }).lastSeq).toBe(41);
  });

  it('opens socket.io under the base URL path prefix, with the channel in the handshake', async () => {
    const conn = createClient({ baseUrl: 'https://tips.example.test/tipchat/' }).realtime('my-channel', { token: 'tco_key' });
    expect(conn.socket.io.opts.path).toBe('/tipchat/socket.io/');
    const auth = conn.socket.auth;
    expect(typeof auth).toBe('function');
    const sent = await new Promise((resolve) => (auth as (send: (data: object) => void) => void)(resolve));
    expect(sent).toEqual({ channel: 'my-channel', token: 'tco_key' });
  });
});
