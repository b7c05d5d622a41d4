import type { ChannelConnection, ChannelEvent } from '@tipchat/sdk';
import type { TipFeedItem } from '@tipchat/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { caught } from '../../../test/support/errors';
import { eventually } from '../../../test/support/realtime';
import { startTestServer, type TestServer } from '../../../test/support/server';
import { addTip, type FeedChannel, feedChannel, ids } from './feed-test-kit';
import type { TipRow } from './tip-view';

let server: TestServer;
let channel: FeedChannel;
const open: ChannelConnection[] = [];

beforeAll(async () => {
  server = await startTestServer({ RELAY_SWEEP_MS: '100' });
  channel = await feedChannel(server);
});
afterEach(() => {
  for (const connection of open.splice(0)) connection.close();
});
afterAll(() => server.close());

let minutes = 0;
/** A fresh unread tip, a minute newer than the last. */
const freshTip = (fields: { amount?: number; message?: string } = {}) =>
  addTip(server, channel.id, {
    amount: fields.amount ?? 500,
    message: fields.message ?? 'hi',
    createdAt: new Date(Date.UTC(2024, 0, 1, 0, ++minutes)),
  });

/** The staff's view of the channel's events after `after`, through the events API. */
async function eventsAfter(after: number): Promise<ChannelEvent[]> {
  return (await channel.owner.events.after(channel.slug, after)).events;
}
const head = () => server.app.eventLog.head(channel.id);
const storedTip = async (id: string) => (await server.app.sql<TipRow[]>`select * from tips where id = ${id}`)[0];

describe('marking a tip', () => {
  it('marks read, answers the tip as it now is and announces it to the staff in the same change', async () => {
    const tip = await freshTip();
    const before = await head();
    const marked = await channel.owner.tipFeed.mark(channel.slug, tip.id, { read: true });
    expect(marked).toMatchObject({ id: tip.id, read: true, starred: false, hidden: false });
    expect(await channel.owner.tipFeed.get(channel.slug, tip.id)).toEqual(marked);
    const events = await eventsAfter(before);
    expect(events).toEqual([expect.objectContaining({ type: 'tip.updated', data: marked })]);
    // Staff only: the public log has no trace of it.
    expect((await server.client().events.after(channel.slug, before)).events).toEqual([]);
  });

  it('changes only the marks it is given', async () => {
    const tip = await freshTip();
    await channel.owner.tipFeed.mark(channel.slug, tip.id, { starred: true });
    const marked = await channel.owner.tipFeed.mark(channel.slug, tip.id, { read: true });
    expect(marked).toMatchObject({ read: true, starred: true, hidden: false });
    const unstarred = await channel.owner.tipFeed.mark(channel.slug, tip.id, { starred: false, hidden: true });
    expect(unstarred).toMatchObject({ read: true, starred: false, hidden: true });
    expect(await channel.owner.tipFeed.mark(channel.slug, tip.id, { read: false })).toMatchObject({
      read: false,
      starred: false,
      hidden: true,
    });
  });

  it('answers 200 to a mark that changes nothing, and writes and announces nothing', async () => {
    const tip = await freshTip();
    const first = await channel.owner.tipFeed.mark(channel.slug, tip.id, { read: true, starred: true });
    const stored = await storedTip(tip.id);
    const before = await head();
    expect(await channel.owner.tipFeed.mark(channel.slug, tip.id, { read: true, starred: true, hidden: false })).toEqual(first);
    expect(await head()).toBe(before);
    // The first read time stays: a second "read" is not a new reading.
    expect(await storedTip(tip.id)).toEqual(stored);
  });

  it('takes a hidden tip out of the feed and its totals, and back', async () => {
    const tip = await freshTip({ amount: 777, message: 'hide-me-please' });
    const listed = async () => channel.owner.tipFeed.list(channel.slug, { q: 'hide-me-please' });
    expect(ids((await listed()).tips)).toEqual([tip.id]);
    await channel.owner.tipFeed.mark(channel.slug, tip.id, { hidden: true });
    expect(await listed()).toEqual({ tips: [], nextCursor: null, totals: { count: 0, byCurrency: [] } });
    const withHidden = await channel.owner.tipFeed.list(channel.slug, { q: 'hide-me-please', includeHidden: true });
    expect(withHidden.tips).toEqual([expect.objectContaining({ id: tip.id, hidden: true })]);
    expect(await channel.owner.tipFeed.get(channel.slug, tip.id)).toMatchObject({ hidden: true });
    await channel.owner.tipFeed.mark(channel.slug, tip.id, { hidden: false });
    expect((await listed()).totals.count).toBe(1);
  });

  it("reaches every open staff dashboard live, and no viewer's", async () => {
    const tip = await freshTip();
    const dashboard = channel.moderator.realtime(channel.slug);
    const viewer = channel.guest.realtime(channel.slug);
    open.push(dashboard, viewer);
    await Promise.all([dashboard.connect(), viewer.connect()]);
    const seenByStaff: ChannelEvent[] = [];
    const seenByViewer: ChannelEvent[] = [];
    dashboard.onAny((event) => seenByStaff.push(event));
    viewer.onAny((event) => seenByViewer.push(event));

    const marked = await channel.owner.tipFeed.mark(channel.slug, tip.id, { starred: true });
    await eventually(() => expect(seenByStaff).toEqual([expect.objectContaining({ type: 'tip.updated', data: marked })]));
    // A public event after it: once the viewer has it, the staff one had its chance to leak and did not.
    await channel.owner.chat.join(channel.slug);
    await channel.owner.chat.send(channel.slug, 'after the mark');
    await eventually(() => expect(seenByViewer.map((event) => event.type)).toContain('chat.message'));
    expect(seenByViewer.map((event) => event.type)).not.toContain('tip.updated');
  });

  it('marks a paid tip the dev checkout made, whose feed item and live updates agree', async () => {
    const viewer = server.client();
    const { tip } = await viewer.tips.create(channel.slug, { amount: 2_000, currency: 'USD', displayName: 'Payer', message: 'real money' });
    const before = await head();
    await viewer.tips.devCheckout(tip.id, 'succeed');
    const item = await channel.owner.tipFeed.get(channel.slug, tip.id);
    expect(item).toMatchObject({ status: 'succeeded', read: false, provider: 'dev', amount: 2_000, fullMessage: 'real money' });
    expect(item.fee + item.net).toBe(2_000);
    expect((await channel.owner.tipFeed.list(channel.slug, { limit: 1, sort: 'newest', from: tip.createdAt })).tips).toEqual([item]);
    const paidEvents = (await eventsAfter(before)).filter((event) => event.type === 'tip.updated');
    expect(paidEvents.at(-1)?.data).toEqual(item);
    expect(await channel.owner.tipFeed.mark(channel.slug, tip.id, { read: true })).toEqual({ ...item, read: true });
  });
});

