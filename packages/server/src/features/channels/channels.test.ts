import { ConflictError, NotFoundError, PermissionError } from '@tipchat/sdk';
import { describe, expect, it } from 'vitest';
import { PASSWORD, signedUpClient, uniqueEmail } from '../../../test/support/accounts';
import { caught } from '../../../test/support/errors';
import { useTestServer } from '../../../test/support/server';

const server = useTestServer();
let seq = 0;
const slug = (prefix = 'chan') => `${prefix}-${Date.now().toString(36)}-${++seq}`;

const streamer = () => signedUpClient(server);

describe('creating a channel', () => {
  it('creates a channel with the currency defaults and serves it publicly', async () => {
    const owner = await streamer();
    const name = slug();
    const created = await owner.channels.create({ slug: name, displayName: 'Late Night Lofi' });
    expect(created).toMatchObject({
      slug: name,
      displayName: 'Late Night Lofi',
      currency: 'INR',
      minTip: 1_000,
      maxTip: 10_000_000,
      tipPresets: [5_000, 10_000, 50_000, 100_000],
      live: false,
      currentStream: null,
    });
    expect(await server.client().channels.get(name)).toEqual(created);
    expect(await owner.channels.mine()).toEqual([created]);
  });

  it('takes every setting at creation, including a zero-decimal currency', async () => {
    const owner = await streamer();
    const created = await owner.channels.create({
      slug: slug('yen'),
      displayName: '配信チャンネル',
      description: 'Chill streams',
      avatarUrl: 'https://cdn.example.test/a.png',
      currency: 'JPY',
      minTip: 200,
      maxTip: 100_000,
      tipPresets: [200, 1_000, 5_000],
      theme: { primaryColor: '#ff0000', backgroundColor: '#000000', textColor: '#FFFFFF' },
    });
    expect(created).toMatchObject({
      currency: 'JPY',
      minTip: 200,
      tipPresets: [200, 1_000, 5_000],
      avatarUrl: 'https://cdn.example.test/a.png',
    });
    expect(created.theme.textColor).toBe('#FFFFFF');
  });

  it('needs a verified email', async () => {
    const client = server.client();
    const email = uniqueEmail();
    await client.auth.register({ email, password: PASSWORD, displayName: 'Unverified' });
    await client.auth.login({ email, password: PASSWORD });
    const error = await caught(client.channels.create({ slug: slug(), displayName: 'Nope' }));
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ code: 'EMAIL_NOT_VERIFIED', status: 403 });
    expect(await client.channels.mine()).toEqual([]);
  });

  it('refuses a taken slug and a second channel for one account', async () => {
    const first = await streamer();
    const name = slug();
    await first.channels.create({ slug: name, displayName: 'First' });
    const taken = await caught((await streamer()).channels.create({ slug: name, displayName: 'Copycat' }));
    expect(taken).toBeInstanceOf(ConflictError);
    expect(taken).toMatchObject({ code: 'CHANNEL_SLUG_TAKEN', status: 409 });
    expect(await caught(first.channels.create({ slug: slug(), displayName: 'Second' }))).toMatchObject({ code: 'CHANNEL_ALREADY_EXISTS' });
  });

  it('answers NOT_FOUND for a channel that does not exist', async () => {
    const error = await caught(server.client().channels.get('no-such-channel'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});

describe('updating a channel', () => {
  it('lets the owner change settings and nobody else', async () => {
    const owner = await streamer();
    const name = slug();
    await owner.channels.create({ slug: name, displayName: 'Before' });
    const updated = await owner.channels.update(name, { displayName: 'After', tipPresets: [2_000, 9_000], avatarUrl: null });
    expect(updated).toMatchObject({ displayName: 'After', tipPresets: [2_000, 9_000], avatarUrl: null, minTip: 1_000 });

    const stranger = await streamer();
    const error = await caught(stranger.channels.update(name, { displayName: 'Hijacked' }));
    expect(error).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect((await server.client().channels.get(name)).displayName).toBe('After');
  });

  it('checks presets against the stored limits as well as the new ones', async () => {
    const owner = await streamer();
    const name = slug();
    await owner.channels.create({ slug: name, displayName: 'Limits' });
    const error = await caught(owner.channels.update(name, { tipPresets: [500] }));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(error.details).toEqual([{ path: 'body.tipPresets.0', message: 'Must be between minTip (1000) and maxTip (10000000)' }]);
    const inverted = await caught(owner.channels.update(name, { minTip: 20_000_000 }));
    expect(inverted.details).toContainEqual({ path: 'body.maxTip', message: 'Must be at least minTip' });
  });

  it('resets amounts to the new currency defaults when only the currency changes', async () => {
    const owner = await streamer();
    const name = slug();
    await owner.channels.create({ slug: name, displayName: 'Moving', tipPresets: [5_000, 7_000] });
    expect(await owner.channels.update(name, { currency: 'USD' })).toMatchObject({
      currency: 'USD',
      minTip: 100,
      maxTip: 50_000,
      tipPresets: [200, 500, 1_000, 2_000],
    });
  });
});

describe('streams', () => {
  it('goes live, refuses a second live stream, and ends', async () => {
    const owner = await streamer();
    const name = slug();
    await owner.channels.create({ slug: name, displayName: 'Live' });
    const stream = await owner.streams.start(name, { title: 'Speedrun night' });
    expect(stream).toMatchObject({ title: 'Speedrun night', endedAt: null });
    expect(await server.client().channels.get(name)).toMatchObject({ live: true, currentStream: stream });

    expect(await caught(owner.streams.start(name))).toMatchObject({ code: 'STREAM_ALREADY_LIVE', status: 409 });

    const ended = await owner.streams.end(stream.id);
    expect(ended.endedAt).not.toBeNull();
    expect(await server.client().channels.get(name)).toMatchObject({ live: false, currentStream: null });
    expect(await caught(owner.streams.end(stream.id))).toMatchObject({ code: 'STREAM_ALREADY_ENDED', status: 409 });

    const next = await owner.streams.start(name);
    expect(next.title).toBe('Live live');
    expect((await server.client().streams.list(name)).map((s) => s.id)).toEqual([next.id, stream.id]);
  });

  it('keeps other people away from a stream', async () => {
    const owner = await streamer();
    const name = slug();
    await owner.channels.create({ slug: name, displayName: 'Mine' });
    const stream = await owner.streams.start(name);
    const stranger = await streamer();
    expect(await caught(stranger.streams.start(name))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await caught(stranger.streams.end(stream.id))).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect((await server.client().channels.get(name)).live).toBe(true);
  });
});
