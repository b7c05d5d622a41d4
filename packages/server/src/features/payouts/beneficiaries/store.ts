import type { Beneficiary, BeneficiaryHistoryEntry } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../../db/connection';
import type { MaskedDetails } from './instrument';

export type ProviderState = 'registered' | 'replacing' | 'removing' | 'removed';
export type HistoryAction = BeneficiaryHistoryEntry['action'];

/** A payout_beneficiaries row (camelCased by the connection). */
export interface BeneficiaryRow {
  id: string;
  channelId: string;
  providerBeneficiaryId: string;
  kind: 'bank_account' | 'upi';
  name: string;
  accountMasked: string | null;
  ifsc: string | null;
  vpaMasked: string | null;
  panMasked: string | null;
  instrumentHash: string;
  email: string | null;
  phone: string | null;
  verification: Beneficiary['verification'];
  nameMatch: string | null;
  nameAtBank: string | null;
  verifiedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  removedAt: Date | null;
  providerState: ProviderState;
  providerChangeUntil: Date | null;
}

export function toBeneficiary(row: BeneficiaryRow): Beneficiary {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    accountMasked: row.accountMasked,
    ifsc: row.ifsc,
    vpaMasked: row.vpaMasked,
    panMasked: row.panMasked,
    verification: row.verification,
    nameMatch: row.nameMatch,
    nameAtBank: row.nameAtBank,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export const maskedOf = (row: BeneficiaryRow): MaskedDetails => ({
  kind: row.kind,
  name: row.name,
  accountMasked: row.accountMasked,
  ifsc: row.ifsc,
  vpaMasked: row.vpaMasked,
  panMasked: row.panMasked,
});

/** The channel's beneficiary that is not removed, or null: another channel's id is as unknown as a made-up one. */
export async function findActive(db: Queryable, channelId: string, beneficiaryId: string): Promise<BeneficiaryRow | null> {
  const [row] = await db<BeneficiaryRow[]>`
    select * from payout_beneficiaries where id = ${beneficiaryId} and channel_id = ${channelId} and removed_at is null`;
  return row ?? null;
}

/** Locks the row for a change; a payout request locks it too (see destination.ts), so the two take turns. */
export async function lockActive(db: Queryable, channelId: string, beneficiaryId: string): Promise<BeneficiaryRow | null> {
  const [row] = await db<BeneficiaryRow[]>`
    select * from payout_beneficiaries where id = ${beneficiaryId} and channel_id = ${channelId} and removed_at is null for update`;
  return row ?? null;
}

export async function listActive(db: Queryable, channelId: string): Promise<BeneficiaryRow[]> {
  return db<BeneficiaryRow[]>`
    select * from payout_beneficiaries where channel_id = ${channelId} and removed_at is null order by created_at, id`;
}

/** Another live beneficiary of the channel with this instrument (`except` the one being replaced). */
export async function findByInstrument(
  db: Queryable,
  channelId: string,
  instrumentHash: string,
  except: string | null = null,
): Promise<BeneficiaryRow | null> {
  const [row] = await db<BeneficiaryRow[]>`
    select * from payout_beneficiaries
    where channel_id = ${channelId} and instrument_hash = ${instrumentHash} and removed_at is null
      and (${except}::uuid is null or id <> ${except}::uuid)
    limit 1`;
  return row ?? null;
}

/** Every row id the channel ever had, removed ones included: derived ids must not reuse them. */
export async function channelRowIds(db: Queryable, channelId: string): Promise<Set<string>> {
  const rows = await db<{ id: string }[]>`select id from payout_beneficiaries where channel_id = ${channelId}`;
  return new Set(rows.map((r) => r.id));
}

/** Payouts whose outcome is still open; the beneficiary must stay as Cashfree knows it until they settle. */
export async function hasPayoutInFlight(db: Queryable, beneficiaryId: string): Promise<boolean> {
  const [row] = await db<{ found: boolean }[]>`
    select exists (
      select 1 from payouts where beneficiary_id = ${beneficiaryId} and status in ('requested', 'processing', 'unknown')
    ) as found`;
  return row?.found === true;
}

export async function addHistory(
  db: Queryable,
  entry: { channelId: string; beneficiaryId: string; action: HistoryAction; details: Record<string, unknown>; actorUserId: string },
): Promise<void> {
  await db`
    insert into payout_beneficiary_history (channel_id, beneficiary_id, action, details, actor_user_id)
    values (${entry.channelId}, ${entry.beneficiaryId}, ${entry.action}, ${db.json(toJson(entry.details))}, ${entry.actorUserId})`;
}

export async function readHistory(db: Queryable, channelId: string): Promise<BeneficiaryHistoryEntry[]> {
  const rows = await db<{ id: number; beneficiaryId: string; action: HistoryAction; details: Record<string, unknown>; createdAt: Date }[]>`
    select id, beneficiary_id, action, details, created_at from payout_beneficiary_history
    where channel_id = ${channelId} order by id desc`;
  return rows.map((r) => ({
    id: r.id,
    beneficiaryId: r.beneficiaryId,
    action: r.action,
    details: r.details,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** postgres.js types json() parameters as its JSONValue; our records are plain data, checked here once. */
function toJson(details: Record<string, unknown>): Parameters<Queryable['json']>[0] {
  return JSON.parse(JSON.stringify(details)) as Parameters<Queryable['json']>[0];
}
