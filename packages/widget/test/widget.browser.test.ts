import { createClient, type TipchatClient } from '@tipchat/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, join, newPage, recorded, say, screenshot, streamer, unusedUrl, useWidgetWorld, widget } from './widget.harness';

/**
 * <tipchat-widget> chatting: names, messages between viewers, history, the channel's chat
 * settings, moderation applied live, bans, the load and connection states, hostile text,
 * keyboard use, themes.
 */

/** At most 32 characters, as names are; the server strips the U+202E override. */
const HOSTILE_NAME = '<img src=x onerror=__pwned=1>\u202E';
const HOSTILE_TEXT = '<script>window.__pwned=1</script> javascript:alert(1) <a href="javascript:alert(1)">x</a> \u202Eevil';

/** Where no server listens: the pages may try it, and the widget must say it cannot reach it. */
let deadUrl: string;
const world = useWidgetWorld({ moreApiOrigins: () => [deadUrl] });

beforeAll(async () => {
  deadUrl = await unusedUrl();
  await streamer(world.server, { email: 'quiet@example.com', slug: 'quiet-corner', displayName: 'Quiet Corner', live: false });
});

/** A channel of its own per test, so tests do not see each other's chat. */
let channels = 0;
async function freshChannel(live = true): Promise<{ slug: string; client: TipchatClient }> {
  const n = ++channels;
  const slug = `room-${n}`;
  const client = await streamer(world.server, { email: `room${n}@example.com`, slug, displayName: `Room ${n}`, live });
  return { slug, client };
}

