import type { AlertDesign, AlertSettings, AlertSettingsPatch, MediaRef } from '@tipchat/sdk/protocol';
import type { Queryable, TransactionSql } from '../../db/connection';

/** A channel without an alert_settings row alerts every paid tip, unpaused, with the classic card. */
export const DEFAULT_ALERT_SETTINGS: AlertSettings = { minAmount: 0, paused: false };

interface SettingsRow {
  minAmount: number;
  paused: boolean;
  design: AlertDesign | null;
}

/** A channel that never designed its alerts has no `design` (not null): the overlay plays the classic card. */
const toSettings = ({ design, ...rest }: SettingsRow): AlertSettings => (design ? { ...rest, design } : rest);

export async function readAlertSettings(q: Queryable, channelId: string): Promise<AlertSettings> {
  const [row] = await q<SettingsRow[]>`select min_amount, paused, design from alert_settings where channel_id = ${channelId}`;
  return row ? toSettings(row) : DEFAULT_ALERT_SETTINGS;
}

/** Applies a partial change, creating the row with the defaults first if the channel has none. */
export async function writeAlertSettings(tx: TransactionSql, channelId: string, patch: AlertSettingsPatch): Promise<AlertSettings> {
  await tx`insert into alert_settings (channel_id) values (${channelId}) on conflict (channel_id) do nothing`;
  // `design: null` clears it; no `design` leaves it as it is.
  const design = patch.design === undefined ? tx`design` : patch.design === null ? tx`null` : tx`${tx.json(patch.design as never)}::jsonb`;
  const [row] = await tx<SettingsRow[]>`
    update alert_settings set
      min_amount = coalesce(${patch.minAmount ?? null}::bigint, min_amount),
      paused = coalesce(${patch.paused ?? null}::boolean, paused),
      design = ${design},
      updated_at = now()
    where channel_id = ${channelId}
    returning min_amount, paused, design`;
  if (!row) throw new Error(`tipchat: alert settings of ${channelId} vanished`);
  return toSettings(row);
}

/** Every upload a design names (images, videos, uploaded sounds), to check they are the channel's. */
export function uploadsOf(design: AlertDesign): MediaRef[] {
  const refs: MediaRef[] = [];
  for (const variation of [design.default, ...design.variations]) {
    if (variation.media) refs.push(variation.media);
    if (variation.sound && 'sha256' in variation.sound) refs.push(variation.sound);
  }
  return refs;
}
