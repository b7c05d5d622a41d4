import type { ChannelConnection, TipchatClient } from '@tipchat/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signUpVerified } from '../support/accounts';
import { eventually } from '../support/realtime';
import { startTestServer, type TestServer } from '../support/server';
import { expectStrictlyIncreasing, handshakeGate, range, record, waitForState } from './recorder';

const SLUG = 'sdk-resume';
let server: TestServer;
let owner: TipchatClient;
let channelId: string;
let renames = 0;
const open: ChannelConnection[] = [];

beforeAll(async () => {
  server = await startTestServer({ RELAY_SWEEP_MS: '100' });
  owner = server.client();
  await signUpVerified(owner);
  channelId = (await owner.channels.create({ slug: SLUG, displayName: 'Resume' })).id;
});
afterEach(() => {
  for (const connection of open.splice(0)) connection.close();
});
afterAll(() => server.close());

/** A connection that the test closes for us afterwards. */
function connection(client: TipchatClient, options?: Parameters<TipchatClient['realtime']>[1]): ChannelConnection {
  const made = client.realtime(SLUG, options);
  open.push(made);
  return made;
}

/** Three public changes: a rename, a stream that starts and ends. */
async function threeChanges(): Promise<void> {
  await owner.channels.update(SLUG, { displayName: `Resume ${++renames}` });
  const stream = await owner.streams.start(SLUG, { title: `Stream ${renames}` });
  await owner.streams.end(stream.id);
}
const rename = () => owner.channels.update(SLUG, { displayName: `Resume ${++renames}` });
const staffOnly = () =>
  server.app.eventLog.transaction(async (_tx, events) => {
    await events.lock(channelId);
    return events.append(channelId, 'moderation.changed', { action: 'test' }, 'staff');
  });

describe('a realtime connection that goes away and comes back', () => {
  it('resumes after close() and connect(): the events it missed arrive once, in order, before new ones', async () => {
    const witness = connection(server.client());
    const seen = record(witness);
    await witness.connect();
    const conn = connection(server.client());
    const got = record(conn);
    const ready = await conn.connect();
    const start = ready.lastSeq;
    expect(conn.lastSeq).toBe(start);

    await rename();
    await eventually(() => expect(got.seqs()).toEqual([start + 1]));
    conn.close();
    expect(conn.state).toBe('disconnected');

    await threeChanges();
    await eventually(() => expect(seen.seqs()).toEqual(range(start + 1, start + 4)));
    expect(got.seqs()).toEqual([start + 1]);

    // connect() resolves once caught up: the three missed events are already delivered.
    await conn.connect();
    expect(got.seqs()).toEqual(range(start + 1, start + 4));
    expect(got.types()).toEqual(['channel.updated', 'channel.updated', 'stream.started', 'stream.ended']);

    await rename();
    await eventually(() => expect(got.seqs()).toEqual(range(start + 1, start + 5)));
    await eventually(() => expect(seen.events).toEqual(got.events));
    expect(got.states).toEqual(['connecting', 'connected', 'disconnected', 'connecting', 'connected']);
  });

  it('continues an old connection exactly when a new one starts with after: its lastSeq', async () => {
    const old = connection(server.client());
    const before = record(old);
    const { lastSeq: start } = await old.connect();
    await threeChanges();
    await eventually(() => expect(before.seqs()).toEqual(range(start + 1, start + 3)));
    const after = old.lastSeq;
    old.close();

    await threeChanges();
    await rename();
    const resumed = connection(server.client(), { after });
    const later = record(resumed);
    await resumed.connect();
    expect(later.seqs()).toEqual(range(start + 4, start + 7));
    await threeChanges();
    await eventually(() => expect(later.seqs()).toEqual(range(start + 4, start + 10)));
    expect(later.events[0]).not.toHaveProperty('prev');
  });

  it('replays history from after: 0 and then goes on live', async () => {
    await rename();
    const replay = connection(server.client(), { after: 0, pageSize: 2 });
    const got = record(replay);
    const { lastSeq: head } = await replay.connect();
    expect(got.seqs()).toEqual(range(1, head));
    await rename();
    await eventually(() => expect(got.seqs()).toEqual(range(1, head + 1)));
  });

  it('reconnects by itself after the transport drops and delivers what happened while away, once, through the events API', async () => {
    const gaps: string[] = [];
    const client = server.client({
      fetch: (input, init) => {
        const url = new URL(String(input));
        if (url.pathname.endsWith('/events')) gaps.push(url.searchParams.get('after') ?? '');
        return fetch(input, init);
      },
    });
    const gate = handshakeGate();
    const conn = connection(client, { token: gate.token, socketOptions: { reconnectionDelay: 20, reconnectionDelayMax: 50 } });
    const got = record(conn);
    const { lastSeq: start } = await conn.connect();
    await rename();
    await eventually(() => expect(got.seqs()).toEqual([start + 1]));

    // Drop the transport, and hold the reconnect's handshake until the channel has moved on.
    gate.close();
    conn.socket.io.engine.close();
    await waitForState(conn, 'reconnecting');
    await gate.held();
    await threeChanges();
    expect(got.seqs()).toEqual([start + 1]);
    gate.release();

    await waitForState(conn, 'connected');
    expect(got.seqs()).toEqual(range(start + 1, start + 4));
    expect(gaps).toEqual([String(start + 1)]);
    await rename();
    await eventually(() => expect(got.seqs()).toEqual(range(start + 1, start + 5)));
    expect(got.states).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
  });

  it('keeps a viewer to public events: live, and when filling a gap, without mistaking hidden ones for a gap', async () => {
    const streamer = connection(owner);
    const staff = record(streamer);
    const anonymous = connection(server.client());
    const pub = record(anonymous);
    const [{ lastSeq: start, role }] = await Promise.all([anonymous.connect(), streamer.connect()]);
    expect(role).toBe('anonymous');
    expect(streamer.ready?.role).toBe('streamer');

    await staffOnly();
    await rename();
    await staffOnly();
    await rename();
    await eventually(() => expect(staff.seqs()).toEqual(range(start + 1, start + 4)));
    await eventually(() => expect(pub.seqs()).toEqual([start + 2, start + 4]));
    expect(staff.types()).toEqual(['moderation.changed', 'channel.updated', 'moderation.changed', 'channel.updated']);

    anonymous.close();
    await rename();
    await staffOnly();
    await anonymous.connect();
    expect(pub.seqs()).toEqual([start + 2, start + 4, start + 5]);
    // The hidden event at the head counts as seen: nothing is fetched again or mistaken for a gap.
    expect(anonymous.lastSeq).toBe(start + 6);
    await rename();
    await eventually(() => expect(pub.seqs()).toEqual([start + 2, start + 4, start + 5, start + 7]));
    await eventually(() => expect(staff.seqs()).toEqual(range(start + 1, start + 7)));
    expectStrictlyIncreasing(pub.seqs());
  });
});