describe('marking tips read in bulk', () => {
  it('marks every tip named, once each, announcing only those that changed', async () => {
    const [a, b, c] = [await freshTip(), await freshTip(), await freshTip()];
    if (!a || !b || !c) throw new Error('no tips');
    await channel.owner.tipFeed.mark(channel.slug, b.id, { read: true });
    const before = await head();
    await channel.owner.tipFeed.markRead(channel.slug, [a.id, b.id, c.id, a.id]);
    const events = await eventsAfter(before);
    expect(events.map((event) => [event.type, (event.data as TipFeedItem).id]).sort()).toEqual(
      [
        ['tip.updated', a.id],
        ['tip.updated', c.id],
      ].sort(),
    );
    for (const tip of [a, b, c]) expect(await channel.owner.tipFeed.get(channel.slug, tip.id)).toMatchObject({ read: true });
    await channel.owner.tipFeed.markRead(channel.slug, [a.id, c.id], false);
    expect(await channel.owner.tipFeed.get(channel.slug, a.id)).toMatchObject({ read: false });
    expect(await channel.owner.tipFeed.get(channel.slug, b.id)).toMatchObject({ read: true });
    expect(await channel.owner.tipFeed.get(channel.slug, c.id)).toMatchObject({ read: false });
  });

  it('takes concurrent single and bulk marks of the same tips without a failure, the last announcement matching what is stored', async () => {
    const tips = await Promise.all(Array.from({ length: 6 }, () => freshTip()));
    const tipIds = tips.map((tip) => tip.id);
    const before = await head();
    const marks = [channel.owner, channel.moderator, server.client({ token: channel.moderationKey })].flatMap((client, who) =>
      tipIds.flatMap((id, i) => [
        client.tipFeed.mark(channel.slug, id, { starred: (i + who) % 2 === 0, read: who !== 1 }),
        // Overlapping sets, named in different orders: the locks are taken in one order whatever the request says.
        client.tipFeed.markRead(channel.slug, who === 1 ? [...tipIds].reverse() : tipIds.slice(i), who === 2),
      ]),
    );
    await Promise.all(marks);
    const announced = new Map<string, TipFeedItem>();
    for (const event of await eventsAfter(before)) if (event.type === 'tip.updated') announced.set(event.data.id, event.data);
    for (const id of tipIds) expect(announced.get(id)).toEqual(await channel.owner.tipFeed.get(channel.slug, id));
  });

  it('changes nothing at all when one id is not a tip of this channel', async () => {
    const mine = await freshTip();
    const other = await feedChannel(server);
    const theirs = await addTip(server, other.id, { amount: 500 });
    const before = await head();
    const error = await caught(channel.owner.tipFeed.markRead(channel.slug, [mine.id, theirs.id]));
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    const unknown = await caught(channel.owner.tipFeed.markRead(channel.slug, [mine.id, crypto.randomUUID()]));
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(await channel.owner.tipFeed.get(channel.slug, mine.id)).toMatchObject({ read: false });
    expect(await other.owner.tipFeed.get(other.slug, theirs.id)).toMatchObject({ read: false });
    expect(await head()).toBe(before);
  });
});
