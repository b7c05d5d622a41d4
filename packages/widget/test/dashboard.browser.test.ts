import { readFile } from 'node:fs/promises';
import { createClient, type TipchatClient } from '@tipchat/sdk';
import type { TipchatServer } from '@tipchat/server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeCashfreePayouts } from '../../server/test/fakes/cashfree-payouts-fake';
import {
  type Bundles,
  builtBundles,
  DESKTOP,
  dash,
  dashboardContext,
  devTip,
  EmbedPages,
  mailedToken,
  onView,
  overflowsHorizontally,
  PASSWORD,
  PHONE,
  shoot,
  startServer,
} from './dashboard.harness';
import { join, launchChromium, say, widget } from './widget.harness';

/**
 * A new streamer in the dashboard, start to finish: registration with the mailed link, channel
 * setup, the embed snippet pasted into a page where the viewer widget runs, tips arriving live
 * and being marked, sorted, filtered, refunded and their alerts skipped, a viewer banned from the
 * chat view (the viewer's widget shows it), settings, and a payout to a bank account through the
 * fake Cashfree Payouts. Steps build on each other, in order.
 */

const EMAIL = 'ada@example.com';
const SLUG = 'ada-plays';

let bundles: Bundles;
let api: TipchatServer;
let server: string;
let cashfree: FakeCashfreePayouts;
let browser: Browser;
let embeds: EmbedPages;
let streamer: { context: BrowserContext; page: Page; errors: string[] };
let viewer: { context: BrowserContext; page: Page } | undefined;

beforeAll(async () => {
  bundles = await builtBundles();
  cashfree = await FakeCashfreePayouts.start();
  ({ api, url: server } = await startServer({
    CASHFREE_PAYOUTS_CLIENT_ID: cashfree.clientId,
    CASHFREE_PAYOUTS_CLIENT_SECRET: cashfree.clientSecret,
    CASHFREE_PAYOUTS_API_URL: cashfree.origin,
    PAYOUT_MINIMUM: 'INR:10000,USD:1000',
    PAYOUT_POLL_MS: '3600000',
    PAYOUT_SWEEP_MS: '3600000',
  }));
  embeds = new EmbedPages(() => server);
  await embeds.start();
  browser = await launchChromium();
  const { context, errors } = await dashboardContext(browser, bundles);
  streamer = { context, errors, page: await context.newPage() };
}, 240_000);

