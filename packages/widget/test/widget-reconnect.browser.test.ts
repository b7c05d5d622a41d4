import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { createClient } from '@tipchat/sdk';
import type { TipchatServer } from '@tipchat/server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewerBundle } from './bundles';
import { eventually, join, launchChromium, newPage, Pages, say, screenshot, startApi, streamer, widget } from './widget.harness';

/**
 * <tipchat-widget> across a server restart: the server stops and starts again on the same
 * embedded database and port, and an open widget picks up where it left off.
 */

let api: TipchatServer | undefined;
let server: string;
let port: number;
let dataDir: string;
let pages: Pages;
let browser: Browser;

beforeAll(async () => {
  dataDir = await mkdtemp(joinPath(tmpdir(), 'tipchat-widget-restart-'));
  const [bundle, started] = await Promise.all([viewerBundle(), startApi({ dataDir })]);
  ({ api, url: server, port } = started);
  pages = new Pages(bundle, () => [server]);
  await pages.start();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await api?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('<tipchat-widget> and a server restart', () => {
  it('shows reconnecting while the server is away, then resumes without losing or repeating a message', async () => {
    await streamer(server, { email: 'restart@example.com', slug: 'restart-room', displayName: 'Restart Room', live: true });
    const url = pages.add([{ channel: 'restart-room', server }]);
    const ada = await newPage(browser, url);
    const w = widget(ada.page);
    await join(ada.page, 'Ada');
    await say(ada.page, 'before one');
    const bob = createClient({ baseUrl: server });
    await bob.chat.join('restart-room', { displayName: 'Bob' });
    await bob.chat.send('restart-room', 'before two');
    const before = ['Ada before one', 'Bob before two'];
    await eventually(() => w.lines()).toEqual(before);

    await api?.close();
    api = undefined;
    await eventually(() => w.status.textContent()).toBe('Reconnecting…');
    expect(await w.base.getAttribute('data-state')).toBe('reconnecting');
    await screenshot(w.root, 'widget-reconnecting');

    // A viewer who arrives while the server is away is told so.
    const late = await newPage(browser, url);
    const lateWidget = widget(late.page);
    expect(await lateWidget.settled()).toBe('unreachable');

    ({ api } = await startApi({ dataDir, port }));
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
