import { PermissionError, type TipchatClient } from '@tipchat/sdk';
import { MAX_IMAGE_OR_SOUND_BYTES, MAX_VIDEO_BYTES, MEDIA_QUOTA_BYTES } from '@tipchat/sdk/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { signUpVerified } from '../support/accounts';
import { caught } from '../support/errors';
import { expectError, type RawResponse } from '../support/raw';
import { useTestServer } from '../support/server';
import { PNG, sha256, silentWav } from './fixtures';

const server = useTestServer();
let owner: TipchatClient;
let token: string;
let channelId: string;
const slug = 'media-owner';

beforeAll(async () => {
  owner = server.client();
  await signUpVerified(owner);
  channelId = (await owner.channels.create({ slug, displayName: 'Media', currency: 'USD' })).id;
  token = owner.tokens?.accessToken ?? '';
});

/** An upload as a browser would send it: raw bytes, whatever name or type the client claims. */
async function upload(bytes: Uint8Array, contentType = 'application/octet-stream', as = slug, bearer = token): Promise<RawResponse> {
  const response = await fetch(`${server.url}/api/v1/channels/${as}/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': contentType, accept: 'application/json' },
    body: bytes,
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), text, body: JSON.parse(text) };
}

const stored = async () =>
  (await server.app.sql<{ n: number }[]>`select count(*)::int as n from media_uploads where channel_id = ${channelId}`)[0]?.n;

describe('uploading alert media', () => {
  it('refuses a text file named and declared as a PNG with 415, storing nothing', async () => {
    const before = await stored();
    const response = await upload(Buffer.from('<script>alert("not an image")</script>'), 'image/png');
    expect(expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE').message).toContain('its content does');
    expect(await stored()).toBe(before);
  });

  it('accepts a real PNG sent as octet-stream, named by its sha256, and answers the same upload for the same bytes', async () => {
    const first = await upload(PNG);
    expect(first.status).toBe(201);
    const hash = sha256(PNG);
    expect(first.body).toMatchObject({ sha256: hash, type: 'image/png', size: PNG.length, path: `/media/${hash}.png` });
    const again = await upload(PNG, 'text/plain');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const list = await owner.media.list(slug);
    expect(list.uploads.filter((u) => u.sha256 === hash)).toHaveLength(1);
    expect(list.quota).toBe(MEDIA_QUOTA_BYTES);
  });

  it('refuses an image above 5 MB and any body above 15 MB with 413', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_IMAGE_OR_SOUND_BYTES + 1 - PNG.length)]);
    const image = expectError(await upload(big), 413, 'PAYLOAD_TOO_LARGE');
    expect(image.details).toEqual({ limit: MAX_IMAGE_OR_SOUND_BYTES, size: big.length });
    expectError(await upload(Buffer.alloc(MAX_VIDEO_BYTES + 1)), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('uploads through the SDK, and refuses past the channel quota with MEDIA_QUOTA_EXCEEDED', async () => {
    const sound = await owner.media.upload(slug, new Uint8Array(silentWav()));
    expect(sound).toMatchObject({ type: 'audio/wav', path: `/media/${sound.sha256}.wav` });
    // A stand-in row that counts as a full quota (its size is what the quota sums).
    await server.app.sql`insert into media_uploads (channel_id, sha256, media_type, size, bytes)
      values (${channelId}, ${'f'.repeat(64)}, 'image/png', ${MEDIA_QUOTA_BYTES}, ${Buffer.from([0])})`;
    try {
      const refused = expectError(await upload(silentWav(900)), 409, 'MEDIA_QUOTA_EXCEEDED');
      expect(refused.details).toMatchObject({ quota: MEDIA_QUOTA_BYTES });
    } finally {
      await owner.media.remove(slug, 'f'.repeat(64));
    }
    await owner.media.remove(slug, sound.sha256);
    expect((await owner.media.list(slug)).uploads.map((u) => u.sha256)).not.toContain(sound.sha256);
  });

  it('lets only the channel owner upload', async () => {
    const other = server.client();
    await signUpVerified(other);
    await other.channels.create({ slug: 'media-other', displayName: 'Other', currency: 'USD' });
    expect(await caught(other.media.upload(slug, new Uint8Array(PNG)))).toBeInstanceOf(PermissionError);
    expectError(await upload(PNG, 'image/png', slug, 'not-a-token'), 401, 'TOKEN_INVALID');
    const anonymous = await fetch(`${server.url}/api/v1/channels/${slug}/media`, { method: 'POST', body: new Uint8Array(PNG) });
    expect(anonymous.status).toBe(401);
  });
});

describe('serving uploads', () => {
  it('serves the same bytes and headers on every fetch, immutable, with an ETag that answers 304', async () => {
    const { path } = await owner.media.upload(slug, new Uint8Array(PNG));
    const fetchOnce = async () => {
      const response = await fetch(`${server.url}${path}`);
      const headers = Object.fromEntries(
        ['content-type', 'cache-control', 'etag', 'x-content-type-options', 'content-length'].map((name) => [
          name,
          response.headers.get(name),
        ]),
      );
      return { status: response.status, headers, bytes: Buffer.from(await response.arrayBuffer()) };
    };
    const first = await fetchOnce();
    expect(first.status).toBe(200);
    expect(first.bytes.equals(PNG)).toBe(true);
    expect(first.headers).toEqual({
      'content-type': 'image/png',
      'cache-control': 'public, max-age=31536000, immutable',
      etag: `"${sha256(PNG)}"`,
      'x-content-type-options': 'nosniff',
      'content-length': String(PNG.length),
    });
    expect(await fetchOnce()).toEqual(first);

    const revalidated = await fetch(`${server.url}${path}`, { headers: { 'if-none-match': first.headers.etag ?? '' } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
  });

  it('answers 404 for an unknown hash or the wrong extension', async () => {
    const hash = sha256(PNG);
    expect((await fetch(`${server.url}/media/${hash}.gif`)).status).toBe(404);
    expect((await fetch(`${server.url}/media/${'0'.repeat(64)}.png`)).status).toBe(404);
    expect((await fetch(`${server.url}/media/not-a-hash.png`)).status).toBe(400);
  });

  it('serves the built-in sounds as WAV', async () => {
    for (const name of ['chime', 'coin', 'fanfare', 'pop']) {
      const response = await fetch(`${server.url}/media/sounds/${name}.wav`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type')).toBe('audio/wav');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(
        Buffer.from(await response.arrayBuffer())
          .subarray(8, 12)
          .toString('latin1'),
      ).toBe('WAVE');
    }
    expect((await fetch(`${server.url}/media/sounds/airhorn.wav`)).status).toBe(404);
  });
});