describe('<tipchat-widget> chat', () => {
  it('lets a viewer pick a name and chat; a second viewer sees the message live, and a reload resumes as the same guest', async () => {
    const { slug } = await freshChannel();
    const url = world.pageFor(slug);
    const ada = await newPage(world.browser, url);
    const bob = await newPage(world.browser, url);
    const adaWidget = widget(ada.page);
    const bobWidget = widget(bob.page);
    expect(await adaWidget.settled()).toBe('live');
    await bobWidget.settled();

    await join(ada.page, 'Ada');
    await say(ada.page, 'hello from Ada');
    await eventually(() => bobWidget.lines()).toEqual(['Ada hello from Ada']);
    expect(await adaWidget.lines()).toEqual(['Ada hello from Ada']);

    await ada.page.reload();
    await adaWidget.composer.locator('input[name="text"]').waitFor();
    expect(await adaWidget.lines()).toEqual(['Ada hello from Ada']);
    await say(ada.page, 'still Ada');
    await eventually(() => bobWidget.lines()).toEqual(['Ada hello from Ada', 'Ada still Ada']);

    const { events, csp } = await recorded(ada.page);
    expect(events.map((e) => e.type)).toEqual(['tipchat-ready', 'tipchat-message-sent']);
    expect(events[1]?.detail).toMatchObject({ message: { text: 'still Ada', author: { displayName: 'Ada', kind: 'guest' } } });
    expect(csp).toEqual([]);
    await ada.context.close();
    await bob.context.close();
  });

  it('shows the history to a viewer who arrives later, with the pinned message on top', async () => {
    const { slug, client } = await freshChannel();
    const url = world.pageFor(slug);
    const ada = await newPage(world.browser, url);
    await join(ada.page, 'Ada');
    for (const text of ['one', 'two', 'three']) await say(ada.page, text);
    const { messages } = await client.chat.history(slug);
    await client.chat.pin(slug, messages[1]?.id ?? '');

    const late = await newPage(world.browser, url);
    const w = widget(late.page);
    await w.settled();
    expect(await w.lines()).toEqual(['Ada one', 'Ada two', 'Ada three']);
    await eventually(() => w.part('pins').textContent()).toContain('two');
    await ada.context.close();
    await late.context.close();
  });

  it('says a name is taken and lets the viewer choose another', async () => {
    const { slug } = await freshChannel();
    const url = world.pageFor(slug);
    const first = await newPage(world.browser, url);
    await join(first.page, 'Grace');
    const second = await newPage(world.browser, url);
    const w = widget(second.page);
    await w.input.fill('GRACE');
    await w.input.press('Enter');
    await eventually(() => w.hint.textContent()).toBe('That name is taken');
    await join(second.page, 'Grace Two');
    await first.context.close();
    await second.context.close();
  });

  it('applies deletions, removals and clears live, and follows the pin', async () => {
    const { slug, client } = await freshChannel();
    const url = world.pageFor(slug);
    const ada = await newPage(world.browser, url);
    await join(ada.page, 'Ada');
    for (const text of ['keep me', 'delete me', 'pin me']) await say(ada.page, text);
    const w = widget(ada.page);
    const { messages } = await client.chat.history(slug);
    const byText = (text: string) => messages.find((m) => m.text === text)?.id ?? '';

    await client.chat.delete(slug, byText('delete me'));
    await eventually(() => w.lines()).toEqual(['Ada keep me', 'Ada pin me']);
    await client.chat.pin(slug, byText('pin me'));
    await eventually(() => w.part('pins').count()).toBe(1);
    await client.chat.unpin(slug);
    await eventually(() => w.part('pins').count()).toBe(0);
    await client.chat.clear(slug);
    await eventually(() => w.lines()).toEqual([]);
    expect(await w.part('empty').textContent()).toBe('No messages yet');
    await ada.context.close();
  });

  it('keeps the newest messages up to max-messages and offers a jump to new messages while the viewer reads older ones', async () => {
    const { slug } = await freshChannel();
    const ada = await world.openWidget(slug, { maxMessages: 30 });
    const w = widget(ada.page);
    await w.settled();
    const bob = createClient({ baseUrl: world.server });
    await bob.chat.join(slug, { displayName: 'Bob' });
    for (let i = 1; i <= 35; i++) await bob.chat.send(slug, `message ${i}`);
    await eventually(() => w.lines()).toEqual(Array.from({ length: 30 }, (_, i) => `Bob message ${i + 6}`));

    // The viewer scrolls up to read: new messages no longer pull the list down. A render that
    // comes before the browser reports the scroll (a frame later) must not pull it down either.
    await w.renderAfter({ scrollTo: 0 });
    expect(await w.part('chat').evaluate((list) => list.scrollTop)).toBe(0);
    await bob.chat.send(slug, 'are you there?');
    await eventually(() => w.part('jump').textContent()).toBe('New messages (1)');
    expect(await w.part('chat').evaluate((list) => list.scrollTop)).toBe(0);
    await w.part('jump').click();
    await eventually(() => w.part('jump').count()).toBe(0);
    expect(await w.distanceFromBottom()).toBeLessThan(24);
    await ada.context.close();
  });

  it('keeps following new messages when the widget gets shorter, as when a phone keyboard opens', async () => {
    const { slug } = await freshChannel();
    const ada = await world.openWidget(slug);
    const w = widget(ada.page);
    await w.settled();
    const bob = createClient({ baseUrl: world.server });
    await bob.chat.join(slug, { displayName: 'Bob' });
    for (let i = 1; i <= 20; i++) await bob.chat.send(slug, `message ${i}`);
    await eventually(() => w.lines().then((lines) => lines.at(-1))).toBe('Bob message 20');

    // Shorter by 200 px: the list is now short of its bottom, though nobody scrolled; a render comes first.
    await w.renderAfter({ shorterBy: 200 });
    expect(await w.distanceFromBottom()).toBeLessThan(24);
    await bob.chat.send(slug, 'still here?');
    await eventually(() => w.lines().then((lines) => lines.at(-1))).toBe('Bob still here?');
    expect(await w.part('jump').count()).toBe(0);
    expect(await w.distanceFromBottom()).toBeLessThan(24);
    await ada.context.close();
  });
});

describe('<tipchat-widget> screen readers', () => {
  it('announces a message politely, and a burst as one summary rather than one reading each', async () => {
    const { slug } = await freshChannel();
    const { page, context } = await world.openWidget(slug);
    const w = widget(page);
    await w.settled();
    // Every text the polite live region takes, in order.
    await w.root.evaluate((element) => {
      const region = element.shadowRoot?.querySelector('[aria-live="polite"]');
      const said: string[] = [];
      (window as unknown as { __said: string[] }).__said = said;
      if (region)
        new MutationObserver(() => said.push(region.textContent ?? '')).observe(region, {
          childList: true,
          subtree: true,
          characterData: true,
        });
    });
    const said = () => page.evaluate(() => (window as unknown as { __said: string[] }).__said.filter(Boolean));
    const bob = createClient({ baseUrl: world.server });
    await bob.chat.join(slug, { displayName: 'Bob' });
    await bob.chat.send(slug, 'hello screen readers');
    await eventually(said).toEqual(['Bob: hello screen readers']);

    await Promise.all(Array.from({ length: 8 }, (_, i) => bob.chat.send(slug, `burst ${i + 1}`)));
    await eventually(async () => (await said()).slice(1).join(' | ')).toMatch(/new messages/);
    await eventually(async () => (await w.lines()).length).toBe(9);
    // Eight messages, fewer readings: gathered into summaries.
    expect((await said()).length - 1).toBeLessThan(8);
    await context.close();
  });
});

