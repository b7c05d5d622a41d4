import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Sql } from '../../../db/connection';
import type { BeneficiaryInstrument } from '../../../providers/payout-beneficiaries';

/** The server_settings row holding the key material when TIPCHAT_SECRET is not set (development only). */
const DEV_KEY_SETTING = 'payout_instrument_key';

/**
 * Keyed hashes of payout instruments (bank account + IFSC, UPI id) and the ids derived from them.
 *
 * We store no full account number or UPI id, yet must recognise an instrument added twice. A plain SHA-256 of an
 * account number would not do: 9 to 18 digits per IFSC can be enumerated, so a leaked table would give the numbers
 * back. An HMAC with a key that is not in the database cannot be reversed from a dump.
 *
 * The key is derived (HKDF, its own label) from TIPCHAT_SECRET, the secret that signs access tokens: production
 * already requires it and keeps it out of the database, and the label means neither use can stand in for the
 * other. Without it (development) the material is made once and kept in server_settings, like the dev token
 * secret, so restarts and several processes agree. Rotating TIPCHAT_SECRET changes every hash: duplicates of
 * instruments stored before the rotation are then no longer recognised (nothing else breaks).
 */
export class InstrumentKeys {
  private constructor(private readonly key: Buffer) {}

  static async create(sql: Sql, secret: string | undefined): Promise<InstrumentKeys> {
    const material = secret ?? (await storedMaterial(sql));
    return new InstrumentKeys(Buffer.from(hkdfSync('sha256', material, 'tipchat', 'payout instrument hash v1', 32)));
  }

  /** The same for every spelling our schemas and Cashfree produce of one instrument. */
  hash(instrument: BeneficiaryInstrument): string {
    const canonical =
      instrument.kind === 'bank_account'
        ? `bank_account\n${instrument.ifsc.trim().toUpperCase()}\n${instrument.accountNumber.replace(/\s+/g, '')}`
        : `upi\n${instrument.vpa.trim().toLowerCase()}`;
    return this.mac(canonical).toString('hex');
  }

  /**
   * The row id (and so the Cashfree beneficiary id) a channel's `attempt`-th beneficiary for this instrument gets.
   * Derived rather than random so that an add retried after a lost answer asks Cashfree for the same beneficiary id
   * and finds the one the first try created, instead of creating a second. A UUID of version 8 (custom).
   */
  beneficiaryRowId(channelId: string, instrumentHash: string, attempt: number): string {
    const bytes = this.mac(`beneficiary\n${channelId}\n${instrumentHash}\n${attempt}`).subarray(0, 16);
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  private mac(text: string): Buffer {
    return createHmac('sha256', this.key).update(text).digest();
  }
}

/** Our beneficiary id at Cashfree: 35 characters of `tc_` and hex, inside its 50 and its character set. */
export const providerBeneficiaryId = (rowId: string): string => `tc_${rowId.replaceAll('-', '')}`;

async function storedMaterial(sql: Sql): Promise<string> {
  const candidate = randomBytes(48).toString('base64url');
  await sql`insert into server_settings (key, value) values (${DEV_KEY_SETTING}, ${candidate}) on conflict (key) do nothing`;
  const [row] = await sql<{ value: string }[]>`select value from server_settings where key = ${DEV_KEY_SETTING}`;
  if (!row) throw new Error('tipchat: could not read the payout instrument key');
  return row.value;
}
