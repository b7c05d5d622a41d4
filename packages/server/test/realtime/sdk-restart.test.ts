import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpVerified } from '../support/accounts';
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from '../support/database';
import { eventually } from '../support/realtime';
import { startTestServer } from '../support/server';
import { handshakeGate, range, record, waitForState } from './recorder';

/** One stable address in front of whichever server runs now, as a load balancer would be. */
async function frontDoor() {
  let target = 0;
  const proxy = createServer((client) => {
    const upstream = tcpConnect(target, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    pointAt(url: string) {
      target = Number(new URL(url).port);
    },
    close: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  };
}

describe('a realtime connection across a server restart', () => {
  let database: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tipchat-sdk-restart-'));
    database = postgresAdminUrl ? await createTestDatabase() : { config: { kind: 'embedded', dataDir }, drop: async () => {} };
  });
  afterAll(async () => {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('comes back by itself after the server disconnects it, and receives what happened meanwhile once, in order', async () => {
    const door = await frontDoor();
    const first = await startTestServer({ RELAY_SWEEP_MS: '100' }, database);
    door.pointAt(first.url);
    const owner = first.client();
    const { session } = await signUpVerified(owner);
    await owner.channels.create({ slug: 'restarts', displayName: 'Restarts' });

    const gate = handshakeGate();
    const conn = createClient({ baseUrl: door.url }).realtime('restarts', {
      token: gate.token,
      socketOptions: { reconnectionDelay: 20, reconnectionDelayMax: 100 },
    });
    const got = record(conn);
    const { lastSeq: start } = await conn.connect();
    await owner.channels.update('restarts', { displayName: 'Before the restart' });
    await eventually(() => expect(got.seqs()).toEqual([start + 1]));

    // Shutting down disconnects every socket from the server side ("io server disconnect").
    gate.close();
    await first.close();
    await waitForState(conn, 'reconnecting');

    const second = await startTestServer({ RELAY_SWEEP_MS: '100' }, database);
    try {
      door.pointAt(second.url);
      const again = second.client({ token: session.accessToken, refreshToken: session.refreshToken });
      await again.channels.update('restarts', { displayName: 'After the restart' });
      const stream = await again.streams.start('restarts', { title: 'Back' });
      await again.streams.end(stream.id);
      await gate.held();
      expect(got.seqs()).toEqual([start + 1]);
      gate.release();

      await waitForState(conn, 'connected');
      expect(got.seqs()).toEqual(range(start + 1, start + 4));
      expect(got.types()).toEqual(['channel.updated', 'channel.updated', 'stream.started', 'stream.ended']);
      await again.channels.update('restarts', { displayName: 'Live again' });
      await eventually(() => expect(got.seqs()).toEqual(range(start + 1, start + 5)));
    } finally {
      conn.close();
      await second.close();
      await door.close();
    }
    // Two start-ups of an embedded database in one test: slow on a busy machine.
  }, 120_000);
});