describe('<tipchat-widget> chat settings', () => {
  it('counts characters against the maximum length and refuses a send over it', async () => {
    const { slug, client } = await freshChannel();
    await client.chat.updateSettings(slug, { maxMessageLength: 10 });
    const ada = await world.openWidget(slug);
    await join(ada.page, 'Ada');
    const w = widget(ada.page);
    await w.composer.locator('input[name="text"]').fill('twelve chars');
    expect(await w.part('counter').textContent()).toBe('12/10');
    expect(await w.part('send').isDisabled()).toBe(true);
    await w.composer.locator('input[name="text"]').fill('ten chars!');
    expect(await w.part('counter').textContent()).toBe('10/10');
    expect(await w.part('send').isDisabled()).toBe(false);
    await ada.context.close();
  });

  it('hints that links are not allowed while one is typed, and shows the refusal', async () => {
    const { slug } = await freshChannel();
    const ada = await world.openWidget(slug);
    await join(ada.page, 'Ada');
    const w = widget(ada.page);
    const input = w.composer.locator('input[name="text"]');
    await input.fill('see example.com');
    await eventually(() => w.hint.textContent()).toContain('No links here');
    await input.press('Enter');
    await eventually(() => w.hint.textContent()).toContain('No links here');
    expect(await w.lines()).toEqual([]);
    await ada.context.close();
  });

  it('counts down slow mode after a send, and the send box waits for it', async () => {
    const { slug, client } = await freshChannel();
    await client.chat.updateSettings(slug, { slowModeSeconds: 60 });
    const ada = await world.openWidget(slug);
    await join(ada.page, 'Ada');
    const w = widget(ada.page);
    await say(ada.page, 'first');
    await eventually(() => w.hint.textContent()).toMatch(/^Slow mode: wait \d+ s/);
    await w.composer.locator('input[name="text"]').fill('second');
    expect(await w.part('send').isDisabled()).toBe(true);
    // Counted from the channel's 60 seconds, and going down (without asserting how fast).
    const first = Number(/wait (\d+)/.exec((await w.hint.textContent()) ?? '')?.[1]);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(60);
    await eventually(async () => Number(/wait (\d+)/.exec((await w.hint.textContent()) ?? '')?.[1])).toBeLessThan(first);
    await ada.context.close();
  });

  it('says a SLOW_MODE refusal it did not expect (slow mode turned on after the last send) and counts down', async () => {
    const { slug, client } = await freshChannel();
    const ada = await world.openWidget(slug);
    await join(ada.page, 'Ada');
    const w = widget(ada.page);
    await say(ada.page, 'before slow mode');
    await client.chat.updateSettings(slug, { slowModeSeconds: 120 });
    await w.composer.locator('input[name="text"]').fill('too soon');
    await w.composer.locator('input[name="text"]').press('Enter');
    await eventually(() => w.hint.textContent()).toMatch(/^Slow mode: wait \d+ s/);
    expect(await w.lines()).toEqual(['Ada before slow mode']);
    await ada.context.close();
  });

  it('closes the send box while chat is turned off, and opens it again live', async () => {
    const { slug, client } = await freshChannel();
    const ada = await world.openWidget(slug);
    await join(ada.page, 'Ada');
    const w = widget(ada.page);
    await client.chat.updateSettings(slug, { enabled: false });
    await eventually(() => w.hint.textContent()).toBe('Chat is off');
    expect(await w.composer.locator('input[name="text"]').isDisabled()).toBe(true);
    await client.chat.updateSettings(slug, { enabled: true });
    await eventually(() => w.composer.locator('input[name="text"]').isDisabled()).toBe(false);
    await ada.context.close();
  });
});

