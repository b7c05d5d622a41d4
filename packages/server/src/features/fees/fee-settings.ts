import type { CurrencyCode, PlatformFeeSetting, PlatformFees } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';
import type { FeeSchedule } from '../../ledger';

/**
 * The platform fee, kept in the database with its history (`platform_fee_settings`, migration 0014): the newest row
 * in force applies to tips started from then on; with no row, the configuration's PLATFORM_FEE_* values do. A tip
 * stores the fee it was quoted when it was started, so a new setting never reaches a tip already started.
 */
interface FeeRow {
  basisPoints: number;
  fixed: Partial<Record<CurrencyCode, number>>;
  effectiveAt: Date;
  setBy: string | null;
  reason: string;
}

/** The fee a tip started now is quoted: one indexed read of the newest row, or the configured default. */
export async function currentFeeSchedule(q: Queryable, configured: FeeSchedule): Promise<FeeSchedule> {
  const [row] = await q<Pick<FeeRow, 'basisPoints' | 'fixed'>[]>`
    select basis_points, fixed from platform_fee_settings
    where effective_at <= now() order by effective_at desc, id desc limit 1`;
  return row ? { basisPoints: row.basisPoints, fixed: row.fixed } : configured;
}

/** The setting in force and every stored setting, newest first. */
export async function platformFees(q: Queryable, configured: FeeSchedule): Promise<PlatformFees> {
  const rows = await q<FeeRow[]>`
    select basis_points, fixed, effective_at, set_by, reason from platform_fee_settings order by effective_at desc, id desc limit 200`;
  const history = rows.map(toSetting);
  const now = Date.now();
  const current = history.find((setting) => setting.effectiveAt !== null && Date.parse(setting.effectiveAt) <= now) ?? {
    basisPoints: configured.basisPoints,
    fixed: configured.fixed,
    source: 'config' as const,
    effectiveAt: null,
    setBy: null,
    reason: '',
  };
  return { current, history };
}

/** Stores a new setting, in force at once. The caller validated it (bps 0..5000, fixed parts ≥ 0) and audits it. */
export async function setPlatformFee(q: Queryable, setting: FeeSchedule, setBy: string, reason: string): Promise<void> {
  await q`
    insert into platform_fee_settings (basis_points, fixed, set_by, reason)
    values (${setting.basisPoints}, ${q.json(setting.fixed as never)}, ${setBy}, ${reason})`;
}

function toSetting(row: FeeRow): PlatformFeeSetting {
  return {
    basisPoints: row.basisPoints,
    fixed: row.fixed,
    source: 'database',
    effectiveAt: row.effectiveAt.toISOString(),
    setBy: row.setBy,
    reason: row.reason,
  };
}
