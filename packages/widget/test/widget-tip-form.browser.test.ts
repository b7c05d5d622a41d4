import type { TipchatClient } from '@tipchat/sdk';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually, join, newPage, recorded, say, screenshot, streamer, useWidgetWorld, widget } from './widget.harness';

/**
 * The tip form's defects from issue 14, each as a viewer meets it: the pay button below the fold
 * of the fixed-height widget (with the chat's send box showing under the form), a paid tip's
 * amount and message filled in again, a declined payment's error outliving the next try, and a
 * banned viewer finding out only after pressing Tip.
 */

const world = useWidgetWorld();

let channels = 0;
async function freshChannel(): Promise<{ slug: string; client: TipchatClient }> {
  const n = ++channels;
  const slug = `form-${n}`;
  return {
    slug,
    client: await streamer(world.server, { email: `form${n}@example.com`, slug, displayName: `Form ${n}`, live: true, currency: 'USD' }),
  };
}

/** Whether the fee line and pay button lie inside the tip panel as first shown, with nothing scrolled. */
function payInView(page: Page): Promise<boolean> {
  return widget(page).tipForm.evaluate((panel) => {
    const box = panel.getBoundingClientRect();
    const inside = (part: string) => {
      const rect = panel.querySelector(`[part~="${part}"]`)?.getBoundingClientRect();
      return !!rect && rect.height > 0 && rect.top >= box.top && rect.bottom <= box.bottom;
    };
    return panel.scrollTop === 0 && inside('fee') && inside('pay');
  });
}

/** The fields labelled "Message" that the viewer can see: the tip's message, and the chat's send box unless it is hidden. */
function messageFields(page: Page) {
  return widget(page)
    .root.getByLabel(/^Message/)
    .filter({ visible: true });
}

describe('<tipchat-widget> tip form layout', () => {
  for (const [size, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`shows the fee line and pay button without scrolling, and one message field, on a ${size}`, async () => {
      const { slug } = await freshChannel();
      const tipper = await newPage(world.browser, world.pageFor(slug));
      await tipper.page.setViewportSize(viewport);
      // A phone page gives the widget its whole width; the desktop test page is 420 px wide.
      if (size === 'phone') await tipper.page.evaluate(() => document.body.style.setProperty('margin', '0'));
      if (size === 'phone') await tipper.page.evaluate(() => document.body.style.setProperty('width', 'auto'));
      const w = widget(tipper.page);
      // A viewer who chats has the send box: the form must not show it under itself as a second "Message".
      await join(tipper.page, 'Viewer');
      await w.part('tip-button').click();
      await eventually(() => w.part('fee').textContent()).toMatch(/Fee \$/);
      await screenshot(w.root, `widget-tip-form-${size}`);
      expect(await payInView(tipper.page)).toBe(true);
      expect(await messageFields(tipper.page).count()).toBe(1);
      // Closed again, the send box is back.
      await w.part('close').click();
      await w.composer.locator('input[name="text"]').waitFor();
      await tipper.context.close();
    });
  }
});

