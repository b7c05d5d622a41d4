import { randomBytes } from 'node:crypto';
import type { ChatIdentity } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { signUpVerified } from '../../../test/support/accounts';
import { expectError, type RawResponse } from '../../../test/support/raw';
import { useTestServer } from '../../../test/support/server';
import { CHAT_SERVER_ENV, call, freshIp, makeAccount, makeChannel, ok, withoutWrites } from '../chat/chat-test-kit';

/**
 * Blocked terms in chat names, against a real server: a guest's chosen name and an account's
 * name answer to the channel's blocked list and the platform's (platform-terms.ts), through the
 * same disguises a message would try.
 */

const server = useTestServer(CHAT_SERVER_ENV);

const join = (slug: string, options: { token?: string; json?: unknown } = {}) =>
  call(server, 'POST', `/channels/${slug}/viewers`, { ...options, ip: freshIp() });

async function block(slug: string, owner: string, term: string): Promise<void> {
  ok(await call(server, 'POST', `/channels/${slug}/blocked-terms`, { token: owner, json: { term } }), 201);
}

/** A 422 NAME_NOT_ALLOWED that names the field and not the term. */
function refusedName(response: RawResponse, term: string): void {
  const error = expectError(response, 422, 'NAME_NOT_ALLOWED');
  expect(error.details).toEqual({ field: 'displayName' });
  expect(error.message.toLowerCase()).not.toContain(term);
}

describe("a guest's name and the channel's blocked terms", () => {
  it('refuses a name with a blocked term, disguised or not, storing nothing; lets clean names in', async () => {
    const channel = await makeChannel(server);
    await block(channel.slug, channel.owner, 'scam');

    for (const name of ['Scam Bot', 'scammer99', 's c a m', '\u0455\u0441\u0430\u043c', 'sc\u200Bam king', 'Sc4m', 'ScamLord', 'SCAMS']) {
      await withoutWrites(server, channel.id, async () => refusedName(await join(channel.slug, { json: { displayName: name } }), 'scam'));
    }
    for (const name of ['Scampi Lover', 'Scamander', 'Hello Shell']) {
      const identity = ok<ChatIdentity>(await join(channel.slug, { json: { displayName: name } }), 201);
      expect(identity.viewer.displayName).toBe(name);
    }
  });

  it('applies a term from the moment it is added, and only in its own channel', async () => {
    const channel = await makeChannel(server);
    const elsewhere = await makeChannel(server);
    ok(await join(channel.slug, { json: { displayName: 'Hellraiser' } }), 201);
    await block(channel.slug, channel.owner, 'hell');
    refusedName(await join(channel.slug, { json: { displayName: 'Hell Yeah' } }), 'hell');
    // "he'll" is two words, and "hello" another word: neither is "hell".
    ok(await join(channel.slug, { json: { displayName: "He'll Win" } }), 201);
    ok(await join(channel.slug, { json: { displayName: 'Hello There' } }), 201);
    ok(await join(elsewhere.slug, { json: { displayName: 'Hell Yeah' } }), 201);
  });
});

describe("the platform's list in chat names", () => {
  it('refuses slurs and obscenities in every channel, even one with no list of its own', async () => {
    const channel = await makeChannel(server);
    for (const name of ['fuck you', 'F*CK', 'FuckFace', '\ua4dd\ua4f4\ua4da\ua4d7 off', 'k1ll yourself', 'motherfuckers']) {
      await withoutWrites(server, channel.id, async () => refusedName(await join(channel.slug, { json: { displayName: name } }), 'fuck'));
    }
    ok(await join(channel.slug, { json: { displayName: 'Scunthorpe Fan' } }), 201);
  });
});

describe("an account's name", () => {
  it('is checked when it becomes the chat name; a chosen name can replace it', async () => {
    const channel = await makeChannel(server);
    await block(channel.slug, channel.owner, 'scam');
    const scammer = await makeAccount(server, `Scam Master ${randomBytes(2).toString('hex')}`);
    await withoutWrites(server, channel.id, async () => refusedName(await join(channel.slug, { token: scammer.token, json: {} }), 'scam'));
    refusedName(await join(channel.slug, { token: scammer.token, json: { displayName: 'scams r us' } }), 'scam');
    const identity = ok<ChatIdentity>(await join(channel.slug, { token: scammer.token, json: { displayName: 'Honest Fan' } }), 201);
    expect(identity.viewer).toMatchObject({ kind: 'account', displayName: 'Honest Fan' });

    const rude = await makeAccount(server, 'Fucking Legend');
    refusedName(await join(channel.slug, { token: rude.token, json: {} }), 'fuck');
  });

  it("does not hold the streamer to their own list (the platform's still applies)", async () => {
    const client = server.client();
    const { session } = await signUpVerified(client, { displayName: 'Scam Buster' });
    const slug = `names-${randomBytes(4).toString('hex')}`;
    await client.channels.create({ slug, displayName: 'Busting Scams' });
    await block(slug, session.accessToken, 'scam');
    const identity = ok<ChatIdentity>(await join(slug, { token: session.accessToken, json: {} }), 201);
    expect(identity.viewer.displayName).toBe('Scam Buster');
  });
});
