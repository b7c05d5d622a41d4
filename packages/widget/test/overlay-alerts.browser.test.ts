import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Channel, type LogEntry, OverlayHarness, type OverlayPage } from './overlay-harness';

/**
 * <tipchat-alerts> on the server's overlay page: viewers tip through the dev provider, the
 * streamer pauses, skips and replays through the SDK, and the overlay restarts and reconnects.
 * Alerts under $10 play 2 seconds, from $10 8 seconds (the channel's tiers), so a long alert is
 * still on screen while the test tips again or acts on it.
 */

const SMALL = 300;
const BIG = 2_000;
const SOUND = 'https://sounds.example.test/ding.wav';
/** A silent 8-bit mono WAV of one sample. */
const WAV = Buffer.from('UklGRiUAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQEAAACA', 'base64');

let dataDir: string;
let harness: OverlayHarness;

beforeAll(async () => {
  // On disk, so the server can be restarted on the same database.
  dataDir = await mkdtemp(join(tmpdir(), 'tipchat-overlay-'));
  harness = new OverlayHarness(dataDir);
  await harness.start();
});

afterAll(async () => {
  await harness?.close();
  await rm(dataDir, { recursive: true, force: true });
});

// The page's acknowledgement is a request Playwright reports a moment after the alert's `end`: polled, not read once.
const steps = (log: LogEntry[]) =>
  log.map((e) => `${e.type} ${e.tipId}${e.replays ? ` replay ${e.replays}` : ''}${e.skipped ? ' skipped' : ''}`);

async function queued(channel: Channel): Promise<string[]> {
  const { queued } = await channel.owner.alerts.queue(channel.slug);
  return queued.map((a) => a.tipId);
}

async function statuses(channel: Channel): Promise<Record<string, { status: string; replays: number }>> {
  const alerts = await channel.owner.alerts.list(channel.slug);
  return Object.fromEntries(alerts.map((a) => [a.tipId, { status: a.status, replays: a.replays }]));
}

async function alertText(overlay: OverlayPage): Promise<{ headline: string; message: string | null; tier: string | null }> {
  const alert = overlay.page.locator('tipchat-alerts [part~="alert"]');
  const headline = (await alert.locator('[part~="headline"]').textContent())?.replace(/\s+/g, ' ').trim() ?? '';
  const message = alert.locator('[part~="message"]');
  return {
    headline,
    message: (await message.count()) ? await message.textContent() : null,
    tier: await alert.getAttribute('data-tier'),
  };
}

