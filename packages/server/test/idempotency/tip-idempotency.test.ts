import { randomBytes, randomUUID } from 'node:crypto';
import type { TipperTip } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { freshIp } from '../../src/features/chat/chat-test-kit';
import { expectError } from '../support/raw';
import { useTestServer } from '../support/server';
import { tipChannel } from '../support/tips';
import { IDEMPOTENCY_SERVER_ENV, post, tipCount } from './kit';

const server = useTestServer(IDEMPOTENCY_SERVER_ENV);

const tips = (slug: string) => `/channels/${slug}/tips`;
const body = (deviceToken = randomBytes(16).toString('hex')) => ({
  amount: 500,
  currency: 'USD',
  displayName: 'Keyed Fan',
  message: 'once, please',
  deviceToken,
});

describe('a tip creation retried with the same Idempotency-Key', () => {
  it('answers with the first answer (same tip, same payment step) and starts one tip', async () => {
    const channel = await tipChannel(server, 'USD', 'idem-tip');
    const request = { ip: freshIp(), key: randomUUID(), json: body() };
    const first = await post(server, tips(channel.slug), request);
    const retry = await post(server, tips(channel.slug), request);
    expect(first.status, first.text).toBe(201);
    expect(retry.status, retry.text).toBe(201);
    expect(retry.body).toEqual(first.body);
    const tip = first.body as TipperTip;
    expect(tip.next).not.toBeNull();
    expect(await tipCount(server, channel.id)).toBe(1);
  });

  it('starts a tip per call without a key, as before', async () => {
    const channel = await tipChannel(server, 'USD', 'idem-tip');
    const json = body();
    expect((await post(server, tips(channel.slug), { ip: freshIp(), json })).status).toBe(201);
    expect((await post(server, tips(channel.slug), { ip: freshIp(), json })).status).toBe(201);
    expect(await tipCount(server, channel.id)).toBe(2);
  });

  it('refuses the same key with a different body with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const channel = await tipChannel(server, 'USD', 'idem-tip');
    const deviceToken = randomBytes(16).toString('hex');
    const key = randomUUID();
    expect((await post(server, tips(channel.slug), { key, json: body(deviceToken) })).status).toBe(201);
    const reused = await post(server, tips(channel.slug), { key, json: { ...body(deviceToken), amount: 900 } });
    expectError(reused, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await tipCount(server, channel.id)).toBe(1);
  });

  it('scopes keys to the caller: another tipper (another device) with the same key starts a tip of their own', async () => {
    const channel = await tipChannel(server, 'USD', 'idem-tip');
    const key = 'same-key-for-two-tippers';
    const a = await post(server, tips(channel.slug), { key, json: body() });
    const b = await post(server, tips(channel.slug), { key, json: body() });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((a.body as TipperTip).tip.id).not.toBe((b.body as TipperTip).tip.id);
    expect(await tipCount(server, channel.id)).toBe(2);
  });

  it('refuses a malformed key with 400 before starting anything', async () => {
    const channel = await tipChannel(server, 'USD', 'idem-tip');
    expectError(await post(server, tips(channel.slug), { key: 'k'.repeat(256), json: body() }), 400, 'VALIDATION_FAILED');
    expect(await tipCount(server, channel.id)).toBe(0);
  });

  it('answers 409 IDEMPOTENCY_KEY_IN_USE with Retry-After while the first request is still at the provider', async () => {
    const channel = await tipChannel(server, 'USD', 'idem-tip');
    const json = body();
    const key = randomUUID();
    const first = await post(server, tips(channel.slug), { key, json });
    expect(first.status).toBe(201);
    // The state between the tip's insert and the provider's answer: claimed, no answer yet.
    await server.app.sql`update idempotency_keys set response = null where key = ${key}`;
    const busy = await post(server, tips(channel.slug), { key, json });
    expectError(busy, 409, 'IDEMPOTENCY_KEY_IN_USE');
    expect(busy.retryAfter).toBe('1');
    expect(await tipCount(server, channel.id)).toBe(1);
  });
});
