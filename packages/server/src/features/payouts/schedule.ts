import type { PayoutSchedule } from '@tipchat/sdk/protocol';
import type { Sql } from '../../db/connection';

/** The channel's automatic daily payout: off until the streamer turns it on. */
export async function readSchedule(sql: Sql, channelId: string): Promise<PayoutSchedule> {
  const [row] = await sql<{ enabled: boolean; nextRunAt: Date }[]>`
    select enabled, next_run_at from payout_schedules where channel_id = ${channelId}`;
  return toSchedule(row);
}

/**
 * Turning it on schedules the first run now (the sweep job picks it up on its next round) unless it was on already,
 * which keeps its time of day; turning it off keeps nothing running.
 */
export async function writeSchedule(sql: Sql, channelId: string, enabled: boolean): Promise<PayoutSchedule> {
  const [row] = await sql<{ enabled: boolean; nextRunAt: Date }[]>`
    insert into payout_schedules (channel_id, enabled, next_run_at) values (${channelId}, ${enabled}, now())
    on conflict (channel_id) do update set
      enabled = excluded.enabled,
      next_run_at = case when payout_schedules.enabled then payout_schedules.next_run_at else now() end,
      updated_at = now()
    returning enabled, next_run_at`;
  return toSchedule(row);
}

function toSchedule(row: { enabled: boolean; nextRunAt: Date } | undefined): PayoutSchedule {
  return row?.enabled ? { enabled: true, nextRunAt: row.nextRunAt.toISOString() } : { enabled: false, nextRunAt: null };
}