describe('<tipchat-alerts> on the overlay page', () => {
  it('plays a tip’s alert with its sound and speech, acknowledges it, and leaves the queue empty', async () => {
    const channel = await harness.channel();
    const overlay = await harness.open(channel, { show: 'alerts', sound: SOUND, tts: '1' });
    const sounds: string[] = [];
    await overlay.page.context().route(`${SOUND}*`, (route) => {
      sounds.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'audio/wav', body: WAV });
    });

    const tipId = await harness.tip(channel, { amount: 500, name: 'Asha', message: 'Great stream!' });
    await overlay.waitFor({ type: 'start', tipId });
    expect(await alertText(overlay)).toEqual({ headline: 'Asha tipped $5', message: 'Great stream!', tier: '0' });
    // Spoken as audio from the server (OBS hears it), not by speechSynthesis (overlay-tts.browser.test.ts).
    expect(await overlay.spoken()).toEqual([]);
    const played = async () => (await overlay.played()).map((media) => new URL(media.src).pathname);
    await expect.poll(played).toContain(`/api/v1/overlay/${channel.slug}/tts`);
    expect(await overlay.page.locator('tipchat-alerts [role="status"]').textContent()).toBe('Asha tipped $5: Great stream!');

    await overlay.waitFor({ type: 'end', tipId });
    await expect.poll(() => queued(channel)).toEqual([]);
    expect(await statuses(channel)).toEqual({ [tipId]: { status: 'shown', replays: 0 } });
    await expect.poll(() => [...overlay.acknowledged]).toEqual([tipId]);
    expect(sounds).toEqual([SOUND]);
    await overlay.page.locator('tipchat-alerts [part~="alert"]').waitFor({ state: 'detached' });
    expect(await overlay.violations()).toEqual([]);
    await overlay.close();
  });

  it('plays a tip that arrives during an alert after it, each acknowledged once', async () => {
    const channel = await harness.channel();
    const overlay = await harness.open(channel, { show: 'alerts' });
    const first = await harness.tip(channel, { amount: BIG, name: 'First' });
    await overlay.waitFor({ type: 'start', tipId: first });
    const second = await harness.tip(channel, { amount: SMALL, name: 'Second' });
    // Held while the first is on screen.
    await expect.poll(() => overlay.waiting()).toBe(1);
    expect(steps(await overlay.log())).toEqual([`start ${first}`]);
    expect((await alertText(overlay)).headline).toBe('First tipped $20');

    const log = await overlay.waitFor({ type: 'end', tipId: second });
    expect(steps(log)).toEqual([`start ${first}`, `end ${first}`, `start ${second}`, `end ${second}`]);
    await expect.poll(() => queued(channel)).toEqual([]);
    await expect.poll(() => [...overlay.acknowledged]).toEqual([first, second]);
    await overlay.close();
  });

  it('obeys pause, skip and replay from the streamer’s SDK while it runs', async () => {
    const channel = await harness.channel();
    const { owner, slug } = channel;
    const overlay = await harness.open(channel, { show: 'alerts' });

    await owner.alerts.updateSettings(slug, { paused: true });
    const held = await harness.tip(channel, { amount: SMALL, name: 'Held' });
    const dropped = await harness.tip(channel, { amount: SMALL, name: 'Dropped' });
    await expect.poll(() => overlay.waiting()).toBe(2);
    expect(await overlay.log()).toEqual([]);

    await owner.alerts.skip(slug, dropped);
    await expect.poll(() => overlay.waiting()).toBe(1);
    await owner.alerts.updateSettings(slug, { paused: false });
    await overlay.waitFor({ type: 'end', tipId: held });

    const cut = await harness.tip(channel, { amount: BIG, name: 'Cut short' });
    await overlay.waitFor({ type: 'start', tipId: cut });
    await owner.alerts.skip(slug, cut);
    await overlay.waitFor({ type: 'end', tipId: cut });
    await overlay.page.locator('tipchat-alerts [part~="alert"]').waitFor({ state: 'detached' });

    await owner.alerts.replay(slug, held);
    const log = await overlay.waitFor({ type: 'end', tipId: held, replays: 1 });
    expect(steps(log)).toEqual([
      `start ${held}`,
      `end ${held}`,
      `start ${cut}`,
      `end ${cut} skipped`,
      `start ${held} replay 1`,
      `end ${held} replay 1`,
    ]);
    await expect.poll(() => queued(channel)).toEqual([]);
    expect(await statuses(channel)).toEqual({
      [held]: { status: 'shown', replays: 1 },
      [dropped]: { status: 'skipped', replays: 0 },
      [cut]: { status: 'skipped', replays: 0 },
    });
    await expect.poll(() => [...overlay.acknowledged]).toEqual([held, held]);
    await overlay.close();
  });

  it('plays the dashboard’s test alert without acknowledging it', async () => {
    const channel = await harness.channel();
    const overlay = await harness.open(channel, { show: 'alerts' });
    const test = await channel.owner.alerts.test(channel.slug);
    await overlay.waitFor({ type: 'start', tipId: test.tipId, test: true });
    expect(await overlay.page.locator('tipchat-alerts [part~="alert"][data-test]').count()).toBe(1);
    expect((await alertText(overlay)).headline).toBe('tipchat tipped $2');
    await overlay.waitFor({ type: 'end', tipId: test.tipId });
    const real = await harness.tip(channel, { amount: SMALL, name: 'Real' });
    await overlay.waitFor({ type: 'end', tipId: real });
    await expect.poll(() => [...overlay.acknowledged]).toEqual([real]);
    await overlay.close();
  });

  it('resumes the queue after the overlay restarts: the cut-off alert plays again, a shown one never', async () => {
    const channel = await harness.channel();
    let overlay = await harness.open(channel, { show: 'alerts' });
    const shown = await harness.tip(channel, { amount: SMALL, name: 'Shown before' });
    await overlay.waitFor({ type: 'end', tipId: shown });
    await expect.poll(() => queued(channel)).toEqual([]);
    const cut = await harness.tip(channel, { amount: BIG, name: 'Cut off' });
    await overlay.waitFor({ type: 'start', tipId: cut });
    await overlay.close();

    const whileClosed = await harness.tip(channel, { amount: SMALL, name: 'While closed' });
    expect(await queued(channel)).toEqual([cut, whileClosed]);
    overlay = await harness.open(channel, { show: 'alerts' });
    const log = await overlay.waitFor({ type: 'end', tipId: whileClosed });
    expect(steps(log)).toEqual([`start ${cut}`, `end ${cut}`, `start ${whileClosed}`, `end ${whileClosed}`]);
    await expect.poll(() => queued(channel)).toEqual([]);
    await expect.poll(() => [...overlay.acknowledged]).toEqual([cut, whileClosed]);
    await overlay.close();
  });

  it('acknowledges an alert that ended while the server was down once it is back, and goes on', async () => {
    const channel = await harness.channel();
    const overlay = await harness.open(channel, { show: 'alerts' });
    const across = await harness.tip(channel, { amount: BIG, name: 'Across the restart' });
    await overlay.waitFor({ type: 'start', tipId: across });
    await harness.stopApi();
    await overlay.waitFor({ type: 'end', tipId: across });
    await harness.restartApi();

    const after = await harness.tip(channel, { amount: SMALL, name: 'After the restart' });
    const log = await overlay.waitFor({ type: 'end', tipId: after });
    expect(steps(log)).toEqual([`start ${across}`, `end ${across}`, `start ${after}`, `end ${after}`]);
    await expect.poll(() => queued(channel)).toEqual([]);
    expect(await statuses(channel)).toEqual({
      [across]: { status: 'shown', replays: 0 },
      [after]: { status: 'shown', replays: 0 },
    });
    expect(await overlay.violations()).toEqual([]);
    await overlay.close();
  });

  it('stops following the queue when the streamer rotates the overlay key, and says why', async () => {
    const channel = await harness.channel();
    const overlay = await harness.open(channel, { show: 'alerts' });
    await channel.owner.keys.rotateOverlayKey(channel.slug);
    await overlay.page.waitForFunction(() => document.querySelector('tipchat-alerts')?.getAttribute('data-connection') !== 'connected');
    await expect.poll(() => overlay.errors()).toContain('TOKEN_INVALID');
    const ignored = await harness.tip(channel, { amount: SMALL, name: 'Not for the old key' });
    expect(await queued(channel)).toEqual([ignored]);
    expect(await overlay.log()).toEqual([]);
    expect(overlay.acknowledged).toEqual([]);
    await overlay.close();
  });

  it('shows hostile names and messages as text, in Hindi when asked', async () => {
    const channel = await harness.channel();
    const overlay = await harness.open(channel, { show: 'alerts', lang: 'hi' });
    const name = '\u202E<img src=x onerror=__pwned=1>';
    const message = '<script>window.__pwned=true</script> javascript:alert(1) \u202Eevil.exe';
    const tipId = await harness.tip(channel, { amount: BIG, name, message });
    await overlay.waitFor({ type: 'start', tipId });
    // As stored (the server may drop direction overrides), shown literally.
    const [{ tip }] = (await channel.owner.alerts.list(channel.slug)) as [Alert];
    expect(tip.displayName).toContain('<img src=x onerror=__pwned=1>');
    expect(tip.message).toContain('<script>window.__pwned=true</script> javascript:alert(1)');
    expect(await alertText(overlay)).toEqual({ headline: `${tip.displayName} ने $20 की टिप दी`, message: tip.message, tier: '1' });
    // Names and messages are isolated runs of text (<bdi>): a direction override cannot flip the sentence around them.
    expect(await overlay.page.locator('tipchat-alerts bdi[part~="name"]').textContent()).toBe(tip.displayName);
    const injected = await overlay.page.evaluate(() => {
      const root = document.querySelector('tipchat-alerts')?.shadowRoot;
      return {
        images: root?.querySelectorAll('img').length,
        scripts: root?.querySelectorAll('script').length,
        links: root?.querySelectorAll('a').length,
      };
    });
    expect(injected).toEqual({ images: 0, scripts: 0, links: 0 });
    expect(await overlay.pwned()).toBe(false);
    expect(await overlay.violations()).toEqual([]);
    await overlay.close();
  });
});
