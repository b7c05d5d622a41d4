import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/server';
import { tipChannel } from '../support/tips';
import { IDEMPOTENCY_SERVER_ENV, messageCount, tipCount } from './kit';

const server = useTestServer(IDEMPOTENCY_SERVER_ENV);

/**
 * A network that delivers every chat send and tip start twice, as a proxy or a flaky link retrying a request whose
 * answer was lost does: the server sees two identical requests, the client gets the second answer.
 */
function doublingFetch(keys: (string | null)[]): typeof globalThis.fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (init?.method !== 'POST' || !/\/(chat\/messages|tips)$/.test(url)) return globalThis.fetch(input, init);
    keys.push(new Headers(init.headers).get('idempotency-key'));
    await globalThis.fetch(input, init);
    return globalThis.fetch(input, init);
  };
}

describe('the SDK sends an idempotency key by itself', () => {
  it('one per chat.send: two calls are two messages, a send the network repeats is one', async () => {
    const channel = await tipChannel(server, 'USD', 'sdk-idem');
    const keys: (string | null)[] = [];
    const viewer = server.client({ fetch: doublingFetch(keys) });
    const { viewer: me } = await viewer.chat.join(channel.slug, { displayName: 'Sdk Fan' });

    const first = await viewer.chat.send(channel.slug, 'same words');
    expect(await messageCount(server, me.id)).toBe(1);
    const second = await viewer.chat.send(channel.slug, 'same words');
    expect(second.id).not.toBe(first.id);
    expect(await messageCount(server, me.id)).toBe(2);
    // Each logical send had a key of its own, a UUID.
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keys[0]).not.toBe(keys[1]);

    // A caller retrying with its own key is answered with the first message.
    const key = randomUUID();
    const once = await viewer.chat.send(channel.slug, 'retried by the app', { idempotencyKey: key });
    expect(await viewer.chat.send(channel.slug, 'retried by the app', { idempotencyKey: key })).toEqual(once);
    expect(await messageCount(server, me.id)).toBe(3);
  });

  it('one per tips.create: a tip start the network repeats is one tip with the first answer', async () => {
    const channel = await tipChannel(server, 'USD', 'sdk-idem');
    const keys: (string | null)[] = [];
    const tipper = server.client({ fetch: doublingFetch(keys) });
    const started = await tipper.tips.create(channel.slug, { amount: 700, currency: 'USD', displayName: 'Sdk Tipper' });
    expect(keys).toHaveLength(1);
    expect(await tipCount(server, channel.id)).toBe(1);
    expect(await tipper.tips.get(started.tip.id)).toMatchObject({ tip: { id: started.tip.id } });
    await tipper.tips.create(channel.slug, { amount: 700, currency: 'USD', displayName: 'Sdk Tipper' });
    expect(await tipCount(server, channel.id)).toBe(2);
  });

  it('one per realtime chat.send, as the clientMessageId', async () => {
    const channel = await tipChannel(server, 'USD', 'sdk-idem');
    const viewer = server.client();
    const { viewer: me } = await viewer.chat.join(channel.slug, { displayName: 'Live Fan' });
    const live = viewer.realtime(channel.slug);
    await live.connect();
    try {
      await live.chat.send('hello');
      await live.chat.send('hello');
      expect(await messageCount(server, me.id)).toBe(2);
      const key = randomUUID();
      const first = await live.chat.send('resent after a timeout', { idempotencyKey: key });
      expect(await live.chat.send('resent after a timeout', { idempotencyKey: key })).toEqual(first);
      expect(await messageCount(server, me.id)).toBe(3);
    } finally {
      live.close();
    }
  });
});
