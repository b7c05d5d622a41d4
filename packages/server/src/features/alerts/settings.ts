import type { AlertSettings, UpdateAlertSettingsBody } from '@tipchat/sdk/protocol';
import type { Queryable, TransactionSql } from '../../db/connection';

/** A channel without an alert_settings row alerts every paid tip, unpaused. */
export const DEFAULT_ALERT_SETTINGS: AlertSettings = { minAmount: 0, paused: false };

export async function readAlertSettings(q: Queryable, channelId: string): Promise<AlertSettings> {
  const [row] = await q<AlertSettings[]>`select min_amount, paused from alert_settings where channel_id = ${channelId}`;
  return row ?? DEFAULT_ALERT_SETTINGS;
}

/** Applies a partial change, creating the row with the defaults first if the channel has none. */
export async function writeAlertSettings(tx: TransactionSql, channelId: string, patch: UpdateAlertSettingsBody): Promise<AlertSettings> {
  await tx`insert into alert_settings (channel_id) values (${channelId}) on conflict (channel_id) do nothing`;
  const [row] = await tx<AlertSettings[]>`
    update alert_settings set
      min_amount = coalesce(${patch.minAmount ?? null}::bigint, min_amount),
      paused = coalesce(${patch.paused ?? null}::boolean, paused),
      updated_at = now()
    where channel_id = ${channelId}
    returning min_amount, paused`;
  if (!row) throw new Error(`tipchat: alert settings of ${channelId} vanished`);
  return row;
}
