import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OverlayHarness } from './overlay-harness';

/**
 * An overlay that was away for longer than the server keeps events: what it missed was pruned
 * from the log, so it cannot catch up event by event. It is told so (EVENTS_PRUNED) and loads
 * its state again instead of showing a chat with a silent gap.
 */

const harness = new OverlayHarness();

beforeAll(() => harness.start());
afterAll(() => harness.close());

const DAY_MS = 86_400_000;

function chatLines(page: import('playwright-core').Page): Promise<string[]> {
  return page
    .locator('tipchat-chat-overlay [part~="message"]')
    .evaluateAll((items) => items.map((item) => (item.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

describe('<tipchat-chat-overlay> and a pruned event log', () => {
  it('reloads the chat when the events it missed while off the page were pruned', async () => {
    const channel = await harness.channel();
    const viewer = harness.client();
    await viewer.chat.join(channel.slug, { displayName: 'Ada' });
    const first = await viewer.chat.send(channel.slug, 'first');
    const overlay = await harness.open(channel, { show: 'chat' });
    const { page } = overlay;
    await page.evaluate(() => document.querySelector('tipchat-chat-overlay')?.setAttribute('fade-after', '0'));
    await viewer.chat.send(channel.slug, 'second');
    await expect.poll(() => chatLines(page)).toEqual(['Ada first', 'Ada second']);

    await page.evaluate(() => {
      const chat = document.querySelector('tipchat-chat-overlay');
      (window as unknown as { __parked?: Element | null }).__parked = chat;
      chat?.remove();
    });
    await viewer.chat.send(channel.slug, 'while away');
    await channel.owner.chat.delete(channel.slug, first.id);

    // Eight days on, as far as the log is concerned: everything published is older than the retention period.
    const { sql, eventRetention } = harness.api;
    const [row] = await sql<{ id: string; lastEventSeq: number }[]>`select id, last_event_seq from channels where slug = ${channel.slug}`;
    const later = new Date(Date.now() + 8 * DAY_MS);
    await expect
      .poll(async () => {
        await eventRetention.pruneDue(later);
        const [mark] = await sql<{ prunedThroughSeq: number }[]>`
          select pruned_through_seq from channel_event_retention where channel_id = ${row?.id ?? ''}`;
        return mark?.prunedThroughSeq;
      })
      .toBe(row?.lastEventSeq);

    const histories: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.endsWith(`/channels/${channel.slug}/chat/messages`)) histories.push(request.url());
    });
    await page.evaluate(() => {
      const chat = (window as unknown as { __parked?: Element | null }).__parked;
      if (chat) document.body.append(chat);
    });
    // The deleted message is gone and the one sent while away is there: read again, not skipped.
    await expect.poll(() => chatLines(page)).toEqual(['Ada second', 'Ada while away']);
    expect(histories.length).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.locator('tipchat-chat-overlay').getAttribute('data-connection')).toBe('connected');

    // And it goes on live from there.
    await viewer.chat.send(channel.slug, 'after the reload');
    await expect.poll(() => chatLines(page)).toEqual(['Ada second', 'Ada while away', 'Ada after the reload']);
    expect(await overlay.errors()).toEqual([]);
    await overlay.close();
  });
});
