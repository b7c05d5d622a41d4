import type { TipchatClient } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelWithStreamer, signUpVerified } from '../../../test/support/accounts';
import { expectError, send } from '../../../test/support/raw';
import { startTestServer, type TestServer } from '../../../test/support/server';
import { OverlayKeySeal } from './overlay-key-seal';

let server: TestServer;
let owner: TipchatClient;
let slug: string;
let channelId: string;

beforeAll(async () => {
  server = await startTestServer();
  slug = `keys-${Date.now().toString(36)}`;
  ({ owner, id: channelId } = await channelWithStreamer(server, { slug, displayName: 'Keys Test' }));
});
afterAll(() => server.close());

const overlayStatus = async (url: string) => (await fetch(url)).status;

describe('the overlay key, readable by its owner', () => {
  it('is null until the streamer makes one, and then the same key and URL on every read, which the overlay page accepts', async () => {
    expect(await owner.keys.overlayKey(slug)).toBeNull();
    expect(await owner.keys.overlayUrl(slug)).toBeNull();

    const made = await owner.keys.rotateOverlayKey(slug);
    expect(await owner.keys.overlayKey(slug)).toBe(made);
    expect(await owner.keys.overlayKey(slug)).toBe(made);

    const all = await owner.keys.overlayUrl(slug);
    expect(all).toBe(`${server.url}/overlay/${slug}?key=${made}&show=alerts%2Cgoal%2Cchat%2Cleaderboard&theme=dark`);
    const alerts = await owner.keys.overlayUrl(slug, { show: ['alerts'], theme: 'light' });
    expect(alerts).toBe(`${server.url}/overlay/${slug}?key=${made}&show=alerts&theme=light`);
    expect(await overlayStatus(all ?? '')).toBe(200);
    expect(await overlayStatus(alerts ?? '')).toBe(200);

    // Rotating is the one way to change it: the old URLs stop working, the new key is what reads give.
    const next = await owner.keys.rotateOverlayKey(slug);
    expect(next).not.toBe(made);
    expect(await overlayStatus(all ?? '')).toBe(401);
    expect(await overlayStatus(alerts ?? '')).toBe(401);
    expect(await owner.keys.overlayKey(slug)).toBe(next);
  });

  it('is answered without caching, to the owner only', async () => {
    const token = owner.tokens?.accessToken;
    const response = await fetch(`${server.url}/api/v1/channels/${slug}/overlay-key`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');

    expectError(await send(server, { method: 'GET', path: `/api/v1/channels/${slug}/overlay-key` }), 401, 'UNAUTHENTICATED');
    const stranger = server.client();
    await signUpVerified(stranger);
    await expect(stranger.keys.overlayKey(slug)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // A moderator works the chat but is not handed the overlay's credential.
    const moderator = server.client();
    const { email } = await signUpVerified(moderator);
    await owner.moderation.addModerator(slug, email);
    await expect(moderator.keys.overlayKey(slug)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('is stored sealed: the row holds no key, and a sealed key moved to another channel does not open', async () => {
    const key = await owner.keys.overlayKey(slug);
    const [row] = await server.app.sql<{ overlayKeySealed: string }[]>`select overlay_key_sealed from channels where id = ${channelId}`;
    expect(row?.overlayKeySealed).toMatch(/^v1\./);
    expect(row?.overlayKeySealed).not.toContain(key?.slice(4, 20));

    const other = await channelWithStreamer(server, { slug: `${slug}-b`, displayName: 'Other' });
    await other.owner.keys.rotateOverlayKey(other.slug);
    await server.app.sql`update channels set overlay_key_sealed = ${row?.overlayKeySealed ?? ''} where id = ${other.id}`;
    expect(await other.owner.keys.overlayKey(other.slug)).toBeNull();
    // Its own key still works in OBS; only reading it back is lost, until the next rotation.
    expect(await owner.keys.overlayKey(slug)).toBe(key);
  });
});

describe('OverlayKeySeal', () => {
  it('opens what it sealed, for the same channel and secret only', () => {
    const seal = new OverlayKeySeal('a'.repeat(48));
    const sealed = seal.seal('channel-1', 'tco_secret');
    expect(seal.open('channel-1', sealed)).toBe('tco_secret');
    expect(seal.open('channel-2', sealed)).toBeNull();
    expect(new OverlayKeySeal('b'.repeat(48)).open('channel-1', sealed)).toBeNull();
    expect(seal.open('channel-1', 'v1.AAAA')).toBeNull();
    expect(seal.open('channel-1', `v2.${sealed.slice(3)}`)).toBeNull();
    // A fresh nonce each time: sealing twice never gives the same text.
    expect(seal.seal('channel-1', 'tco_secret')).not.toBe(sealed);
  });
});
