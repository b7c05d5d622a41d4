import { speechUrl } from '@tipchat/sdk';
import { TTS_MAX_TEXT } from '@tipchat/sdk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertChannel, alertChannel } from '../../../test/alerts/fixtures';
import { expectError, expectValidation, send } from '../../../test/support/raw';
import { startTestServer, type TestServer } from '../../../test/support/server';
import { speechRequest } from './service';

let server: TestServer;
let channel: AlertChannel;
let other: AlertChannel;

beforeAll(async () => {
  server = await startTestServer();
  channel = await alertChannel(server, 'tts-here');
  other = await alertChannel(server, 'tts-there');
}, 120_000);
afterAll(() => server.close());

const path = (url: string) => url.slice(server.url.length);

/** GET the speech URL, with extra headers. */
async function speech(slug: string, key: string, text: string, headers: Record<string, string> = {}) {
  const response = await fetch(speechUrl(server.url, slug, key, text), { headers });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** The parts of a RIFF/WAVE header a player reads. */
function wavHeader(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  return {
    riff: ascii(0),
    riffSize: view.getUint32(4, true),
    wave: ascii(8),
    fmt: ascii(12),
    format: view.getUint16(20, true),
    channels: view.getUint16(22, true),
    bitsPerSample: view.getUint16(34, true),
    data: ascii(36),
    dataSize: view.getUint32(40, true),
  };
}

describe('GET /api/v1/overlay/:slug/tts', () => {
  it('speaks text as a 16-bit mono PCM WAV for the overlay key, and answers a revalidation with 304', async () => {
    const { response, bytes } = await speech(channel.slug, channel.overlayKey, 'Asha tipped $5: Great stream!');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('audio/wav');
    expect(response.headers.get('cache-control')).toBe('private, no-cache');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(wavHeader(bytes)).toEqual({
      riff: 'RIFF',
      riffSize: bytes.byteLength - 8,
      wave: 'WAVE',
      fmt: 'fmt ',
      format: 1,
      channels: 1,
      bitsPerSample: 16,
      data: 'data',
      dataSize: bytes.byteLength - 44,
    });
    // A second and more of speech at 22 kHz, not an empty file.
    expect(bytes.byteLength).toBeGreaterThan(44_100);
    const samples = new Int16Array(bytes.buffer.slice(44));
    expect(samples.some((sample) => Math.abs(sample) > 1_000)).toBe(true);

    const etag = response.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await speech(channel.slug, channel.overlayKey, 'Asha tipped $5: Great stream!', { 'if-none-match': etag });
    expect(again.response.status).toBe(304);
  });

  it('speaks for the streamer’s own token too (a dashboard preview)', async () => {
    const token = channel.owner.tokens?.accessToken ?? '';
    const response = await fetch(`${server.url}/api/v1/overlay/${channel.slug}/tts?text=Hello`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('audio/wav');
  });

  it('refuses without the overlay key, with a wrong or another channel’s key, and for a viewer', async () => {
    const text = encodeURIComponent('hello');
    expectError(await send(server, { method: 'GET', path: `/api/v1/overlay/${channel.slug}/tts?text=${text}` }), 401, 'UNAUTHENTICATED');
    expectError(
      await send(server, { method: 'GET', path: path(speechUrl(server.url, channel.slug, 'tco_wrong', 'hello')) }),
      401,
      'TOKEN_INVALID',
    );
    expectError(
      await send(server, { method: 'GET', path: path(speechUrl(server.url, channel.slug, other.overlayKey, 'hello')) }),
      401,
      'TOKEN_INVALID',
    );
    const fan = channel.fan.tokens?.accessToken ?? '';
    expectError(
      await send(server, { method: 'GET', path: `/api/v1/overlay/${channel.slug}/tts?text=${text}`, token: fan }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await send(server, { method: 'GET', path: path(speechUrl(server.url, 'no-such-channel', channel.overlayKey, 'hello')) }),
      404,
      'NOT_FOUND',
    );
  });

  it('caps the text and refuses an empty one', async () => {
    const long = await send(server, {
      method: 'GET',
      path: path(speechUrl(server.url, channel.slug, channel.overlayKey, 'a'.repeat(TTS_MAX_TEXT + 1))),
    });
    expectValidation(long, ['querystring.text'], `At most ${TTS_MAX_TEXT} characters`);
    expectValidation(await send(server, { method: 'GET', path: path(speechUrl(server.url, channel.slug, channel.overlayKey, '   ')) }), [
      'querystring.text',
    ]);
    const atCap = await speech(channel.slug, channel.overlayKey, 'la '.repeat(TTS_MAX_TEXT / 3).trim());
    expect(atCap.response.status).toBe(200);
  });
});

describe('rate limit', () => {
  it('answers 429 RATE_LIMITED past the per-address limit of speech requests', async () => {
    // A server of its own: the other tests' requests do not count here.
    const own = await startTestServer();
    try {
      const url = `${own.url}/api/v1/overlay/nobody/tts?text=hi`;
      const statuses: number[] = [];
      for (let i = 0; i < 121; i++) statuses.push((await fetch(url)).status);
      // Counted before any work: the unknown channel's 404 until the limit, then 429.
      expect(statuses.slice(0, 120).every((status) => status === 404)).toBe(true);
      expectError(await send(own, { method: 'GET', path: '/api/v1/overlay/nobody/tts?text=hi' }), 429, 'RATE_LIMITED');
    } finally {
      await own.close();
    }
  });
});

describe('what is spoken', () => {
  it('speaks *** in place of the channel’s blocked terms, however they are disguised', async () => {
    await channel.owner.moderation.addBlockedTerm(channel.slug, { term: 'scam', kind: 'word' });
    await channel.owner.moderation.addBlockedTerm(channel.slug, { term: 'bad word', kind: 'word' });
    const said = async (text: string) => (await speechRequest(server.app.sql, channel.id, text)).text;
    expect(await said('Asha tipped $5: this is a SCAM, right?')).toBe('Asha tipped $5: this is a *** right?');
    expect(await said('Asha tipped $5: s.c.a.m alert')).toBe('Asha tipped $5: *** alert');
    expect(await said('Asha tipped $5: scammer')).toBe('Asha tipped $5: ***');
    // A phrase term spans words: nothing of the text is said.
    expect(await said('Asha tipped $5: such a bad word')).toBe('***');
    // Innocent words stay.
    expect(await said('Asha tipped $5: scampi for dinner')).toBe('Asha tipped $5: scampi for dinner');
    // Another channel's terms are not this one's.
    expect((await speechRequest(server.app.sql, other.id, 'what a scam')).text).toBe('what a scam');
  });

  it('the masked speech is what the route answers: it differs from the unmasked text’s', async () => {
    const masked = await speech(channel.slug, channel.overlayKey, 'what a scam');
    const mask = await speech(channel.slug, channel.overlayKey, 'what a ***');
    expect(masked.response.status).toBe(200);
    expect(masked.response.headers.get('etag')).toBe(mask.response.headers.get('etag'));
  });
});

describe('speech settings', () => {
  it('the streamer sets voice, rate, volume and the smallest tip spoken; overlays read them; the voice changes the audio', async () => {
    expect(await channel.overlay.tts.settings(channel.slug)).toEqual({ voice: 'en-us', rate: 175, volume: 100, minAmount: 0 });
    const before = await speech(channel.slug, channel.overlayKey, 'Thank you');
    const updated = await channel.owner.tts.updateSettings(channel.slug, { voice: 'hi', rate: 150, minAmount: 500 });
    expect(updated).toEqual({ voice: 'hi', rate: 150, volume: 100, minAmount: 500 });
    expect(await channel.overlay.tts.settings(channel.slug)).toEqual(updated);
    expect(await channel.moderator.tts.updateSettings(channel.slug, { volume: 40 })).toEqual({ ...updated, volume: 40 });
    const after = await speech(channel.slug, channel.overlayKey, 'Thank you');
    expect(after.response.status).toBe(200);
    expect(after.response.headers.get('etag')).not.toBe(before.response.headers.get('etag'));
    // Revalidating the old audio fetches the new one.
    const revalidated = await speech(channel.slug, channel.overlayKey, 'Thank you', {
      'if-none-match': before.response.headers.get('etag') ?? '',
    });
    expect(revalidated.response.status).toBe(200);
  });

  it('refuses viewers, unknown voices and empty changes', async () => {
    const fan = channel.fan.tokens?.accessToken ?? '';
    const settingsPath = `/api/v1/channels/${channel.slug}/tts/settings`;
    expectError(await send(server, { method: 'PATCH', path: settingsPath, token: fan, json: { rate: 200 } }), 403, 'FORBIDDEN');
    expectError(await send(server, { method: 'GET', path: settingsPath, token: fan }), 403, 'FORBIDDEN');
    expectError(await send(server, { method: 'GET', path: settingsPath }), 401, 'UNAUTHENTICATED');
    const owner = channel.owner.tokens?.accessToken ?? '';
    expectValidation(await send(server, { method: 'PATCH', path: settingsPath, token: owner, json: { voice: 'klingon' } }), ['body.voice']);
    expectValidation(await send(server, { method: 'PATCH', path: settingsPath, token: owner, json: { rate: 1000 } }), ['body.rate']);
    expectError(await send(server, { method: 'PATCH', path: settingsPath, token: owner, json: {} }), 400, 'VALIDATION_FAILED');
  });
});