describe('<tipchat-widget> tip form state', () => {
  it('starts the next tip from the default amount with an empty message after a paid tip', async () => {
    const { slug } = await freshChannel();
    const tipper = await world.openWidget(slug);
    const w = widget(tipper.page);
    await w.settled();
    await w.part('tip-button').click();
    await w.tipForm.locator('input[name="name"]').fill('Big Spender');
    await w.tipForm.locator('input[name="amount"]').fill('100');
    await w.tipForm.locator('textarea').fill('here is a hundred');
    await w.part('pay').click();
    await w.tipForm.getByRole('button', { name: 'Pay', exact: true }).click();
    await eventually(() => w.part('result').textContent()).toBe('Thank you! $100 sent');
    await w.part('close').click();

    await w.part('tip-button').click();
    await w.part('preset').first().waitFor();
    expect(await w.tipForm.locator('input[name="amount"]').inputValue()).toBe('');
    expect(await w.tipForm.locator('textarea').inputValue()).toBe('');
    expect(await w.tipForm.locator('[aria-pressed="true"]').textContent()).toBe('$2');
    expect(await w.part('pay').textContent()).toBe('Tip $2');
    // The name is the viewer's own and stays.
    expect(await w.tipForm.locator('input[name="name"]').inputValue()).toBe('Big Spender');
    await tipper.context.close();
  });

  it("clears a declined payment's error when the viewer tries again, and a refusal's when they change the amount", async () => {
    const { slug } = await freshChannel();
    const tipper = await world.openWidget(slug);
    const w = widget(tipper.page);
    await w.settled();
    await w.part('tip-button').click();
    await w.tipForm.locator('input[name="name"]').fill('Unlucky');
    await w.part('pay').click();
    await w.tipForm.getByRole('button', { name: 'Decline' }).click();
    await eventually(() => w.part('result').textContent()).toMatch(/^The payment failed: .+/);
    const reason = String((await recorded(tipper.page)).events.find((e) => e.type === 'tipchat-tip-failed')?.detail.reason);
    expect(reason.length).toBeGreaterThan(0);

    await w.tipForm.getByRole('button', { name: 'Try again' }).click();
    await w.part('preset').first().waitFor();
    expect(await w.tipForm.textContent()).not.toContain(reason);

    // This channel allows no links: the server refuses the tip and the form says why…
    await w.tipForm.locator('textarea').fill('see www.example.com');
    await w.part('pay').click();
    await eventually(() => w.part('fee').textContent()).toContain('Links are not allowed');
    // …until the viewer changes the amount.
    await w.part('preset').nth(1).click();
    await eventually(() => w.part('fee').textContent()).not.toContain('Links are not allowed');
    await tipper.context.close();
  });
});

describe('<tipchat-widget> a banned tipper', () => {
  it('takes the Tip button away with the ban notice the moment the ban is made, and closes an open form', async () => {
    const { slug, client } = await freshChannel();
    const ada = await world.openWidget(slug);
    const w = widget(ada.page);
    await join(ada.page, 'Troll');
    await say(ada.page, 'spam');
    await w.part('tip-button').click();
    await w.part('pay').waitFor();
    const [message] = (await client.chat.history(slug)).messages;
    await client.moderation.ban(slug, { viewerId: message?.author.viewerId ?? '', reason: 'spam' });
    await eventually(() => w.part('notice').textContent()).toBe('You are banned here');
    expect(await w.tipForm.count()).toBe(0);
    expect(await w.part('tip-button').isDisabled()).toBe(true);
    await screenshot(w.root, 'widget-banned-tip');
    await ada.context.close();
  });

  it('shows a returning viewer their ban as the widget loads (a reload past the ban event), before they press anything', async () => {
    const { slug, client } = await freshChannel();
    const ada = await world.openWidget(slug);
    const w = widget(ada.page);
    await join(ada.page, 'Hasty');
    await say(ada.page, 'hi');
    const [message] = (await client.chat.history(slug)).messages;
    await client.moderation.ban(slug, { viewerId: message?.author.viewerId ?? '', durationSeconds: 600 });
    await eventually(() => w.part('notice').count()).toBe(1);

    // The streamer chats on: a reload starts after that message, past the ban's event; the widget asks where its
    // viewer stands as it loads, so the time-out shows at once instead of after a refused Send or Tip.
    await client.chat.join(slug);
    await client.chat.send(slug, 'moving on');
    await ada.page.reload();
    await eventually(() => w.part('notice').textContent()).toMatch(/^You are timed out until /);
    expect(await w.part('tip-button').isDisabled()).toBe(true);
    expect(await w.composer.locator('input[name="text"]').count()).toBe(0);
    expect(await w.tipForm.count()).toBe(0);
    await ada.context.close();
  });
});
