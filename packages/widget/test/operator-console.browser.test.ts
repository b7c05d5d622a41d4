import { createClient, type TipchatClient } from '@tipchat/sdk';
import type { TipchatServer } from '@tipchat/server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type Bundles,
  builtBundles,
  dash,
  dashboardContext,
  devTip,
  onView,
  shoot,
  signInDashboard,
  startServer,
  verifiedAccount,
} from './dashboard.harness';
import { launchChromium } from './widget.harness';

/*
 * The operator console driven in Chromium by an admin: restricting a streamer (whose dashboard then shows the banner
 * with the reason, and whose tip page refuses to open the tip form), changing the fee (a new quote uses it, a tip
 * started before keeps its own), resolving a flagged provider event, and refunding a tip on the streamer's behalf.
 * The streamer's own dashboard has no console entry.
 */

const SLUG = 'mallory-live';

let bundles: Bundles;
let api: TipchatServer;
let server: string;
let browser: Browser;
let admin: TipchatClient;
let owner: TipchatClient;
const opened: { context: BrowserContext; page: Page; errors: string[]; name: string }[] = [];

/** A browser context signed in as `client`'s session, the way the dashboard keeps it, with one page open. */
async function signedInPage(client: TipchatClient | null, name: string) {
  const { context, errors } = await dashboardContext(browser, bundles);
  if (client) {
    await signInDashboard(context, server, client);
  }
  const page = await context.newPage();
  opened.push({ context, page, errors, name });
  return { context, page, errors, d: dash(page) };
}

beforeAll(async () => {
  bundles = await builtBundles();
  ({ api, url: server } = await startServer());
  admin = await verifiedAccount(server, 'ops@example.com', 'Ops');
  // The operator's account, made an admin as `tipchat admin create` would.
  await api.sql`update users set role = 'admin' where email = 'ops@example.com'`;
  owner = await verifiedAccount(server, 'mallory@example.com', 'Mallory');
  await owner.channels.create({ slug: SLUG, displayName: 'Mallory Live', currency: 'USD' });
  browser = await launchChromium();
}, 240_000);

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  for (const { page, errors, name } of opened) {
    await shoot(page, `failed-operator-${name}`);
    console.error(`${name} console errors:`, errors);
  }
});

afterAll(async () => {
  for (const { context } of opened) await context.close();
  await browser?.close();
  await api?.close();
});

