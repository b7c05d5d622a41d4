import { createClient, type TipchatClient } from '@tipchat/sdk';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatAmount } from '../src/internal/format';
import { eventually, join, newPage, recorded, say, screenshot, streamer, useWidgetWorld, widget } from './widget.harness';

/**
 * Tipping from <tipchat-widget> through the dev provider: presets and a custom amount, the
 * tier's message limit, the fee quoted before paying, the dev checkout's outcomes, and the paid
 * tip highlighted in every viewer's chat.
 */

const world = useWidgetWorld();

let channels = 0;
async function freshChannel(): Promise<{ slug: string; client: TipchatClient }> {
  const n = ++channels;
  const slug = `tips-${n}`;
  return {
    slug,
    client: await streamer(world.server, { email: `tips${n}@example.com`, slug, displayName: `Tips ${n}`, live: true, currency: 'USD' }),
  };
}

const usd = (minor: number) => formatAmount(minor, 'USD', 'en');

/** Every request the page made to a payment provider's own origin. */
function providerRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (/stripe\.com|cashfree\.com/.test(request.url())) seen.push(request.url());
  });
  return seen;
}

describe('<tipchat-widget> tipping with the dev provider', () => {
  it('offers the presets and a custom amount, quotes the fee and the tier message limit, pays, and shows the tip highlighted to everyone', async () => {
    const { slug } = await freshChannel();
    const url = world.pageFor(slug);
    const tipper = await newPage(world.browser, url);
    const requests = providerRequests(tipper.page);
    const watcher = await newPage(world.browser, url);
    const w = widget(tipper.page);
    await join(tipper.page, 'Generous');

    await w.part('tip-button').click();
    await w.part('preset').first().waitFor();
    expect(await w.part('preset').allTextContents()).toEqual(['$2', '$5', '$10', '$20']);
    // The first preset is chosen; the viewer's chat name is filled in.
    expect(await w.tipForm.locator('[aria-pressed="true"]').textContent()).toBe('$2');
    expect(await w.tipForm.locator('input[name="name"]').inputValue()).toBe('Generous');

    const viewer = createClient({ baseUrl: world.server });
    const quoteFor = async (amount: number) => {
      const { quote } = await viewer.tips.options(slug, amount);
      return `Fee ${usd(quote?.fee ?? -1)}, streamer gets ${usd(quote?.net ?? -1)}`;
    };
    await w.part('preset').nth(1).click();
    await eventually(() => w.part('fee').textContent()).toContain(await quoteFor(500));
    expect(await w.part('pay').textContent()).toBe('Tip $5');

    // A custom amount takes over from the presets; its tier (from $5) allows 150 characters.
    await w.tipForm.locator('input[name="amount"]').fill('7.50');
    expect(await w.tipForm.locator('[aria-pressed="true"]').count()).toBe(0);
    await eventually(() => w.part('fee').textContent()).toContain(await quoteFor(750));
    expect(await w.part('pay').textContent()).toBe('Tip $7.50');
    await w.tipForm.locator('textarea').fill('Love the stream!');
    expect(await w.tipForm.locator('[part~="counter"]').textContent()).toBe('16/150');

    await w.part('pay').click();
    await w.tipForm.getByRole('button', { name: 'Pay', exact: true }).click();
    await eventually(() => w.part('result').textContent()).toBe('Thank you! $7.50 sent');
    await screenshot(w.root, 'widget-tip-paid');
    await w.part('close').click();

    // Highlighted in the tier's colour, and pinned (this tier pins for two minutes), for both viewers.
    for (const page of [tipper.page, watcher.page]) {
      const chat = widget(page);
      const tip = chat.root.locator('[part~="chat"] [part~="tip"]');
      await eventually(() => tip.count()).toBe(1);
      expect((await tip.textContent())?.replace(/\s+/g, ' ').trim()).toBe('$7.50 Generous Love the stream!');
      expect(await tip.evaluate((item) => getComputedStyle(item).getPropertyValue('--tier'))).toBe('#00bfa5');
      expect(await chat.part('pins').locator('[part~="tip"]').count()).toBe(1);
    }
    await screenshot(w.root, 'widget-tip-highlighted');

    const { events, csp } = await recorded(tipper.page);
    const tipEvents = events.filter((e) => e.type.startsWith('tipchat-tip'));
    expect(tipEvents.map((e) => e.type)).toEqual(['tipchat-tip-started', 'tipchat-tip-succeeded']);
    expect(tipEvents[1]?.detail).toMatchObject({ tip: { amount: 750, currency: 'USD', status: 'succeeded', displayName: 'Generous' } });
    expect(csp).toEqual([]);
    // The dev provider needs no provider script; none was fetched.
    expect(requests).toEqual([]);
    await tipper.context.close();
    await watcher.context.close();
  });

  it('shows a declined payment with its reason and lets the viewer try again with everything kept', async () => {
    const { slug } = await freshChannel();
    const tipper = await world.openWidget(slug);
    const w = widget(tipper.page);
    await w.settled();
    await w.part('tip-button').click();
    await w.tipForm.locator('input[name="name"]').fill('Unlucky');
    await w.tipForm.locator('textarea').fill('take two');
    await w.part('pay').click();
    await w.tipForm.getByRole('button', { name: 'Decline' }).click();
    await eventually(() => w.part('result').textContent()).toMatch(/^The payment failed: .+/);
    await screenshot(w.root, 'widget-tip-failed');
    const failed = (await recorded(tipper.page)).events.find((e) => e.type === 'tipchat-tip-failed');
    expect(failed?.detail).toMatchObject({ tip: { status: 'failed' }, reason: expect.any(String) });

    await w.tipForm.getByRole('button', { name: 'Try again' }).click();
    expect(await w.tipForm.locator('textarea').inputValue()).toBe('take two');
    expect(await w.tipForm.locator('input[name="name"]').inputValue()).toBe('Unlucky');
    await w.part('pay').click();
    await w.tipForm.getByRole('button', { name: 'Pay later' }).click();
    // "Pay later" succeeds a moment afterwards, like a UPI collect request; the widget waits for it.
    await eventually(() => w.part('result').textContent(), 20_000).toBe('Thank you! $2 sent');
    await tipper.context.close();
  });

  it('refuses an amount outside the channel limits before anything is created', async () => {
    const { slug, client } = await freshChannel();
    const tipper = await world.openWidget(slug);
    const w = widget(tipper.page);
    await w.settled();
    await w.part('tip-button').click();
    const amount = w.tipForm.locator('input[name="amount"]');
    await w.tipForm.locator('input[name="name"]').fill('Counter');
    await amount.fill('0.50');
    await eventually(() => w.part('fee').textContent()).toContain('At least $1');
    expect(await w.part('pay').isDisabled()).toBe(true);
    await amount.fill('1000');
    await eventually(() => w.part('fee').textContent()).toContain('At most $500');
    expect(await w.part('pay').isDisabled()).toBe(true);
    await amount.fill('not money');
    expect(await w.part('pay').isDisabled()).toBe(true);
    expect((await client.tipFeed.list(slug, { status: ['pending', 'failed', 'succeeded'] })).tips).toEqual([]);
    await tipper.context.close();
  });

  it('shows the tip form in Hindi with rupee amounts', async () => {
    const n = ++channels;
    const slug = `rupees-${n}`;
    const client = await streamer(world.server, {
      email: `rupees${n}@example.com`,
      slug,
      displayName: 'Rupee Room',
      live: true,
      currency: 'INR',
    });
    await client.channels.update(slug, { tipPresets: [5_000, 10_000] });
    const tipper = await world.openWidget(slug, { lang: 'hi' });
    const w = widget(tipper.page);
    await w.settled();
    await w.part('tip-button').click();
    await w.part('preset').first().waitFor();
    expect(await w.part('preset').allTextContents()).toEqual([formatAmount(5_000, 'INR', 'hi'), formatAmount(10_000, 'INR', 'hi')]);
    expect(await w.part('pay').textContent()).toBe(`${formatAmount(5_000, 'INR', 'hi')} टिप दें`);
    await screenshot(w.root, 'widget-tip-form-hindi');
    await tipper.context.close();
  });
});

describe('<tipchat-widget> a chatting tipper', () => {
  it('links the tip to the chat name and keeps chatting after paying', async () => {
    const { slug } = await freshChannel();
    const tipper = await world.openWidget(slug);
    const w = widget(tipper.page);
    await join(tipper.page, 'Regular');
    await say(tipper.page, 'before the tip');
    await w.part('tip-button').click();
    await w.part('pay').click();
    await w.tipForm.getByRole('button', { name: 'Pay', exact: true }).click();
    await eventually(() => w.part('result').textContent()).toBe('Thank you! $2 sent');
    await w.part('close').click();
    await say(tipper.page, 'after the tip');
    await eventually(() => w.lines()).toEqual(['Regular before the tip', '$2 Regular', 'Regular after the tip']);
    await tipper.context.close();
  });
});
