import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Channel, OverlayHarness, type OverlayPage, RESULTS } from './overlay-harness';

/**
 * <tipchat-goal>, <tipchat-leaderboard> and <tipchat-chat-overlay> on the server's overlay page,
 * moved by dev-provider tips and chat through the SDK, and the whole page as OBS shows it
 * (screenshots at 1920×1080 with a transparent background, light and dark).
 */

const harness = new OverlayHarness();

beforeAll(() => harness.start());
afterAll(() => harness.close());

const HOSTILE_NAME = '<img src=x onerror=__pwned=1>';
const HOSTILE_TEXT = '<b>bold</b> <a href="javascript:__pwned=1">link</a> javascript:alert(1)';

async function chatter(channel: Channel, name: string) {
  const viewer = harness.client();
  await viewer.chat.join(channel.slug, { displayName: name });
  return { send: (text: string) => viewer.chat.send(channel.slug, text) };
}

/** The chat overlay's messages as text, oldest first. */
function chatLines(overlay: OverlayPage): Promise<string[]> {
  return overlay.page
    .locator('tipchat-chat-overlay [part~="message"]')
    .evaluateAll((items) => items.map((item) => (item.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

async function untilChat(overlay: OverlayPage, expected: string[]): Promise<void> {
  await expect.poll(() => chatLines(overlay), { timeout: 20_000 }).toEqual(expected);
}

async function goal(overlay: OverlayPage) {
  const bar = overlay.page.locator('tipchat-goal [part~="bar"]');
  return {
    title: await overlay.page.locator('tipchat-goal [part~="title"]').textContent(),
    now: await bar.getAttribute('aria-valuenow'),
    max: await bar.getAttribute('aria-valuemax'),
    text: await bar.getAttribute('aria-valuetext'),
    amounts: await overlay.page.locator('tipchat-goal [part~="amounts"]').textContent(),
    status: await overlay.page.locator('tipchat-goal [part~="status"]').textContent(),
    reached: (await overlay.page.locator('tipchat-goal [part~="base"][data-reached]').count()) === 1,
  };
}

function board(overlay: OverlayPage): Promise<string[]> {
  return overlay.page
    .locator('tipchat-leaderboard [part~="entry"]')
    .evaluateAll((items) => items.map((item) => (item.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

describe('<tipchat-goal>', () => {
  it('shows the goal, moves the bar on each tip and shows when it is reached', async () => {
    const channel = await harness.channel();
    const deadline = new Date(Date.now() + 2 * 86_400_000 + 3_600_000).toISOString();
    await channel.owner.goals.set(channel.slug, { title: 'New microphone', target: 5_000, deadline });
    const overlay = await harness.open(channel, { show: 'goal' });
    await overlay.page.locator('tipchat-goal [part~="bar"]').waitFor();
    expect(await goal(overlay)).toEqual({
      title: 'New microphone',
      now: '0',
      max: '5000',
      text: '$0 of $50',
      amounts: '$0 of $50',
      status: expect.stringMatching(/^2d \d\d:\d\d:\d\d left$/),
      reached: false,
    });

    await harness.tip(channel, { amount: 2_000, name: 'Ana' });
    await expect.poll(() => overlay.page.locator('tipchat-goal [part~="bar"]').getAttribute('aria-valuenow')).toBe('2000');
    expect(await goal(overlay)).toMatchObject({ text: '$20 of $50', amounts: '$20 of $50', reached: false });
    const fill = await overlay.page.locator('tipchat-goal [part~="fill"]').evaluate((el) => el.getBoundingClientRect().width);
    const track = await overlay.page.locator('tipchat-goal [part~="bar"]').evaluate((el) => el.getBoundingClientRect().width);
    expect(fill / track).toBeCloseTo(0.4, 2);

    await harness.tip(channel, { amount: 3_500, name: 'Ben' });
    await expect.poll(async () => (await goal(overlay)).reached).toBe(true);
    expect(await goal(overlay)).toMatchObject({ now: '5000', text: '$55 of $50', status: 'Goal reached!' });
    expect(await overlay.violations()).toEqual([]);
    await overlay.close();
  });

  it('shows nothing while the channel has no goal, and the goal once one is set', async () => {
    const channel = await harness.channel();
    const overlay = await harness.open(channel, { show: 'goal' });
    expect(await overlay.page.locator('tipchat-goal [part~="base"]').count()).toBe(0);
    await channel.owner.goals.set(channel.slug, { title: 'Stream PC', target: 100_000 });
    await expect.poll(() => overlay.page.locator('tipchat-goal [part~="title"]').count()).toBe(1);
    expect(await goal(overlay)).toMatchObject({ title: 'Stream PC', text: '$0 of $1,000', status: '' });
    await overlay.close();
  });
});

describe('<tipchat-leaderboard>', () => {
  it('ranks the period’s top tippers and re-ranks them as tips arrive', async () => {
    const channel = await harness.channel();
    const overlay = await harness.open(channel, { show: 'leaderboard', period: 'week' });
    expect(await overlay.page.locator('tipchat-leaderboard [part~="title"]').textContent()).toBe('Top tippers this week');
    expect(await overlay.page.locator('tipchat-leaderboard [part~="empty"]').textContent()).toBe('No tips yet');

    await harness.tip(channel, { amount: 500, name: 'Ana' });
    await harness.tip(channel, { amount: 2_000, name: 'Ben' });
    await harness.tip(channel, { amount: 300, name: HOSTILE_NAME });
    await expect.poll(() => board(overlay)).toEqual(['1 Ben $20', '2 Ana $5', `3 ${HOSTILE_NAME} $3`]);
    await harness.tip(channel, { amount: 3_000, name: 'Ana' });
    await expect.poll(() => board(overlay)).toEqual(['1 Ana $35', '2 Ben $20', `3 ${HOSTILE_NAME} $3`]);
    expect(await overlay.page.locator('tipchat-leaderboard img').count()).toBe(0);
    expect(await overlay.pwned()).toBe(false);
    await overlay.close();
  });

  it('shows at most `limit` tippers and reads the period it is given, in Hindi', async () => {
    const channel = await harness.channel();
    await harness.tip(channel, { amount: 500, name: 'Ana' });
    await harness.tip(channel, { amount: 700, name: 'Ben' });
    const overlay = await harness.open(channel, { show: 'leaderboard', period: 'all', lang: 'hi' });
    await overlay.page.evaluate(() => document.querySelector('tipchat-leaderboard')?.setAttribute('limit', '1'));
    await expect.poll(() => board(overlay)).toEqual(['1 Ben $7']);
    expect(await overlay.page.locator('tipchat-leaderboard [part~="title"]').textContent()).toBe('अब तक के टॉप टिपर');
    await overlay.close();
  });
});

describe('<tipchat-chat-overlay>', () => {
  it('shows history then live messages, tips highlighted, and drops deleted and cleared messages', async () => {
    const channel = await harness.channel();
    const ada = await chatter(channel, 'Ada');
    const early = await ada.send('hello from before');
    const overlay = await harness.open(channel, { show: 'chat' });
    await untilChat(overlay, ['Ada hello from before']);

    const mallory = await chatter(channel, HOSTILE_NAME);
    await mallory.send(HOSTILE_TEXT);
    await harness.tip(channel, { amount: 2_000, name: 'Grace', message: 'for the mic' });
    await untilChat(overlay, ['Ada hello from before', `${HOSTILE_NAME} ${HOSTILE_TEXT}`, 'Grace $20 for the mic']);

    const tip = overlay.page.locator('tipchat-chat-overlay [part~="tip"]');
    expect(await tip.count()).toBe(1);
    // The tier colour of $20 (#e91e63) on the tip's edge.
    expect(await tip.evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe('rgb(233, 30, 99)');
    const injected = await overlay.page.evaluate(() => {
      const root = document.querySelector('tipchat-chat-overlay')?.shadowRoot;
      return { elements: root?.querySelectorAll('img, b, a, script').length };
    });
    expect(injected).toEqual({ elements: 0 });
    expect(await overlay.pwned()).toBe(false);

    await channel.owner.chat.delete(channel.slug, early.id);
    await untilChat(overlay, [`${HOSTILE_NAME} ${HOSTILE_TEXT}`, 'Grace $20 for the mic']);
    await channel.owner.chat.clear(channel.slug);
    await untilChat(overlay, []);
    await ada.send('after the clear');
    await untilChat(overlay, ['Ada after the clear']);
    expect(await overlay.violations()).toEqual([]);
    await overlay.close();
  });

  it('keeps at most max-messages and fades messages out after fade-after seconds', async () => {
    const channel = await harness.channel();
    const ada = await chatter(channel, 'Ada');
    const overlay = await harness.open(channel, { show: 'chat' });
    await overlay.page.evaluate(() => {
      const chat = document.querySelector('tipchat-chat-overlay');
      chat?.setAttribute('max-messages', '2');
      chat?.setAttribute('fade-after', '0');
    });
    for (const text of ['one', 'two', 'three']) await ada.send(text);
    await untilChat(overlay, ['Ada two', 'Ada three']);

    await overlay.page.evaluate(() => document.querySelector('tipchat-chat-overlay')?.setAttribute('fade-after', '1'));
    await ada.send('fades');
    await untilChat(overlay, ['Ada three', 'Ada fades']);
    await overlay.page.locator('tipchat-chat-overlay [part~="message"][data-faded]').waitFor();
    await untilChat(overlay, ['Ada three']);
    await overlay.close();
  });
  it('resumes after the last event it saw when taken off the page and put back', async () => {
    const channel = await harness.channel();
    const ada = await chatter(channel, 'Ada');
    const first = await ada.send('first');
    const overlay = await harness.open(channel, { show: 'chat' });
    await overlay.page.evaluate(() => document.querySelector('tipchat-chat-overlay')?.setAttribute('fade-after', '0'));
    await ada.send('second');
    await untilChat(overlay, ['Ada first', 'Ada second']);
    await overlay.page.evaluate(() => {
      const chat = document.querySelector('tipchat-chat-overlay');
      (window as unknown as { __parked?: Element | null }).__parked = chat;
      chat?.remove();
    });
    await ada.send('while away');
    await channel.owner.chat.delete(channel.slug, first.id);
    await overlay.page.evaluate(() => {
      const chat = (window as unknown as { __parked?: Element | null }).__parked;
      if (chat) document.body.append(chat);
    });
    await untilChat(overlay, ['Ada second', 'Ada while away']);
    await overlay.close();
  });
});

describe('the overlay page', () => {
  it.each(['dark', 'light'] as const)('composes every element on a transparent 1920×1080 page (%s screenshots)', async (theme) => {
    const channel = await harness.channel({ longSeconds: 30 });
    await channel.owner.goals.set(channel.slug, { title: 'New microphone', target: 10_000 });
    const ada = await chatter(channel, 'Ada');
    await ada.send('what a play!');
    await harness.tip(channel, { amount: 500, name: 'Ben', message: 'gg' });
    const overlay = await harness.open(channel, { theme });
    await overlay.waitFor({ type: 'end' });
    await chatter(channel, 'Grace').then((grace) => grace.send('hello chat 👋'));
    const big = await harness.tip(channel, { amount: 2_500, name: 'Chandra', message: 'For the new microphone. Keep it up!' });
    await overlay.waitFor({ type: 'start', tipId: big });
    await untilChat(overlay, ['Ada what a play!', 'Ben $5 gg', 'Grace hello chat 👋', 'Chandra $25 For the new microphone. Keep it up!']);
    await expect.poll(() => board(overlay)).toEqual(['1 Chandra $25', '2 Ben $5']);
    await expect.poll(async () => (await goal(overlay)).amounts).toBe('$30 of $100');

    const backgrounds = await overlay.page.evaluate(() => [
      getComputedStyle(document.documentElement).backgroundColor,
      getComputedStyle(document.body).backgroundColor,
    ]);
    expect(backgrounds).toEqual(['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);
    // Laid out for 1920×1080: leaderboard left, alerts top centre, chat right, goal along the bottom.
    const boxes = await overlay.page.evaluate(() =>
      Object.fromEntries(
        ['tipchat-leaderboard', 'tipchat-alerts', 'tipchat-chat-overlay', 'tipchat-goal'].map((tag) => {
          const box = document.querySelector(tag)?.getBoundingClientRect();
          return [tag, box ? { x: box.x + box.width / 2, y: box.y + box.height / 2 } : null];
        }),
      ),
    );
    expect(boxes['tipchat-leaderboard']?.x).toBeLessThan(640);
    expect(boxes['tipchat-alerts']?.x).toBeCloseTo(960, -1);
    expect(boxes['tipchat-alerts']?.y).toBeLessThan(540);
    expect(boxes['tipchat-chat-overlay']?.x).toBeGreaterThan(1280);
    expect(boxes['tipchat-goal']?.y).toBeGreaterThan(900);

    await overlay.page.screenshot({ path: join(RESULTS, `overlay-${theme}.png`), omitBackground: true });
    for (const tag of ['alerts', 'goal', 'leaderboard', 'chat-overlay']) {
      await overlay.page.locator(`tipchat-${tag}`).screenshot({ path: join(RESULTS, `overlay-${tag}-${theme}.png`), omitBackground: true });
    }
    // Opaque cards for a page that is not a stream scene.
    await overlay.page.evaluate(() => document.querySelector('tipchat-goal')?.setAttribute('transparent', 'false'));
    const card = await overlay.page.locator('tipchat-goal [part~="base"]').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(card).toBe(theme === 'dark' ? 'rgb(17, 24, 39)' : 'rgb(255, 255, 255)');
    expect(await overlay.violations()).toEqual([]);
    await overlay.close();
  });

  it('animates only for people who did not ask for reduced motion', async () => {
    const channel = await harness.channel({ longSeconds: 30 });
    const overlay = await harness.open(channel, { show: 'alerts' });
    const tipId = await harness.tip(channel, { amount: 2_000, name: 'Ana' });
    await overlay.waitFor({ type: 'start', tipId });
    const animation = () => overlay.page.locator('tipchat-alerts [part~="alert"]').evaluate((el) => getComputedStyle(el).animationName);
    expect(await animation()).toBe('none');
    await overlay.page.emulateMedia({ reducedMotion: 'no-preference' });
    expect(await animation()).toBe('tipchat-alert-in');
    await overlay.close();
  });
});