describe('the operator console', () => {
  it('restricts a streamer, changes the fee, resolves a flagged event and refunds a tip', async () => {
    const paid = await devTip(server, SLUG, { amount: 2_000, currency: 'USD', displayName: 'Bob' });
    // Started (not paid) before the fee changes: it keeps the fee it was quoted.
    const viewer = createClient({ baseUrl: server });
    const early = await viewer.tips.create(SLUG, { amount: 10_000, currency: 'USD', displayName: 'Early' });
    expect(early.fee.fee).toBe(250);
    // A provider event the processor flagged for review (as it records an overpayment), about the paid tip.
    const [channel] = await api.sql<{ id: string }[]>`select id from channels where slug = ${SLUG}`;
    await api.sql`
      insert into provider_event_reviews (provider, event_id, provider_type, reason, details, payment_id, channel_id, tip_id, payload)
      values ('dev', 'evt_overpaid', 'payment.succeeded', 'overpayment', ${api.sql.json({ paid: 2_500, tip: 2_000 })}, 'dev_pay_1',
        ${channel?.id ?? null}, ${paid.id}, ${api.sql.json({ id: 'evt_overpaid' })})`;

    // The streamer's dashboard has no console entry.
    const streamer = await signedInPage(owner, 'streamer');
    await streamer.page.goto(`${server}/dashboard`);
    await onView(streamer.page, 'Mallory Live');
    expect(await streamer.d.nav('admin').count()).toBe(0);
    expect(await streamer.d.root.locator('[data-restriction]').count()).toBe(0);

    // ── The admin restricts Mallory from the accounts list.
    const ops = await signedInPage(admin, 'admin');
    await ops.page.goto(`${server}/dashboard`);
    await ops.d.nav('admin').click();
    await onView(ops.page, 'Operator console');
    await ops.d.field('Search').fill('mallory');
    await ops.d.button('Search').click();
    const row = ops.d.root.locator('table.admin-users tr[data-user="mallory@example.com"]');
    await row.waitFor();
    expect(await ops.d.root.locator('table.admin-users tbody tr').count()).toBe(1);
    await row.getByRole('button', { name: 'Restrict' }).click();
    await ops.d.dialog.getByLabel('Reason').fill('Chargebacks under review');
    await ops.d.dialog.getByRole('button', { name: 'Restrict' }).click();
    await row.getByText('Restricted').waitFor();
    await shoot(ops.page, 'operator-accounts');

    // Mallory's dashboard says so, with the reason; the tip page does not open the tip form.
    await streamer.page.reload();
    const banner = streamer.d.root.locator('[data-restriction]');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Your account is restricted');
    expect(await banner.textContent()).toContain('Reason: Chargebacks under review');
    await shoot(streamer.page, 'operator-restricted-streamer');
    const tipper = await signedInPage(null, 'tipper');
    await tipper.page.goto(`${server}/c/${SLUG}`);
    const tipButton = tipper.page.locator('tipchat-widget [part~="tip-button"]');
    await tipButton.click();
    const refusal = tipper.page.locator('tipchat-widget [part~="result"]');
    await refusal.filter({ hasText: 'This channel is unavailable for tips right now' }).waitFor();
    await shoot(tipper.page, 'operator-restricted-tip-page');

    // Lifted again, so the new fee can be quoted on this channel.
    await row.getByRole('button', { name: 'Lift restriction' }).click();
    await ops.d.dialog.getByLabel('Reason').fill('Chargebacks settled');
    await ops.d.dialog.getByRole('button', { name: 'Lift restriction' }).click();
    await row.getByText('Active').waitFor();

    // ── The fee: 10 % plus US$0.30 from now on.
    await ops.d.root.getByRole('tab', { name: 'Fee' }).click();
    await ops.d.root.locator('.fee-now').filter({ hasText: '2.5 %' }).waitFor();
    await ops.d.field('Percentage (0 to 50)').fill('10');
    await ops.d.root.locator('input[name="fixed-USD"]').fill('0.30');
    await ops.d.field('Reason').fill('New pricing');
    await ops.d.button('Save').click();
    await ops.d.root.locator('.fee-now').filter({ hasText: '10 %' }).waitFor();
    expect(await ops.d.root.locator('.fee-now').textContent()).toContain('$0.30');
    expect((await viewer.tips.options(SLUG, 10_000)).quote).toEqual({ amount: 10_000, fee: 1_030, net: 8_970 });
    await viewer.tips.devCheckout(early.tip.id, 'succeed');
    expect((await viewer.tips.get(early.tip.id)).fee.fee).toBe(250);
    // The viewer's tip form quotes the new fee: on the first preset (US$2.00), 10 % plus US$0.30.
    await tipper.page.reload();
    await tipButton.click();
    await tipper.page
      .locator('tipchat-widget [part~="fee"]')
      .filter({ hasText: /Fee (US)?\$0\.50/ })
      .waitFor();

    // ── The review queue: the flagged event, resolved with a note.
    await ops.d.root.getByRole('tab', { name: 'Review queue' }).click();
    const review = ops.d.root.locator('li[data-reason="overpayment"]');
    await review.waitFor();
    expect(await review.textContent()).toContain('Paid more than the tip');
    await review.getByRole('button', { name: 'Resolve' }).click();
    await ops.d.dialog.getByLabel('What was done').fill('Returned the extra 5.00 to the tipper');
    await ops.d.dialog.getByRole('button', { name: 'Resolve' }).click();
    await ops.d.root.getByText('No provider events wait for review.').waitFor();
    const [resolved] = (await admin.admin.providerEvents({ status: 'resolved' })).reviews;
    expect(resolved).toMatchObject({ eventId: 'evt_overpaid', note: 'Returned the extra 5.00 to the tipper' });

    // ── A refund on Mallory's behalf.
    await ops.d.root.getByRole('tab', { name: 'Refund' }).click();
    await ops.d.field('Tip id').fill(paid.id);
    await ops.d.field('Reason').fill('Tipper asked; streamer unreachable');
    await ops.d.root.locator('tipchat-dash-admin-refund').getByRole('button', { name: 'Refund' }).click();
    await ops.d.root.locator(`[data-refunded="${paid.id}"]`).waitFor();
    expect((await owner.tipFeed.get(SLUG, paid.id)).status).toBe('refunded');

    // ── An invite link, with the server's registration policy beside it.
    await ops.d.root.getByRole('tab', { name: 'Invites' }).click();
    await ops.d.root.locator('[data-registration="open"]').waitFor();
    await ops.d.button('Create invite link').click();
    const link = ops.d.root.locator('tipchat-dash-copy[name="invite-link"] textarea');
    await link.waitFor();
    expect(await link.inputValue()).toContain('/dashboard/register?invite=');

    // ── The audit log has all of it, newest first.
    await ops.d.root.getByRole('tab', { name: 'Audit log' }).click();
    const actions = ops.d.root.locator('ol.admin-audit > li');
    await actions.first().waitFor();
    expect(await actions.evaluateAll((items) => items.map((item) => item.getAttribute('data-action')))).toEqual([
      'tip.refund',
      'fee.set',
      'account.unrestrict',
      'account.restrict',
    ]);
    await shoot(ops.page, 'operator-audit');

    for (const { name, errors } of opened) expect({ name, errors }).toEqual({ name, errors: [] });
  });
});
