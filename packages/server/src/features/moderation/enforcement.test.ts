import { randomBytes } from 'node:crypto';
import type { TipchatClient } from '@tipchat/sdk';
import { describe, expect, it } from 'vitest';
import { signUpVerified } from '../../../test/support/accounts';
import { caught } from '../../../test/support/errors';
import { useTestServer } from '../../../test/support/server';

/**
 * Moderation as viewers meet it, end to end through the SDK: joining and sending through the
 * chat routes, banning and blocking through the moderation routes.
 */

const server = useTestServer();

const deviceToken = () => randomBytes(16).toString('base64url');

async function streamerChannel(): Promise<{ streamer: TipchatClient; slug: string }> {
  const streamer = server.client();
  await signUpVerified(streamer);
  const slug = `enforce-${randomBytes(4).toString('hex')}`;
  await streamer.channels.create({ slug, displayName: 'Enforced' });
  return { streamer, slug };
}

async function guest(slug: string, displayName: string, device = deviceToken()) {
  const client = server.client();
  const identity = await client.chat.join(slug, { displayName, deviceToken: device });
  return { client, identity, device };
}

describe('a ban, as the banned viewer meets it', () => {
  it('refuses their sends, removes their recent messages, and refuses new names from their device', async () => {
    const { streamer, slug } = await streamerChannel();
    const troll = await guest(slug, 'Troll');
    await troll.client.chat.send(slug, 'buy followers now');
    const bystander = await guest(slug, 'Bystander');
    const kept = await bystander.client.chat.send(slug, 'hello all');

    await streamer.moderation.ban(slug, { viewerId: troll.identity.viewer.id, reason: 'spam', deleteRecentMessages: true });

    expect(await caught(troll.client.chat.send(slug, 'you cannot stop me'))).toMatchObject({ code: 'BANNED', status: 403 });
    const history = await server.client().chat.history(slug);
    expect(history.messages.map((m) => m.id)).toEqual([kept.id]);

    const evasion = await caught(server.client().chat.join(slug, { displayName: 'Totally New', deviceToken: troll.device }));
    expect(evasion).toMatchObject({ code: 'BANNED', status: 403 });
    expect(await bystander.client.chat.send(slug, 'still here')).toMatchObject({ text: 'still here' });
  });

  it('tells a timed-out viewer when they may speak again, and lets them once it has run out', async () => {
    const { streamer, slug } = await streamerChannel();
    const hothead = await guest(slug, 'Hothead');
    const ban = await streamer.moderation.ban(slug, { viewerId: hothead.identity.viewer.id, durationSeconds: 60 });

    const refused = await caught(hothead.client.chat.send(slug, 'but why'));
    expect(refused).toMatchObject({ code: 'TIMED_OUT', status: 403, details: { expiresAt: ban.expiresAt } });

    await server.app.sql`update bans set expires_at = now() - interval '1 second' where id = ${ban.id}`;
    expect(await hothead.client.chat.send(slug, 'sorry')).toMatchObject({ text: 'sorry' });
  });

  it('lets an unbanned viewer chat again', async () => {
    const { streamer, slug } = await streamerChannel();
    const viewer = await guest(slug, 'Forgiven');
    const ban = await streamer.moderation.ban(slug, { viewerId: viewer.identity.viewer.id });
    await streamer.moderation.unban(slug, ban.id);
    expect(await viewer.client.chat.send(slug, 'thank you')).toMatchObject({ text: 'thank you' });
  });
});

describe('blocked terms, as senders meet them', () => {
  it('refuses messages that hide a blocked word and lets innocent ones through', async () => {
    const { streamer, slug } = await streamerChannel();
    await streamer.moderation.addBlockedTerm(slug, { term: 'scam' });
    await streamer.moderation.addBlockedTerm(slug, { term: 'free*', kind: 'pattern' });
    const sender = await guest(slug, 'Sender');

    for (const text of ['this is a SCAM', 's c a m', 's.c.a.m', 'ѕсаm', 'sc\u200Bam', '5c4m', 'scaaaam', 'FREEBIES here']) {
      expect(await caught(sender.client.chat.send(slug, text)), text).toMatchObject({ code: 'BLOCKED_TERM', status: 422 });
    }
    for (const text of ['scampi for dinner', 'I feel carefree']) {
      expect(await sender.client.chat.send(slug, text)).toMatchObject({ text });
    }
  });
});

describe('display names', () => {
  it('refuses a name that only looks different from one taken', async () => {
    const { slug } = await streamerChannel();
    await guest(slug, 'Alice');
    for (const name of ['ALICE', 'A l i c e', '\u0410lice', 'Al\u200Bice', 'AIice']) {
      expect(await caught(server.client().chat.join(slug, { displayName: name })), name).toMatchObject({
        code: 'DISPLAY_NAME_TAKEN',
        status: 409,
      });
    }
    expect((await guest(slug, 'Alicia')).identity.viewer.displayName).toBe('Alicia');
  });
});
