import type { TipchatClient } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, ledger } from '../../src/ledger';
import { PASSWORD } from '../support/accounts';
import { caught } from '../support/errors';
import { adminClient } from '../support/reviews';
import { startTestServer, type TestServer } from '../support/server';
import { expectLedgerBalanced, type TipChannel, tipChannel } from '../support/tips';

/*
 * The operator console's API on a server with the dev checkout and the default fee (PLATFORM_FEE_BPS=250, no fixed
 * part): restricting a streamer, changing the fee, refunding on a streamer's behalf, and the audit log of each.
 */

let server: TestServer;
let admin: TipchatClient;
let adminId: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await adminClient(server);
  adminId = (await admin.user.get()).id;
});
afterAll(async () => {
  await server?.close();
});

/** A paid dev tip of `amount` in the channel; its tipper-side view. */
async function paidTip(channel: TipChannel, amount: number) {
  const viewer = server.client();
  const { tip } = await viewer.tips.create(channel.slug, { amount, currency: 'USD', displayName: 'Fan' });
  await viewer.tips.devCheckout(tip.id, 'succeed');
  return viewer.tips.get(tip.id);
}

describe('restricting a streamer', () => {
  it('refuses new tips with a clear 403, keeps the streamer signed in with the reason, and audit-logs both ways', async () => {
    const channel = await tipChannel(server, 'USD', 'restrict');
    const owner = await channel.owner.user.get();
    const viewer = server.client();
    expect((await viewer.tips.options(channel.slug)).currency).toBe('USD');

    const restricted = await admin.admin.restrictUser(owner.id, { reason: 'Chargebacks under review' });
    expect(restricted).toMatchObject({
      id: owner.id,
      restriction: { reason: 'Chargebacks under review', restrictedBy: adminId },
      channel: { slug: channel.slug },
    });

    // The tip form does not open, and a tip is not started, with the same code; the reason is not public.
    const options = await caught(viewer.tips.options(channel.slug));
    expect(options).toMatchObject({
      status: 403,
      code: 'CHANNEL_UNAVAILABLE_FOR_TIPS',
      message: 'This channel is unavailable for tips right now',
    });
    const create = await caught(viewer.tips.create(channel.slug, { amount: 500, currency: 'USD', displayName: 'Fan' }));
    expect(create).toMatchObject({ status: 403, code: 'CHANNEL_UNAVAILABLE_FOR_TIPS' });
    const [started] = await server.app.sql<{ count: number }[]>`
      select count(*)::int as count from tips where channel_id = ${channel.id}`;
    expect(started?.count).toBe(0);
    // The channel page still answers: viewers see the channel, only tipping is off.
    expect((await viewer.channels.get(channel.slug)).slug).toBe(channel.slug);

    // The streamer still signs in and reads why.
    const again = server.client();
    await again.auth.login({ email: owner.email, password: PASSWORD });
    expect(await again.user.restriction()).toEqual({
      restriction: { reason: 'Chargebacks under review', restrictedAt: expect.any(String), restrictedBy: adminId },
    });

    expect(await caught(admin.admin.restrictUser(owner.id, { reason: 'Twice' }))).toMatchObject({
      status: 409,
      code: 'ACCOUNT_ALREADY_RESTRICTED',
    });
    const lifted = await admin.admin.unrestrictUser(owner.id, { reason: 'Chargebacks settled' });
    expect(lifted.restriction).toBeNull();
    expect(await again.user.restriction()).toEqual({ restriction: null });
    expect((await viewer.tips.options(channel.slug)).currency).toBe('USD');
    expect(await caught(admin.admin.unrestrictUser(owner.id, { reason: 'Again' }))).toMatchObject({
      status: 409,
      code: 'ACCOUNT_NOT_RESTRICTED',
    });

    const { entries } = await admin.admin.auditLog({ targetId: owner.id });
    expect(entries).toEqual([
      expect.objectContaining({
        actorId: adminId,
        actorEmail: expect.stringContaining('@'),
        action: 'account.unrestrict',
        targetType: 'user',
        reason: 'Chargebacks settled',
      }),
      expect.objectContaining({ actorId: adminId, action: 'account.restrict', targetType: 'user', reason: 'Chargebacks under review' }),
    ]);
  });

  it('refuses a missing reason, an unknown account and an admin account', async () => {
    const channel = await tipChannel(server, 'USD', 'restrict-bad');
    const owner = await channel.owner.user.get();
    expect(await caught(admin.admin.restrictUser(owner.id, { reason: ' ' }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await caught(admin.admin.restrictUser(crypto.randomUUID(), { reason: 'Nobody' }))).toMatchObject({ status: 404 });
    expect(await caught(admin.admin.restrictUser(adminId, { reason: 'Myself' }))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await admin.admin.auditLog({ targetId: owner.id })).entries).toEqual([]);
  });

  it('tells the registration policy', async () => {
    expect(await admin.admin.registration()).toEqual({ policy: 'open' });
  });

  it('lists accounts and channels with search and pages', async () => {
    const channel = await tipChannel(server, 'USD', 'findme');
    const owner = await channel.owner.user.get();
    const bySlug = await admin.admin.users({ q: channel.slug });
    expect(bySlug).toMatchObject({ total: 1, page: 1, users: [{ id: owner.id, channel: { slug: channel.slug }, restriction: null }] });
    expect((await admin.admin.users({ q: owner.email.toUpperCase() })).users.map((user) => user.id)).toEqual([owner.id]);
    // LIKE's wildcards are taken literally.
    expect((await admin.admin.users({ q: '%' })).total).toBe(0);
    const channels = await admin.admin.channels({ q: 'findme' });
    expect(channels.channels).toEqual([expect.objectContaining({ slug: channel.slug, ownerId: owner.id, restricted: false })]);

    const all = await admin.admin.users({ limit: 200 });
    const first = await admin.admin.users({ limit: 1, page: 1 });
    const second = await admin.admin.users({ limit: 1, page: 2 });
    expect(first.total).toBe(all.total);
    expect([first.users[0]?.id, second.users[0]?.id]).toEqual(all.users.slice(0, 2).map((user) => user.id));
  });
});

describe('the fee setting', () => {
  it('quotes new tips with the stored fee while earlier tips keep the fee they were quoted', async () => {
    const channel = await tipChannel(server, 'USD', 'fees');
    const viewer = server.client();
    const before = await admin.admin.fees();
    expect(before.current).toMatchObject({ source: 'config', basisPoints: 250 });

    // Started (not yet paid) under the configured 2.5 %.
    const { tip: earlier, fee: earlierFee } = await viewer.tips.create(channel.slug, {
      amount: 10_000,
      currency: 'USD',
      displayName: 'Early',
    });
    expect(earlierFee).toEqual({ amount: 10_000, fee: 250, net: 9_750 });

    const set = await admin.admin.setFee({ basisPoints: 1_000, fixed: { USD: 30 }, reason: 'New pricing' });
    expect(set.current).toMatchObject({
      source: 'database',
      basisPoints: 1_000,
      fixed: { USD: 30 },
      setBy: adminId,
      reason: 'New pricing',
    });
    expect(set.history).toHaveLength(before.history.length + 1);

    const options = await viewer.tips.options(channel.slug, 10_000);
    expect(options.fee).toEqual({ basisPoints: 1_000, fixed: 30 });
    expect(options.quote).toEqual({ amount: 10_000, fee: 1_030, net: 8_970 });
    const { tip: later, fee: laterFee } = await viewer.tips.create(channel.slug, { amount: 10_000, currency: 'USD', displayName: 'Late' });
    expect(laterFee.fee).toBe(1_030);

    // Paying the earlier tip after the change books the fee it was quoted.
    await viewer.tips.devCheckout(earlier.id, 'succeed');
    await viewer.tips.devCheckout(later.id, 'succeed');
    expect((await viewer.tips.get(earlier.id)).fee).toEqual({ amount: 10_000, fee: 250, net: 9_750 });
    expect(await ledger.referenceBalance(server.app.sql, `tip:${earlier.id}`, accounts.platformFees, 'USD')).toBe(250);
    expect(await ledger.referenceBalance(server.app.sql, `tip:${later.id}`, accounts.platformFees, 'USD')).toBe(1_030);

    const audit = await admin.admin.auditLog({ limit: 5 });
    expect(audit.entries[0]).toMatchObject({ action: 'fee.set', actorId: adminId, reason: 'New pricing', details: { basisPoints: 1_000 } });

    // Back to the default for the other tests in this file.
    await admin.admin.setFee({ basisPoints: 250, fixed: {}, reason: 'Back to the default' });
  });

  it('refuses basis points above 5000 and negative fixed parts', async () => {
    const before = await admin.admin.fees();
    expect(await caught(admin.admin.setFee({ basisPoints: 5_001, reason: 'Too much' }))).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(await caught(admin.admin.setFee({ basisPoints: 100, fixed: { USD: -1 }, reason: 'Negative' }))).toMatchObject({ status: 400 });
    expect(await caught(admin.admin.setFee({ basisPoints: 100, reason: '' }))).toMatchObject({ status: 400 });
    expect((await admin.admin.fees()).history).toHaveLength(before.history.length);
  });
});

describe('refunds on a streamer’s behalf', () => {
  it('go through the streamer’s refund path and are audit-logged with the reason', async () => {
    const channel = await tipChannel(server, 'USD', 'refund');
    const paid = await paidTip(channel, 2_000);
    const half = await admin.admin.refundTip(paid.tip.id, { amount: 1_000, reason: 'Tipper asked, streamer unreachable' });
    expect(half).toMatchObject({ id: paid.tip.id, status: 'partially_refunded', refundedAmount: 1_000 });
    const rest = await admin.admin.refundTip(paid.tip.id, { reason: 'The rest too' });
    expect(rest).toMatchObject({ status: 'refunded', refundedAmount: 2_000, net: 0 });
    // The streamer's feed shows the same tip refunded.
    expect(await channel.owner.tips.refund(channel.slug, paid.tip.id).catch((error: unknown) => error)).toMatchObject({
      code: 'TIP_NOT_REFUNDABLE',
    });
    expect(await caught(admin.admin.refundTip(paid.tip.id, { reason: 'A third time' }))).toMatchObject({
      status: 409,
      code: 'TIP_NOT_REFUNDABLE',
    });
    expect(await caught(admin.admin.refundTip(crypto.randomUUID(), { reason: 'Nothing' }))).toMatchObject({ status: 404 });

    const { entries } = await admin.admin.auditLog({ targetId: paid.tip.id });
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'tip.refund',
        actorId: adminId,
        reason: 'The rest too',
        details: expect.objectContaining({ amount: null }),
      }),
      expect.objectContaining({
        action: 'tip.refund',
        actorId: adminId,
        reason: 'Tipper asked, streamer unreachable',
        details: { channelId: channel.id, amount: 1_000, currency: 'USD' },
      }),
    ]);
    await expectLedgerBalanced(server);
  });

  it('work for a restricted streamer’s tips too', async () => {
    const channel = await tipChannel(server, 'USD', 'refund-restricted');
    const paid = await paidTip(channel, 1_500);
    await admin.admin.restrictUser((await channel.owner.user.get()).id, { reason: 'Fraud report' });
    expect(await admin.admin.refundTip(paid.tip.id, { reason: 'Fraud report: money back' })).toMatchObject({ status: 'refunded' });
  });
});
