import { speechUrl } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OverlayHarness } from './overlay-harness';

/**
 * Alert speech that OBS hears (issue 14): with `tts` on, <tipchat-alerts> plays the server's
 * synthesised speech through an audio element after the alert's sound — never the browser's
 * speechSynthesis, which OBS does not capture. Headless Chromium has no system voices, which is
 * the point: the speech still plays.
 */

const SOUND = 'https://sounds.example.test/ding.wav';
/** A silent 8-bit mono WAV of one sample. */
const WAV = Buffer.from('UklGRiUAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQEAAACA', 'base64');

let harness: OverlayHarness;

/**
 * A media element's events with a stall's resumption folded away: Chromium fires `playing` again
 * when playback resumes after buffering (`waiting`), which a loaded machine causes now and then
 * (CI saw `playing, playing, pause, ended`). A second `playing` with no `pause` between is not an
 * interruption, so it is dropped; a `pause` before the end still shows.
 */
function playback(events: readonly string[] | undefined): string[] {
  return (events ?? []).filter((event, index, all) => !(event === 'playing' && all[index - 1] === 'playing'));
}

beforeAll(async () => {
  harness = new OverlayHarness();
  await harness.start();
}, 240_000);

afterAll(async () => {
  await harness?.close();
});

describe('<tipchat-alerts tts>', () => {
  it('plays the server’s speech of the alert through an audio element after its sound, and never speechSynthesis', async () => {
    const channel = await harness.channel({ shortSeconds: 8 });
    const overlay = await harness.open(channel, { show: 'alerts', sound: SOUND, tts: '1' });
    await overlay.page.context().route(`${SOUND}*`, (route) => route.fulfill({ status: 200, contentType: 'audio/wav', body: WAV }));
    const speechAnswers: { status: number; type: string | null }[] = [];
    overlay.page.on('response', (response) => {
      if (new URL(response.url()).pathname.endsWith('/tts'))
        speechAnswers.push({ status: response.status(), type: response.headers()['content-type'] ?? null });
    });

    const tipId = await harness.tip(channel, { amount: 500, name: 'Asha', message: 'Great stream!' });
    await overlay.waitFor({ type: 'start', tipId });
    const tts = speechUrl(harness.apiUrl, channel.slug, channel.key, 'Asha tipped $5: Great stream!');
    // The sound first; the speech once the sound has ended; the speech plays to its end.
    await expect
      .poll(async () => (await overlay.played()).find((media) => media.src === tts)?.events ?? [], { timeout: 20_000 })
      .toContain('ended');
    const played = await overlay.played();
    expect(played.map((media) => media.src)).toEqual([SOUND, tts]);
    expect(played[0]?.events).toContain('ended');
    expect(playback(played[1]?.events)).toEqual(['playing', 'pause', 'ended']);
    expect(speechAnswers).toEqual([{ status: 200, type: 'audio/wav' }]);
    expect(await overlay.spoken()).toEqual([]);
    expect(await overlay.violations()).toEqual([]);
    await overlay.close();
  });

  it('says nothing for tips below the channel’s smallest spoken amount, and speaks without a sound', async () => {
    const channel = await harness.channel();
    await channel.owner.tts.updateSettings(channel.slug, { minAmount: 1_000, voice: 'en' });
    const overlay = await harness.open(channel, { show: 'alerts', tts: '1' });

    const small = await harness.tip(channel, { amount: 500, name: 'Quiet' });
    await overlay.waitFor({ type: 'end', tipId: small });
    const big = await harness.tip(channel, { amount: 1_500, name: 'Loud' });
    await overlay.waitFor({ type: 'start', tipId: big });
    const tts = speechUrl(harness.apiUrl, channel.slug, channel.key, 'Loud tipped $15');
    await expect
      .poll(async () => (await overlay.played()).find((media) => media.src === tts)?.events ?? [], { timeout: 20_000 })
      .toContain('ended');
    expect((await overlay.played()).map((media) => media.src)).toEqual([tts]);
    expect(await overlay.spoken()).toEqual([]);
    await overlay.close();
  });

  it('keeps an alert on screen until its speech is said, past its own seconds, instead of cutting the tipper off', async () => {
    const channel = await harness.channel({ shortSeconds: 1 });
    const overlay = await harness.open(channel, { show: 'alerts', tts: '1' });
    const message = 'thank you for every stream this year, they got me through a long winter';
    const tipId = await harness.tip(channel, { amount: 500, name: 'Verbose', message });
    await overlay.waitFor({ type: 'start', tipId });
    await overlay.waitFor({ type: 'end', tipId });
    // At the alert's end its speech had played to the end, though the alert's own time was one second.
    const tts = speechUrl(harness.apiUrl, channel.slug, channel.key, `Verbose tipped $5: ${message}`);
    const speech = (await overlay.played()).find((media) => media.src === tts);
    expect(playback(speech?.events)).toEqual(['playing', 'pause', 'ended']);
    await overlay.close();
  });
});