describe('<tipchat-widget> bans', () => {
  it('shows a banned viewer the ban the moment it is made, and takes the send box away', async () => {
    const { slug, client } = await freshChannel();
    const ada = await world.openWidget(slug);
    await join(ada.page, 'Troll');
    await say(ada.page, 'spam');
    const [message] = (await client.chat.history(slug)).messages;
    await client.moderation.ban(slug, { viewerId: message?.author.viewerId ?? '', reason: 'spam', deleteRecentMessages: true });
    const w = widget(ada.page);
    await eventually(() => w.part('notice').textContent()).toBe('You are banned here');
    expect(await w.composer.count()).toBe(0);
    // Their messages were removed from every chat view, theirs included.
    expect(await w.lines()).toEqual([]);
    await screenshot(w.root, 'widget-banned');

    // A reload does not bring the box back: the widget asks where its viewer stands as it loads.
    await ada.page.reload();
    await eventually(() => w.part('notice').textContent()).toBe('You are banned here');
    expect(await w.composer.count()).toBe(0);
    await ada.context.close();
  });

  it('shows a timed-out viewer when the time-out ends', async () => {
    const { slug, client } = await freshChannel();
    const ada = await world.openWidget(slug);
    await join(ada.page, 'Hasty');
    await say(ada.page, 'hi');
    const [message] = (await client.chat.history(slug)).messages;
    const ban = await client.moderation.ban(slug, { viewerId: message?.author.viewerId ?? '', durationSeconds: 600 });
    const w = widget(ada.page);
    expect(ban.expiresAt).not.toBeNull();
    await eventually(() => w.part('notice').textContent()).toMatch(/^You are timed out until \d{1,2}:\d{2}\W*(AM|PM)$/);
    await client.moderation.unban(slug, ban.id);
    await eventually(() => w.composer.locator('input[name="text"]').count()).toBe(1);
    await ada.context.close();
  });
});

describe('<tipchat-widget> states', () => {
  it('shows live and offline, and follows the stream starting and ending', async () => {
    const { slug, client } = await freshChannel(false);
    const { page, context } = await world.openWidget(slug);
    const w = widget(page);
    expect(await w.settled()).toBe('offline');
    expect(await w.status.textContent()).toBe('Offline');
    const stream = await client.streams.start(slug);
    await eventually(() => w.status.textContent()).toBe('Live');
    await client.streams.end(stream.id);
    await eventually(() => w.status.textContent()).toBe('Offline');
    await context.close();
  });

  it('says when the server cannot be reached, the channel does not exist, or the attributes are missing', async () => {
    const { page, context } = await newPage(
      world.browser,
      world.pages.add([
        { channel: 'night-owl', server: deadUrl },
        { channel: 'no-such-channel', server: world.server },
        { channel: '', server: world.server },
      ]),
    );
    const [unreachable, missing, unconfigured] = [widget(page, 0), widget(page, 1), widget(page, 2)];
    expect(await unreachable.settled()).toBe('unreachable');
    expect(await unreachable.status.textContent()).toBe('Cannot reach the server');
    expect(await unreachable.part('retry').isVisible()).toBe(true);
    expect(await missing.settled()).toBe('not-found');
    expect(await missing.status.textContent()).toBe('Channel not found');
    expect(await unconfigured.part('base').getAttribute('data-state')).toBe('unconfigured');
    const { events } = await recorded(page);
    expect(events.filter((e) => e.type === 'tipchat-error').map((e) => e.detail.code)).toEqual(
      expect.arrayContaining(['NETWORK_ERROR', 'NOT_FOUND']),
    );
    await context.close();
  });

  it('speaks Hindi when the page (or the element) says lang="hi"', async () => {
    const { page, context } = await world.openWidget('quiet-corner', { lang: 'hi' });
    const w = widget(page);
    await w.settled();
    expect(await w.status.textContent()).toBe('ऑफ़लाइन');
    expect(await w.part('tip-button').textContent()).toBe('टिप');
    await w.root.evaluate((element) => element.setAttribute('lang', 'en'));
    await eventually(() => w.status.textContent()).toBe('Offline');
    await context.close();
  });
});