/** A failed step leaves a picture of what the streamer saw. */
afterEach(async (context) => {
  if (context.task.result?.state !== 'fail' || !streamer) return;
  await shoot(streamer.page, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  console.error('dashboard console errors:', streamer.errors);
});

afterAll(async () => {
  await browser?.close();
  await embeds?.close();
  await api?.close();
  await cashfree?.close();
});

/** The streamer's account through the SDK, for what the test checks behind the dashboard's back. */
async function streamerClient(): Promise<TipchatClient> {
  const client = createClient({ baseUrl: server });
  await client.auth.login({ email: EMAIL, password: PASSWORD });
  return client;
}

describe('a new streamer in the dashboard', () => {
  it('registers, confirms the email from the mailed link, signs in and creates the channel', async () => {
    const { page } = streamer;
    const d = dash(page);
    await page.goto(`${server}/dashboard`);
    await onView(page, 'Sign in');
    // Signed out, the overview sends to sign-in and remembers where to come back.
    expect(new URL(page.url()).pathname).toBe('/dashboard/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/dashboard');
    await shoot(page, 'login-desktop');

    await d.link('New here? Create an account').click();
    await onView(page, 'Create your account');
    expect(new URL(page.url()).pathname).toBe('/dashboard/register');
    await d.field('Display name').fill('Ada');
    await d.field('Email').fill(EMAIL);
    await d.field('Password').fill(PASSWORD);
    await shoot(page, 'register-desktop');
    await d.button('Create account').click();
    // A new address lands signed in (the server answers a new and a registered address alike, and the SDK signs in
    // next); the channel waits for the address confirmed from the mailed link.
    await onView(page, 'Create your channel');

    const token = await mailedToken(server, EMAIL, '/verify-email');
    await page.goto(`${server}/dashboard/verify?token=${encodeURIComponent(token)}`);
    await d.root.getByText(`${EMAIL} is confirmed.`).waitFor();
    // The spent token does not stay in the address bar.
    expect(new URL(page.url()).search).toBe('');
    await shoot(page, 'verify-desktop');

    await d.link('Go to your dashboard').click();
    await onView(page, 'Create your channel');
    await shoot(page, 'setup-desktop');

    await d.field('Channel address').fill(SLUG);
    await d.field('Channel name').fill('Ada Plays');
    await d.field('Currency').selectOption('INR');
    await d.button('Create channel').click();
    await onView(page, 'Ada Plays');
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await expect.poll(() => d.root.locator('.connection').getAttribute('data-state')).toBe('connected');

    // The session survives a reload (it is in localStorage).
    await page.reload();
    await onView(page, 'Ada Plays');
    const stored = await page.evaluate((key) => localStorage.getItem(key), `tipchat.dashboard.session:${server}`);
    expect(JSON.parse(stored ?? '{}')).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String) });
    await shoot(page, 'overview-desktop');
  });

  it('copies the embed snippet into a page, where the viewer widget runs; the overlay URL stops working when the key is rotated', async () => {
    const { page, context } = streamer;
    const d = dash(page);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server });
    await d.nav('embed').click();
    await onView(page, 'Embed & overlays');
    expect(new URL(page.url()).pathname).toBe('/dashboard/embed');

    const snippet = await d.field('Snippet').inputValue();
    expect(snippet).toBe(
      `<script src="${server}/widget/v1/tipchat.js" defer></script>\n<tipchat-widget channel="${SLUG}" server="${server}"></tipchat-widget>`,
    );
    await d.button('Copy').first().click();
    await d.root.getByText('Copied').first().waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(snippet);

    // The live preview is the real widget in the chosen theme.
    await d.field('Theme').first().selectOption('dark');
    await expect.poll(() => d.field('Snippet').inputValue()).toContain('theme="dark"');
    await page
      .locator('tipchat-dashboard .preview tipchat-widget[theme="dark"] [part~="title"]')
      .filter({ hasText: 'Ada Plays' })
      .waitFor();
    await d.field('Theme').first().selectOption('light');
    await shoot(page, 'embed-desktop');

    // What the streamer pasted runs on their own site.
    const blog = embeds.add(copied);
    const viewerContext = (await dashboardContext(browser, bundles, { viewport: { width: 480, height: 640 } })).context;
    const viewerPage = await viewerContext.newPage();
    await viewerPage.goto(blog);
    expect(await widget(viewerPage).settled()).toBe('offline');
    await expect.poll(() => widget(viewerPage).part('title').textContent()).toBe('Ada Plays');
    viewer = { context: viewerContext, page: viewerPage };

    // The overlay URL: the first key is made on request, and the overlay page accepts it.
    await d.button('Make an overlay URL').click();
    const overlayUrl = await d.field('Overlay URL (secret)').inputValue();
    expect(overlayUrl).toMatch(
      new RegExp(`^${server}/overlay/${SLUG}\\?key=tco_[A-Za-z0-9_-]+&show=alerts%2Cgoal%2Cchat%2Cleaderboard&theme=dark$`),
    );
    expect((await fetch(overlayUrl)).status).toBe(200);
    await d.button('Rotate key').click();
    await d.dialog.getByRole('button', { name: 'Rotate key' }).click();
    await expect.poll(() => d.field('Overlay URL (secret)').inputValue()).not.toBe(overlayUrl);
    // The previous URL stopped working.
    expect((await fetch(overlayUrl)).status).toBe(401);

    await d.button('Send a test alert').click();
    await d.root.getByText('Test alert sent to your overlays.').first().waitFor();
  });

  it('goes live, and tips paid by viewers arrive in the feed live; they are marked, sorted, filtered, refunded and their alerts skipped', async () => {
    const { page } = streamer;
    const d = dash(page);
    await d.nav('overview').click();
    await onView(page, 'Ada Plays');
    await d.field('Stream title').fill('Speedrun night');
    await d.button('Go live').click();
    await d.button('End stream').waitFor();
    await d.root.locator('.topbar .badge.live').waitFor();
    // The viewer's widget on the blog follows the stream live.
    await expect.poll(() => (viewer ? widget(viewer.page).base.getAttribute('data-state') : null)).toBe('live');

    await d.nav('tips').click();
    await onView(page, 'Tips');
    await d.root.getByText('No tips yet.', { exact: false }).waitFor();

    // Paid with the SDK through the dev provider; the dashboard is not reloaded.
    await devTip(server, SLUG, { amount: 5_000, currency: 'INR', displayName: 'Bea', message: 'first!' });
    await expect.poll(() => d.tips.count()).toBe(1);
    await devTip(server, SLUG, { amount: 20_000, currency: 'INR', displayName: 'Cy', message: 'for the new mic' });
    await devTip(server, SLUG, { amount: 10_000, currency: 'INR', displayName: 'Dee', message: '<img src=x onerror=alert(1)> hi' });
    await expect.poll(() => d.tips.locator('.tipper').allTextContents()).toEqual(['Dee', 'Cy', 'Bea']);
    await expect.poll(() => d.root.locator('.totals').getAttribute('data-count')).toBe('3');
    // Hostile text is text.
    expect(await d.tip('Dee').locator('.tip-message').textContent()).toContain('<img src=x onerror=alert(1)> hi');
    expect(await d.tip('Dee').locator('img').count()).toBe(0);
    expect(await d.tip('Cy').locator('.amount').textContent()).toBe('₹200');

    // Marks: read, star, hide; each as stored on the server.
    await d.tip('Bea').getByRole('button', { name: 'Mark read' }).click();
    await expect.poll(() => d.tip('Bea').getAttribute('data-read')).toBe('true');
    await d.tip('Cy').getByRole('button', { name: 'Star' }).click();
    await expect.poll(() => d.tip('Cy').getAttribute('data-starred')).toBe('true');
    const client = await streamerClient();
    const stored = await client.tipFeed.list(SLUG);
    expect(stored.tips.map((t) => [t.displayName, t.read, t.starred])).toEqual([
      ['Dee', false, false],
      ['Cy', false, true],
      ['Bea', true, false],
    ]);

    // Sorting and filtering go to the server; the totals cover the filter.
    await d.field('Sort by').selectOption('amount_desc');
    await expect.poll(() => d.tips.locator('.tipper').allTextContents()).toEqual(['Cy', 'Dee', 'Bea']);
    await d.field('Sort by').selectOption('amount_asc');
    await expect.poll(() => d.tips.locator('.tipper').allTextContents()).toEqual(['Bea', 'Dee', 'Cy']);
    await d.field('Read').selectOption('unread');
    await expect.poll(() => d.tips.locator('.tipper').allTextContents()).toEqual(['Dee', 'Cy']);
    await expect.poll(() => d.root.locator('.totals').getAttribute('data-count')).toBe('2');
    await d.field('Read').selectOption('any');
    await d.field('Starred').selectOption('starred');
    await expect.poll(() => d.tips.locator('.tipper').allTextContents()).toEqual(['Cy']);
    await d.field('Starred').selectOption('any');
    await d.field('From amount (INR)').fill('90');
    await d.field('To amount (INR)').fill('150');
    await d.button('Apply').click();
    await expect.poll(() => d.tips.locator('.tipper').allTextContents()).toEqual(['Dee']);
    await d.field('From amount (INR)').fill('ten');
    await d.button('Apply').click();
    await d.errors.filter({ hasText: '“ten” is not an amount.' }).waitFor();
    await d.button('Reset').click();
    await expect.poll(() => d.tips.locator('.tipper').allTextContents()).toEqual(['Bea', 'Dee', 'Cy']);
    await d.field('Search names and messages').fill('MIC');
    await d.field('Search names and messages').press('Enter');
    await expect.poll(() => d.tips.locator('.tipper').allTextContents()).toEqual(['Cy']);
    await d.button('Reset').click();
    await d.field('Sort by').selectOption('newest');
    await expect.poll(() => d.tips.locator('.tipper').allTextContents()).toEqual(['Dee', 'Cy', 'Bea']);

    // A new tip while sorted by amount lands in its place.
    await d.field('Sort by').selectOption('amount_desc');
    await expect.poll(() => d.tips.locator('.tipper').allTextContents()).toEqual(['Cy', 'Dee', 'Bea']);
    await devTip(server, SLUG, { amount: 15_000, currency: 'INR', displayName: 'Eli' });
    await expect.poll(() => d.tips.locator('.tipper').allTextContents()).toEqual(['Cy', 'Eli', 'Dee', 'Bea']);
    await expect.poll(() => d.root.locator('.totals').getAttribute('data-count')).toBe('4');
    await shoot(page, 'tips-desktop');

    // No overlay plays alerts here, so they wait in the queue: skip one, then replay it.
    await d.tip('Eli').getByRole('button', { name: 'Skip alert' }).click();
    await expect.poll(() => d.tip('Eli').locator('.alert-state').getAttribute('data-alert')).toBe('skipped');
    await d.tip('Eli').getByRole('button', { name: 'Replay alert' }).click();
    await expect.poll(() => d.tip('Eli').locator('.alert-state').getAttribute('data-alert')).toBe('queued');

    // A refund asks first; cancelling changes nothing.
    await d.tip('Bea').getByRole('button', { name: 'Refund' }).click();
    await d.dialog.getByRole('heading', { name: 'Refund ₹50 to Bea?' }).waitFor();
    await d.dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await d.dialog.count()).toBe(0);
    await d.tip('Bea').getByRole('button', { name: 'Refund' }).click();
    await d.dialog.getByLabel('Amount to refund (INR)').fill('80');
    await d.dialog.getByRole('button', { name: 'Refund' }).click();
    // The server's refusal shows in the dialog, which stays open.
    await d.dialog.locator('.error[role="alert"]').waitFor();
    const refusal = await d.dialog.locator('.error[role="alert"] p').textContent();
    const direct = await client.tips.refund(SLUG, stored.tips[2]?.id ?? '', { amount: 8_000 }).catch((error: Error) => error.message);
    expect(refusal).toBe(direct);
    await d.dialog.getByLabel('Amount to refund (INR)').fill('');
    await d.dialog.getByRole('button', { name: 'Refund' }).click();
    await expect.poll(() => d.dialog.count()).toBe(0);
    await expect.poll(() => d.tip('Bea').getAttribute('data-status'), { timeout: 15_000 }).toBe('refunded');
    await d.field('Sort by').selectOption('newest');
    await expect.poll(() => d.tips.locator('.tipper').allTextContents()).toEqual(['Eli', 'Dee', 'Cy', 'Bea']);
  });

  it('moderates the chat: the viewer writes, the streamer bans them from the chat view, and the viewer’s widget shows the ban', async () => {
    const { page } = streamer;
    const d = dash(page);
    if (!viewer) throw new Error('the embed step opened the viewer page');
    await join(viewer.page, 'Troll');
    await say(viewer.page, 'buy followers at spam dot example');

    await d.nav('chat').click();
    await onView(page, 'Chat moderation');
    const message = d.root.locator('li.chat-message', { hasText: 'buy followers at spam dot example' });
    await message.waitFor();
    // Messages arrive live too.
    await say(viewer.page, 'still here');
    await d.root.locator('li.chat-message', { hasText: 'still here' }).waitFor();

    await message.getByRole('button', { name: 'Ban' }).click();
    await d.dialog.getByRole('heading', { name: 'Ban Troll?' }).waitFor();
    await d.dialog.getByLabel('Reason (optional)').fill('spam');
    await d.dialog.getByRole('button', { name: 'Ban' }).click();
    await expect.poll(() => d.dialog.count()).toBe(0);
    // "Also remove their messages" was ticked: they are gone here and for the viewer.
    await expect.poll(() => message.count()).toBe(0);
    await widget(viewer.page).part('notice').waitFor();
    expect(await widget(viewer.page).part('notice').textContent()).toMatch(/banned/i);

    const bans = d.root.locator('tipchat-dash-mod-bans li');
    await expect.poll(() => bans.locator('strong').allTextContents()).toEqual(['Troll']);
    await shoot(page, 'chat-desktop');

    // Keyboard: the tabs move with the arrow keys.
    await d.root.getByRole('tab', { name: 'Bans' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => d.root.getByRole('tab', { name: 'Moderators' }).getAttribute('aria-selected')).toBe('true');
    await d.root.getByRole('tab', { name: 'Audit log' }).click();
    await d.root.locator('tipchat-dash-mod-audit li[data-action="viewer.banned"]').waitFor();
    await d.root.getByRole('tab', { name: 'Chat settings' }).click();
    await d.field('Slow mode (seconds between messages)').fill('5');
    await d.button('Save').click();
    await d.root.locator('tipchat-dash-mod-settings .saved').waitFor();
    expect((await (await streamerClient()).chat.settings(SLUG)).slowModeSeconds).toBe(5);
    await d.field('Longest message (characters)').fill('9999');
    await d.button('Save').click();
    await d.root.locator('tipchat-dash-mod-settings .error[role="alert"]').waitFor();

    await d.root.getByRole('tab', { name: 'Bans' }).click();
    await bans.getByRole('button', { name: 'Unban' }).click();
    await expect.poll(() => bans.count()).toBe(0);
  });

  it('changes the channel settings, tiers and goal; a refused change shows the server’s message', async () => {
    const { page } = streamer;
    const d = dash(page);
    await d.nav('settings').click();
    await onView(page, 'Settings');
    await d.field('Channel name').fill('Ada Plays Live');
    await d.field('Preset amounts (INR)').fill('50, 100, 250');
    await d.root.locator('tipchat-dash-settings-channel').getByRole('button', { name: 'Save' }).click();
    await d.root.locator('.topbar .channel-name').filter({ hasText: 'Ada Plays Live' }).waitFor();
    const channel = await createClient({ baseUrl: server }).channels.get(SLUG);
    expect(channel).toMatchObject({ displayName: 'Ada Plays Live', tipPresets: [5_000, 10_000, 25_000] });

    await d.field('Smallest tip (INR)').fill('100000000000');
    await d.root.locator('tipchat-dash-settings-channel').getByRole('button', { name: 'Save' }).click();
    await d.root.locator('tipchat-dash-settings-channel .error[role="alert"]').waitFor();

    await d.field('What for').fill('New microphone');
    await d.field('Target (INR)').fill('5000');
    await d.button('Save goal').click();
    await d.root.locator('tipchat-dash-settings-goal .goal').filter({ hasText: 'New microphone' }).waitFor();
    expect(await createClient({ baseUrl: server }).goals.get(SLUG)).toMatchObject({ title: 'New microphone', target: 500_000 });

    await d.root.locator('tipchat-dash-settings-tiers tr[data-tier="1"]').getByLabel('Tier 2: Pinned (seconds)').fill('30');
    await d.root.locator('tipchat-dash-settings-tiers tr[data-tier="1"]').getByLabel('Tier 2: Pinned (seconds)').press('Tab');
    await d.root.locator('tipchat-dash-settings-tiers').getByRole('button', { name: 'Save' }).click();
    await d.root.locator('tipchat-dash-settings-tiers').getByText('Your own tiers.').waitFor();
    expect((await createClient({ baseUrl: server }).tips.tiers(SLUG)).tiers[1]?.pinSeconds).toBe(30);
    await shoot(page, 'settings-desktop');
  });

  it('pays out to a verified bank account through the fake Cashfree Payouts, the history following the transfer live', async () => {
    const { page } = streamer;
    const d = dash(page);
    // Long after the hold: every paid tip's money is available.
    await api.services.tips.release.releaseDue(new Date(Date.now() + 30 * 24 * 3600_000));
    cashfree.setBankAccount('026291800001191', 'HDFC0001234', { status: 'VALID' });

    await d.nav('earnings').click();
    await onView(page, 'Earnings & payouts');
    const available = d.root.locator('tipchat-dash-balances dd[data-bucket="available"]');
    await expect.poll(() => available.textContent()).not.toBe('₹0');

    // A bank account the bank does not know is refused at verification, with the server's reason.
    await d.field('Account holder’s name').fill('Ada Lovelace');
    await d.field('Account number').fill('026291800001191');
    await d.field('IFSC').fill('hdfc0001234');
    await d.button('Add').click();
    const account = d.root.locator('tipchat-dash-earn-beneficiaries li[data-beneficiary]');
    await expect.poll(() => account.getAttribute('data-verification')).toBe('unverified');
    await account.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => account.getAttribute('data-verification')).toBe('valid');

    // More than is available: the server says no.
    await d.field('Amount (INR)').fill('100000');
    await d.button('Request payout').click();
    await d.root.locator('tipchat-dash-earn-payouts .error[role="alert"]').waitFor();
    await d.field('Amount (INR)').fill('');
    await d.button('Request payout').click();
    const payout = d.root.locator('tipchat-dash-earn-payouts li[data-payout]');
    await expect.poll(() => payout.getAttribute('data-status')).toBe('processing');
    await expect.poll(() => available.textContent()).toBe('₹0');

    const client = await streamerClient();
    const [requested] = (await client.payouts.payouts()).payouts;
    if (!requested) throw new Error('no payout');
    cashfree.settle(requested.transferId, 'SUCCESS');
    const delivery = cashfree.transferWebhook(requested.transferId, 'TRANSFER_SUCCESS');
    const answer = await fetch(`${server}/api/v1/webhooks/cashfree-payouts`, {
      method: 'POST',
      headers: delivery.headers,
      body: new Uint8Array(delivery.body),
    });
    expect(answer.status).toBe(200);
    await expect.poll(() => payout.getAttribute('data-status')).toBe('succeeded');
    await expect
      .poll(() => d.root.locator('tipchat-dash-balances dd[data-bucket="paidOut"]').textContent())
      .toBe(
        new Intl.NumberFormat('en', { style: 'currency', currency: 'INR', maximumFractionDigits: 2 })
          .format(requested.amount / 100)
          .replace('.00', ''),
      );
    // Today's bar: four tips were paid (one refunded since).
    await d.root.locator('tipchat-dash-earn-chart figcaption').filter({ hasText: 'Last 30 days: 4 tips' }).waitFor();
    await shoot(page, 'earnings-desktop');

    // The statement downloads as CSV, with the payout in it.
    const [download] = await Promise.all([page.waitForEvent('download'), d.button('Download CSV').click()]);
    expect(download.suggestedFilename()).toBe('tipchat-statement-INR.csv');
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv).toBe(await client.payouts.statementCsv({ currency: 'INR' }));

    // Automatic payouts on, as the server now says.
    await d.root.getByLabel('Pay out everything available automatically, once a day').check();
    await expect.poll(async () => (await client.payouts.schedule()).enabled).toBe(true);

    // A UPI id NPCI does not know is refused at verification; it can be removed after a confirmation.
    await d.field('Kind').selectOption('upi');
    await d.field('Account holder’s name').fill('Ada Lovelace');
    await d.field('UPI id').fill('not a upi id');
    await d.button('Add').click();
    await d.root.locator('tipchat-dash-earn-beneficiaries .error[role="alert"]').waitFor();
    await d.field('UPI id').fill('ada@okaxis');
    await d.button('Add').click();
    const upi = d.root.locator('tipchat-dash-earn-beneficiaries li[data-beneficiary]').nth(1);
    await upi.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => upi.getAttribute('data-verification')).toBe('invalid');
    await upi.getByRole('button', { name: 'Remove' }).click();
    await d.dialog.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => d.root.locator('tipchat-dash-earn-beneficiaries li[data-beneficiary]').count()).toBe(1);
    expect((await client.payouts.listBeneficiaries()).map((b) => b.verification)).toEqual(['valid']);
  });

  it('shows every view at phone width without sideways scrolling, and no CSP refusal or script error happened', async () => {
    const { page } = streamer;
    const d = dash(page);
    const client = await streamerClient();
    const [stream] = await client.streams.list(SLUG);
    await page.setViewportSize(PHONE);
    const views: [string, string][] = [
      ['overview', '/dashboard'],
      ['tips', '/dashboard/tips'],
      ['chat', '/dashboard/chat'],
      ['settings', '/dashboard/settings'],
      ['embed', '/dashboard/embed'],
      ['earnings', '/dashboard/earnings'],
      ['profile', '/dashboard/profile'],
      ['stream', `/dashboard/stream/${stream?.id}`],
    ];
    for (const [name, path] of views) {
      await page.goto(`${server}${path}`);
      await d.heading.waitFor();
      await page
        .locator('tipchat-dashboard .state.loading')
        .first()
        .waitFor({ state: 'detached' })
        .catch(() => {});
      await shoot(page, `${name}-phone`);
      expect(await overflowsHorizontally(page), `${name} fits a phone`).toBe(false);
    }
    await page.setViewportSize(DESKTOP);
    await page.goto(`${server}/dashboard/stream/${stream?.id}`);
    await onView(page, 'Speedrun night');
    await d.root.locator('tipchat-dash-tip-feed article.tip').first().waitFor();
    await shoot(page, 'stream-desktop');
    await page.goto(`${server}/dashboard/profile`);
    await onView(page, 'Profile');
    await shoot(page, 'profile-desktop');
    expect(streamer.errors).toEqual([]);
  });
});
