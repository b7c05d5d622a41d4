import type { ChatSettings } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { expectError, expectValidation } from '../../../test/support/raw';
import { useTestServer } from '../../../test/support/server';
import {
  CHAT_SERVER_ENV,
  type Channel,
  call,
  eventsOf,
  joinAccount,
  joinGuest,
  makeAccount,
  makeChannel,
  makeModerator,
  ok,
  withoutWrites,
} from './chat-test-kit';

const server = useTestServer(CHAT_SERVER_ENV);

const DEFAULTS: ChatSettings = {
  enabled: true,
  slowModeSeconds: 0,
  signedInOnly: false,
  verifiedOnly: false,
  maxMessageLength: 200,
  linksAllowed: false,
};
const read = async (channel: Channel) => ok<ChatSettings>(await call(server, 'GET', `/channels/${channel.slug}/chat/settings`));
const patch = (channel: Channel, token: string | undefined, json: unknown) =>
  call(server, 'PATCH', `/channels/${channel.slug}/chat/settings`, { token, json });

describe('chat settings', () => {
  it('are the defaults until changed, and public', async () => {
    const channel = await makeChannel(server);
    expect(await read(channel)).toEqual(DEFAULTS);
  });

  it('change only what the streamer sends, announce the change and record it', async () => {
    const channel = await makeChannel(server);
    const updated = ok<ChatSettings>(await patch(channel, channel.owner, { slowModeSeconds: 15, linksAllowed: true }));
    expect(updated).toEqual({ ...DEFAULTS, slowModeSeconds: 15, linksAllowed: true });
    expect(await read(channel)).toEqual(updated);
    expect(await eventsOf(server, channel.id)).toEqual([{ seq: 1, type: 'chat.settings_updated', visibility: 'public', data: updated }]);
    const log = await server.app.sql`select action, actor_user_id, details from moderation_log where channel_id = ${channel.id}`;
    expect(log).toEqual([
      {
        action: 'chat_settings.updated',
        actorUserId: channel.ownerUserId,
        details: { changes: { slowModeSeconds: 15, linksAllowed: true } },
      },
    ]);

    ok(await patch(channel, channel.owner, { maxMessageLength: 50 }));
    expect(await read(channel)).toEqual({ ...updated, maxMessageLength: 50 });
  });

  it('can be changed by a moderator', async () => {
    const channel = await makeChannel(server);
    const moderator = await makeModerator(server, channel);
    expect(ok<ChatSettings>(await patch(channel, moderator.token, { enabled: false })).enabled).toBe(false);
  });

  it('cannot be changed by viewers or anonymously', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    const account = await joinAccount(server, channel.slug, (await makeAccount(server)).token);
    await withoutWrites(server, channel.id, async () => {
      expectError(await patch(channel, guest.token, { enabled: false }), 403, 'FORBIDDEN');
      expectError(await patch(channel, account.token, { enabled: false }), 403, 'FORBIDDEN');
      expectError(await patch(channel, (await makeAccount(server)).token, { enabled: false }), 403, 'FORBIDDEN');
      expectError(await patch(channel, undefined, { enabled: false }), 401, 'UNAUTHENTICATED');
    });
    expect(await read(channel)).toEqual(DEFAULTS);
  });

  it('refuses empty, unknown and out-of-range changes', async () => {
    const channel = await makeChannel(server);
    await withoutWrites(server, channel.id, async () => {
      expectValidation(await patch(channel, channel.owner, {}), ['body']);
      expectValidation(await patch(channel, channel.owner, { pinnedMessageId: null }), ['body']);
      expectValidation(await patch(channel, channel.owner, { slowModeSeconds: -1 }), ['body.slowModeSeconds']);
      expectValidation(await patch(channel, channel.owner, { slowModeSeconds: 86_401 }), ['body.slowModeSeconds']);
      expectValidation(await patch(channel, channel.owner, { maxMessageLength: 0 }), ['body.maxMessageLength']);
      expectValidation(await patch(channel, channel.owner, { maxMessageLength: 501 }), ['body.maxMessageLength']);
      expectValidation(await patch(channel, channel.owner, { enabled: 'no' }), ['body.enabled']);
    });
  });

  it('keep both of two changes made at once', async () => {
    const channel = await makeChannel(server);
    await Promise.all([patch(channel, channel.owner, { slowModeSeconds: 5 }), patch(channel, channel.owner, { signedInOnly: true })]);
    expect(await read(channel)).toEqual({ ...DEFAULTS, slowModeSeconds: 5, signedInOnly: true });
  });

  it('answer NOT_FOUND for a channel that does not exist', async () => {
    expectError(await call(server, 'GET', '/channels/no-such-channel/chat/settings'), 404, 'NOT_FOUND');
  });
});
