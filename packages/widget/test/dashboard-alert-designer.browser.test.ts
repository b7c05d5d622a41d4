import type { TipchatClient } from '@tipchat/sdk';
import type { TipchatServer } from '@tipchat/server';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { wav } from '../../server/test/media/fixtures';
import { overlayBundle } from './bundles';
import {
  type Bundles,
  builtBundles,
  dash,
  dashboardContext,
  devTip,
  onView,
  overflowsHorizontally,
  PHONE,
  shoot,
  signInDashboard,
  startServer,
  verifiedAccount,
} from './dashboard.harness';
import { eventually, launchChromium, RESULTS } from './widget.harness';

/**
 * The alert designer as a streamer uses it: two variations (an image, an uploaded sound and a
 * template for tips from $10; a plain default otherwise) designed and previewed in the
 * dashboard with the real `<tipchat-alerts>`, saved, and played by an OBS overlay page for a $20
 * and a $2 dev tip.
 */

const SLUG = 'ada-designs';
/** A real 48×48 orange PNG (the server checks its bytes; the browser must decode it). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAwCAIAAADYYG7QAAAAOElEQVR42u3OQQkAAAgEsOuPnb0W4mOwAMtOXomQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQ0J0C6ufjxDdLRTkAAAAASUVORK5CYII=',
  'base64',
);

/** A real WAV: a quarter second of a 440 Hz tone, 8 kHz mono 8-bit. */
function toneWav(): Buffer {
  const data = Buffer.alloc(2_000);
  for (let i = 0; i < data.length; i++) data[i] = 128 + Math.round(60 * Math.sin((2 * Math.PI * 440 * i) / 8_000));
  return wav(data);
}

let bundles: Bundles;
let api: TipchatServer;
let server: string;
let browser: Browser;
let owner: TipchatClient;
let streamer: { context: BrowserContext; page: Page; errors: string[] };

beforeAll(async () => {
  bundles = await builtBundles();
  ({ api, url: server } = await startServer());
  owner = await verifiedAccount(server, 'ada.designs@example.com', 'Ada');
  await owner.channels.create({ slug: SLUG, displayName: 'Ada Designs', currency: 'USD' });
  browser = await launchChromium();
  const { context, errors } = await dashboardContext(browser, bundles);
  await signInDashboard(context, server, owner);
  streamer = { context, errors, page: await context.newPage() };
}, 240_000);

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail' || !streamer) return;
  await shoot(streamer.page, 'failed-alert-designer');
  console.error('dashboard console errors:', streamer.errors);
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** Types into a field and commits it, as leaving the field does. */
async function commit(field: Locator, value: string): Promise<void> {
  await field.fill(value);
  await field.dispatchEvent('change');
}

