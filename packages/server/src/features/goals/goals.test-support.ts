import { randomBytes } from 'node:crypto';
import type { TipchatClient } from '@tipchat/sdk';
import type { ChannelEvent, CurrencyCode, Goal, Leaderboards } from '@tipchat/sdk/protocol';
import { signUpVerified } from '../../../test/support/accounts';
import type { TestServer } from '../../../test/support/server';
import { insertTipRow, type TipRowFields } from '../../../test/support/tip-rows';
import type { TipRow } from '../tips/tip-view';

/** Test helpers for the goal and leaderboard suites: a channel, paid tips, and the figures pushed. */

const unique = () => randomBytes(4).toString('hex');

export interface GoalChannel {
  slug: string;
  id: string;
  /** The streamer, signed in. */
  owner: TipchatClient;
}

export async function goalChannel(server: TestServer, currency: CurrencyCode = 'USD'): Promise<GoalChannel> {
  const owner = server.client();
  await signUpVerified(owner, { displayName: `Streamer ${unique()}` });
  const slug = `goals-${unique()}`;
  const { id } = await owner.channels.create({ slug, displayName: 'Goals', currency });
  return { slug, id, owner };
}

export type PaidTip = Omit<TipRowFields, 'channelId' | 'createdAt'> & {
  /** Disputed and not (yet) won back. */
  disputedAmount?: number;
};

/**
 * A tip row as it stands after its events (paid at `paidAt`, default now). Disputes are written
 * on top, since the fixture takes refunds only.
 */
export async function paidTip(server: TestServer, channelId: string, tip: PaidTip): Promise<TipRow> {
  const { disputedAmount, ...fields } = tip;
  const row = await insertTipRow(server.app.sql, { channelId, createdAt: tip.paidAt ?? undefined, ...fields });
  if (disputedAmount !== undefined) {
    await server.app.sql`update tips set disputed_amount = ${disputedAmount}, status = 'disputed' where id = ${row.id}`;
  }
  return row;
}

/**
 * What follows a change of tips made by hand here (the fixtures write rows, not events): the goal's
 * push in the change's transaction, the leaderboards marked due as the figures' trigger marks them,
 * then their push, computed at `now`.
 */
export async function tipsChanged(server: TestServer, channelId: string, now?: Date): Promise<void> {
  await server.app.eventLog.transaction(async (tx, events) => {
    await server.app.services.goals.onTipsChanged(tx, events, channelId);
    await tx`update channels set leaderboards_due_at = coalesce(leaderboards_due_at, now()) where id = ${channelId}`;
  });
  await server.app.services.leaderboards.push(channelId, now);
}

/** A test server whose leaderboards are pushed only when a test asks (no sweep after the one at start). */
export const NO_LEADERBOARD_SWEEP = { LEADERBOARD_SWEEP_MS: '3600000' };

/** The public events of the channel after `after`, read as a viewer with no credential would. */
export async function publicEvents(server: TestServer, slug: string, after = 0): Promise<ChannelEvent[]> {
  const { events } = await server.client().events.after(slug, after, { limit: 1000 });
  return events;
}

export async function lastSeq(server: TestServer, slug: string): Promise<number> {
  return (await server.client().events.after(slug, 0, { limit: 1000 })).lastSeq;
}

export const goalsIn = (events: ChannelEvent[]): Array<Goal | null> =>
  events.flatMap((event) => (event.type === 'goal.updated' ? [event.data.goal] : []));

export const leaderboardsIn = (events: ChannelEvent[]): Leaderboards[] =>
  events.flatMap((event) => (event.type === 'leaderboard.updated' ? [event.data] : []));

/** A UTC instant from its parts, for readable boundary tests. */
export const utc = (iso: string) => new Date(`${iso}Z`);