describe('<tipchat-widget> hostile text', () => {
  it('renders HTML, javascript: links and direction overrides in names and messages as inert text', async () => {
    const { slug } = await freshChannel();
    const url = world.pageFor(slug);
    const mallory = await newPage(world.browser, url);
    await join(mallory.page, HOSTILE_NAME);
    await say(mallory.page, HOSTILE_TEXT);
    const viewer = await newPage(world.browser, url);
    const w = widget(viewer.page);
    await eventually(async () => (await w.lines()).length).toBe(1);
    const rendered = await w.messages.first().evaluate((item) => ({
      author: item.querySelector('[part~="author"]')?.textContent,
      text: item.querySelector('[part~="text"]')?.textContent,
      elements: [...item.querySelectorAll('*')].map((element) => element.localName),
    }));
    // The server strips the U+202E override; everything else arrives and is shown literally.
    expect(rendered).toEqual({
      author: HOSTILE_NAME.replace('\u202E', ''),
      text: HOSTILE_TEXT.replace('\u202E', ''),
      elements: ['bdi', 'span'],
    });
    const injected = await viewer.page.evaluate(() => ({
      pwned: (window as { __pwned?: number }).__pwned ?? 0,
      images: document.querySelector('tipchat-widget')?.shadowRoot?.querySelectorAll('img, script, a').length,
    }));
    expect(injected).toEqual({ pwned: 0, images: 0 });
    expect((await recorded(viewer.page)).csp).toEqual([]);
    await mallory.context.close();
    await viewer.context.close();
  });
});

describe('<tipchat-widget> keyboard', () => {
  it('reaches the name prompt, send box and Tip button with Tab, and sends with Enter', async () => {
    const { slug } = await freshChannel();
    const { page, context } = await world.openWidget(slug);
    const w = widget(page);
    await w.settled();
    const focused = () =>
      page.evaluate(() => {
        const active = document.querySelector('tipchat-widget')?.shadowRoot?.activeElement;
        return active ? `${active.localName}${active.getAttribute('part') ? `[${active.getAttribute('part')}]` : ''}` : null;
      });
    const tabTo = async (target: string) => {
      for (let i = 0; i < 10 && (await focused()) !== target; i++) await page.keyboard.press('Tab');
      expect(await focused()).toBe(target);
    };
    await tabTo('button[tip-button]');
    await tabTo('input[input]');
    await page.keyboard.type('Keyboard Kate');
    await page.keyboard.press('Enter');
    await w.composer.locator('input[name="text"]').waitFor();
    // Focus stays in the composer, now the send box.
    expect(await focused()).toBe('input[input]');
    await page.keyboard.type('typed, not clicked');
    await page.keyboard.press('Enter');
    await eventually(() => w.lines()).toEqual(['Keyboard Kate typed, not clicked']);
    expect(await focused()).toBe('input[input]');

    // Shift+Tab back to the Tip button, Enter opens the form, Escape closes it and returns focus.
    for (let i = 0; i < 10 && (await focused()) !== 'button[tip-button]'; i++) await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await w.tipForm.waitFor();
    await page.keyboard.press('Escape');
    await eventually(() => w.tipForm.count()).toBe(0);
    expect(await focused()).toBe('button[tip-button]');
    await context.close();
  });
});

describe('<tipchat-widget> looks', () => {
  it('renders light, dark and transparent (screenshots for people)', async () => {
    const { slug, client } = await freshChannel();
    const url = world.pageFor(slug);
    const ada = await newPage(world.browser, url);
    await join(ada.page, 'Ada');
    await say(ada.page, 'What a play!');
    await say(ada.page, 'gg everyone');
    await client.chat.join(slug, {});
    await client.chat.send(slug, 'Thanks for watching, chat');
    for (const [name, embed, dark] of [
      ['widget-light', { channel: slug, server: world.server }, false],
      ['widget-dark', { channel: slug, server: world.server, theme: 'dark' as const }, true],
      ['widget-transparent', { channel: slug, server: world.server, transparent: true, theme: 'dark' as const }, true],
    ] as const) {
      const { page, context } = await newPage(world.browser, world.pages.add([embed], { dark }));
      const w = widget(page);
      await w.settled();
      await eventually(async () => (await w.lines()).length).toBe(3);
      expect(await w.root.getAttribute('theme')).toBe(embed.theme ?? 'light');
      await screenshot(page, name);
      await context.close();
    }
    await ada.context.close();
  });
});