/** What an alerts element shows: the card's variation, its text, and the image and sound it plays. */
function alertView(alerts: Locator) {
  return alerts.evaluate((element) => {
    const card = element.shadowRoot?.querySelector<HTMLElement>('[part~="alert"]:not(.leaving)');
    const image = card?.querySelector<HTMLImageElement>('[part="media"] img');
    const sound = card?.querySelector<HTMLAudioElement>('audio[part="sound"]');
    return card
      ? {
          variation: card.dataset.variation ?? null,
          headline: card.querySelector('[part="headline"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
          message: card.querySelector('[part="message"]')?.textContent?.trim() ?? null,
          bold: card.querySelector('[part="headline"] strong')?.textContent?.trim() ?? null,
          image: image
            ? { src: image.src, decoded: image.complete && image.naturalWidth > 0, width: image.getBoundingClientRect().width }
            : null,
          sound: sound ? { src: sound.src, volume: sound.volume, failed: sound.error !== null } : null,
        }
      : null;
  });
}

/**
 * The channel's alerts overlay as OBS opens it (1920×1080, a fresh key), recording every media
 * element the page asks to play and what became of it, and the page's console errors.
 */
async function openOverlay() {
  const key = await owner.keys.rotateOverlayKey(SLUG);
  const obs = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const script = await overlayBundle();
  await obs.route('**/widget/v1/tipchat-overlay.js', (route) =>
    route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: script }),
  );
  await obs.addInitScript(() => {
    const played: { src: string; events: string[] }[] = [];
    (window as unknown as { __played: typeof played }).__played = played;
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      const entry = { src: this.src, events: [] as string[] };
      played.push(entry);
      for (const type of ['playing', 'ended', 'error']) this.addEventListener(type, () => entry.events.push(type));
      return play.call(this);
    };
  });
  const errors: string[] = [];
  const page = await obs.newPage();
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${server}/overlay/${SLUG}?key=${key}&show=alerts`);
  const alerts = page.locator('tipchat-alerts');
  await eventually(() => alerts.getAttribute('data-connection')).toBe('connected');
  const played = () => page.evaluate(() => (window as unknown as { __played: { src: string; events: string[] }[] }).__played);
  return { obs, page, alerts, played, errors };
}

describe('the alert designer', () => {
  it('designs two variations with an uploaded image and sound, previews them, saves, and an overlay plays the right one per amount', async () => {
    const { page } = streamer;
    await page.goto(`${server}/dashboard/settings`);
    await onView(page, 'Settings');
    const designer = dash(page).root.locator('tipchat-dash-alert-designer');
    await designer.locator('#designer-template').waitFor();

    // The default: a plain text of the streamer's own, two seconds on screen.
    await commit(designer.locator('#designer-template'), 'Thanks {name} for {amount}');
    await commit(designer.locator('#designer-duration'), '2');

    // From $10: the image to the left of a bold name, and an uploaded sound at 60 %.
    await designer.locator('button[data-action="add-variation"]').click();
    await commit(designer.locator('#designer-label'), 'Big tips');
    await commit(designer.locator('#designer-min'), '10');
    await designer.locator('input[type="file"][accept^="image"]').setInputFiles({ name: 'cheer.png', mimeType: 'image/png', buffer: PNG });
    await eventually(() => designer.locator('#designer-media option:checked').textContent()).toMatch(/^png/);
    await designer
      .locator('input[type="file"][accept^="audio"]')
      .setInputFiles({ name: 'ding.wav', mimeType: 'audio/wav', buffer: toneWav() });
    await eventually(() => designer.locator('#designer-sound option:checked').textContent()).toMatch(/^Uploaded: wav/);
    await commit(designer.locator('#designer-template'), '**{name}** sent {amount}!');
    await designer.locator('#designer-layout').selectOption('left');
    await commit(designer.locator('#designer-duration'), '2');
    await designer.locator('#designer-volume').fill('60');
    await designer.locator('#designer-volume').dispatchEvent('change');

    const { uploads } = await owner.media.list(SLUG);
    const image = uploads.find((u) => u.type === 'image/png');
    const sound = uploads.find((u) => u.type === 'audio/wav');
    if (!image || !sound) throw new Error(`uploads missing: ${JSON.stringify(uploads)}`);

    // The preview is the real element, played here with a sample tip of the selected variation ($10).
    const preview = designer.locator('tipchat-alerts');
    await designer.locator('button[data-action="play-preview"]').click();
    await eventually(() => alertView(preview)).toMatchObject({
      variation: '0',
      headline: 'Sam sent $10!',
      bold: 'Sam',
      image: { src: `${server}${image.path}`, decoded: true },
      sound: { src: `${server}${sound.path}`, volume: 0.6, failed: false },
    });
    await shoot(page, 'alert-designer');

    await designer.getByRole('button', { name: 'Save', exact: true }).click();
    await designer.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const saved = (await owner.alerts.queue(SLUG)).settings.design;
    expect(saved?.variations).toMatchObject([{ label: 'Big tips', minAmount: 1_000, maxAmount: null, layout: 'left', volume: 60 }]);
    expect(saved?.default).toMatchObject({ template: 'Thanks {name} for {amount}', durationSeconds: 2, media: null, sound: null });

    // OBS: the overlay page, which already had the design when the tips come in.
    const { obs, page: overlay, alerts, played, errors: overlayErrors } = await openOverlay();
    try {
      await devTip(server, SLUG, { amount: 2_000, currency: 'USD', displayName: 'Grace', message: 'for the big one' });
      await eventually(() => alertView(alerts)).toMatchObject({
        variation: '0',
        headline: 'Grace sent $20!',
        message: 'for the big one',
        bold: 'Grace',
        image: { src: `${server}${image.path}`, decoded: true },
        sound: { src: `${server}${sound.path}`, volume: 0.6, failed: false },
      });
      const shown = await alertView(alerts);
      expect(shown?.image?.width).toBeGreaterThan(0);
      await eventually(played).toContainEqual({ src: `${server}${sound.path}`, events: ['playing', 'ended'] });
      await overlay.screenshot({ path: `${RESULTS}overlay-designed-big.png` });

      await devTip(server, SLUG, { amount: 200, currency: 'USD', displayName: 'Linus' });
      await eventually(() => alertView(alerts)).toEqual({
        variation: 'default',
        headline: 'Thanks Linus for $2',
        message: null,
        bold: null,
        image: null,
        sound: null,
      });
      expect(overlayErrors).toEqual([]);
    } finally {
      await obs.close();
    }
    expect(streamer.errors).toEqual([]);
  });

  it("adds a bigger tier with a video and speech; the overlay shows and plays both for the alert's duration", async () => {
    const { page } = streamer;
    await page.goto(`${server}/dashboard/settings`);
    await onView(page, 'Settings');
    const designer = dash(page).root.locator('tipchat-dash-alert-designer');
    await designer.locator('button[data-variation="0"]').click();
    // "Big tips" now ends where the new tier begins: ranges may not overlap.
    await commit(designer.locator('#designer-max'), '50');

    // A real WebM, recorded from a canvas by the browser itself (the server checks the bytes; the overlay must decode it).
    const webm = Buffer.from(
      await page.evaluate(async () => {
        const canvas = document.createElement('canvas');
        canvas.width = 64;
        canvas.height = 36;
        const context = canvas.getContext('2d');
        const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm;codecs=vp8' });
        const chunks: Blob[] = [];
        recorder.ondataavailable = (event) => chunks.push(event.data);
        const stopped = new Promise((resolve) => (recorder.onstop = resolve));
        recorder.start();
        for (let frame = 0; frame < 15; frame++) {
          if (context) {
            context.fillStyle = `hsl(${frame * 24}, 80%, 50%)`;
            context.fillRect(0, 0, 64, 36);
          }
          await new Promise((resolve) => setTimeout(resolve, 40));
        }
        recorder.stop();
        await stopped;
        const bytes = new Uint8Array(await new Blob(chunks, { type: 'video/webm' }).arrayBuffer());
        let binary = '';
        for (const byte of bytes) binary += String.fromCharCode(byte);
        return btoa(binary);
      }),
      'base64',
    );

    await designer.locator('button[data-action="add-variation"]').click();
    await commit(designer.locator('#designer-label'), 'Huge tips');
    await commit(designer.locator('#designer-min'), '50');
    await designer
      .locator('input[type="file"][accept^="image"]')
      .setInputFiles({ name: 'party.webm', mimeType: 'video/webm', buffer: webm });
    await eventually(() => designer.locator('#designer-media option:checked').textContent()).toMatch(/^webm/);
    await commit(designer.locator('#designer-template'), 'WOW {name}: {amount}');
    await designer.locator('#designer-layout').selectOption('behind');
    await commit(designer.locator('#designer-duration'), '3');
    await designer.locator('#designer-tts').check();
    await designer.getByRole('button', { name: 'Save', exact: true }).click();
    await designer.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const saved = (await owner.alerts.queue(SLUG)).settings.design;
    expect(saved?.variations).toMatchObject([
      { label: 'Big tips', minAmount: 1_000, maxAmount: 5_000 },
      { label: 'Huge tips', minAmount: 5_000, maxAmount: null, media: { type: 'video/webm' }, tts: true, durationSeconds: 3 },
    ]);
    const video = (await owner.media.list(SLUG)).uploads.find((upload) => upload.type === 'video/webm');
    if (!video) throw new Error('the video upload is missing');

    const { obs, page: overlay, alerts, played } = await openOverlay();
    try {
      await devTip(server, SLUG, { amount: 6_000, currency: 'USD', displayName: 'Marie' });
      const card = () =>
        alerts.evaluate((element) => {
          const shown = element.shadowRoot?.querySelector<HTMLElement>('[part~="alert"]:not(.leaving)');
          const clip = shown?.querySelector<HTMLVideoElement>('[part="media"] video');
          return shown
            ? {
                variation: shown.dataset.variation ?? null,
                headline: shown.querySelector('[part="headline"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
                video: clip ? { src: clip.src, decoded: clip.readyState >= 2 && clip.videoWidth === 64 } : null,
              }
            : null;
        });
      await eventually(card).toEqual({
        variation: '1',
        headline: 'WOW Marie: $60',
        video: { src: `${server}${video.path}`, decoded: true },
      });
      const shownAt = Date.now();
      await overlay.screenshot({ path: `${RESULTS}overlay-designed-video.png` });
      // The video plays (it starts by itself: autoplay, looped for the alert's length).
      await eventually(() =>
        alerts.evaluate((element) => {
          const clip = element.shadowRoot?.querySelector<HTMLVideoElement>('[part~="alert"] [part="media"] video');
          return clip ? !clip.paused && clip.currentTime > 0 : false;
        }),
      ).toBe(true);
      // The alert's speech is fetched from the server and played to its end through an audio element.
      await expect
        .poll(async () => (await played()).find((media) => media.src.includes('/tts?'))?.events ?? [], { timeout: 20_000 })
        .toContain('ended');
      const speech = (await played()).find((media) => media.src.includes('/tts?'));
      // Speech says who tipped how much (and their message, when there is one), whatever the template shows.
      expect(new URL(speech?.src ?? '').searchParams.get('text')).toBe('Marie tipped $60');
      // It stays its three seconds, then leaves.
      await eventually(card, 15_000).toBeNull();
      expect(Date.now() - shownAt).toBeGreaterThanOrEqual(2_500);
    } finally {
      await obs.close();
    }
    expect(streamer.errors).toEqual([]);
  });

  it('fits a phone, the saved design loaded back with its preview', async () => {
    const { page } = streamer;
    await page.setViewportSize(PHONE);
    await page.goto(`${server}/dashboard/settings`);
    await onView(page, 'Settings');
    const designer = dash(page).root.locator('tipchat-dash-alert-designer');
    await designer.locator('button[data-variation="0"]').click();
    await designer.locator('button[data-action="play-preview"]').click();
    await eventually(() => alertView(designer.locator('tipchat-alerts'))).toMatchObject({ variation: '0', bold: 'Sam' });
    await shoot(page, 'alert-designer-phone');
    expect(await overflowsHorizontally(page)).toBe(false);
  });

  it('shows a template and a tip exactly as typed: markup stays text, an unpaired ** stays', async () => {
    const { page } = streamer;
    const preview = dash(page).root.locator('tipchat-dash-alert-designer tipchat-alerts');
    const headline = await preview.evaluate(async (element) => {
      const alerts = element as HTMLElement & { preview(tip: unknown, design: unknown): void; updateComplete: Promise<unknown> };
      const variation = {
        label: '',
        media: null,
        sound: null,
        template: '<img src=x onerror="window.__pwned=1"> {name} gave {amount} **wow',
        layout: 'above',
        font: 'serif',
        textColor: '#ff0000',
        highlightColor: null,
        animationIn: 'fade',
        animationOut: 'slide',
        durationSeconds: 5,
        volume: 50,
        tts: false,
      };
      const now = new Date().toISOString();
      const tier = { index: 0, color: '#1e88e5', pinSeconds: 0, alertSeconds: 5 };
      const tip = {
        id: crypto.randomUUID(),
        channelId: crypto.randomUUID(),
        status: 'succeeded',
        amount: 250,
        currency: 'USD',
        displayName: '<b>Eve</b>',
        message: null,
        tier,
        createdAt: now,
        paidAt: now,
      };
      alerts.preview(tip, { default: variation, variations: [] });
      await alerts.updateComplete;
      const card = alerts.shadowRoot?.querySelector('[part~="alert"]');
      const text = card?.querySelector('.text');
      return {
        text: card?.querySelector('[part="headline"]')?.textContent?.replace(/\s+/g, ' ').trim(),
        elements: [...(card?.querySelectorAll('[part="headline"] *') ?? [])].map((e) => e.localName),
        classes: card?.className.split(/\s+/).filter(Boolean).sort(),
        colour: text ? getComputedStyle(text).color : null,
        pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
      };
    });
    expect(headline).toEqual({
      text: '<img src=x onerror="window.__pwned=1"> <b>Eve</b> gave $2.50 **wow',
      elements: ['bdi', 'span'],
      classes: ['above', 'alert', 'card', 'font-serif', 'in-fade', 'out-slide'],
      colour: 'rgb(255, 0, 0)',
      pwned: null,
    });
  });
});
