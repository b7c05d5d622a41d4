import { createClient } from '@tipchat/sdk';
import { describe, expect, it } from 'vitest';
import { eventually, join, newPage, say, screenshot, streamer, useWidgetWorld, widget } from './widget.harness';

/**
 * <tipchat-widget> across a server restart: the server stops and starts again on the same
 * embedded database and port, and an open widget picks up where it left off.
 */

const world = useWidgetWorld({ restartable: true });

describe('<tipchat-widget> and a server restart', () => {
  it('shows reconnecting while the server is away, then resumes without losing or repeating a message', async () => {
    await streamer(world.server, { email: 'restart@example.com', slug: 'restart-room', displayName: 'Restart Room', live: true });
    const url = world.pageFor('restart-room');
    const ada = await newPage(world.browser, url);
    const w = widget(ada.page);
    await join(ada.page, 'Ada');
    await say(ada.page, 'before one');
    const bob = createClient({ baseUrl: world.server });
    await bob.chat.join('restart-room', { displayName: 'Bob' });
    await bob.chat.send('restart-room', 'before two');
    const before = ['Ada before one', 'Bob before two'];
    await eventually(() => w.lines()).toEqual(before);

    await world.stopApi();
    await eventually(() => w.status.textContent()).toBe('Reconnecting…');
    expect(await w.base.getAttribute('data-state')).toBe('reconnecting');
    await screenshot(w.root, 'widget-reconnecting');

    // A viewer who arrives while the server is away is told so.
    const late = await newPage(world.browser, url);
    const lateWidget = widget(late.page);
    expect(await lateWidget.settled()).toBe('unreachable');

    await world.restartApi();
    // Said right after the restart, most likely before the widget is back: it must catch up on them.
    await bob.chat.send('restart-room', 'after one');
    await bob.chat.send('restart-room', 'after two');
    const after = [...before, 'Bob after one', 'Bob after two'];
    await eventually(() => w.lines(), 30_000).toEqual(after);
    await eventually(() => w.status.textContent()).toBe('Live');

    // The guest is still Ada, and chat goes on.
    await say(ada.page, 'back again');
    await eventually(() => w.lines()).toEqual([...after, 'Ada back again']);

    await lateWidget.part('retry').click();
    await eventually(() => lateWidget.status.textContent()).toBe('Live');
    expect(await lateWidget.lines()).toEqual([...after, 'Ada back again']);
    await ada.context.close();
    await late.context.close();
  });
});
