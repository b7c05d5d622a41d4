import { z } from 'zod';

/**
 * Formats of the Indian payout details a streamer types in (bank account, IFSC, UPI id, PAN). Checked here, before
 * any provider call, so a typo costs a 400 with a clear message instead of a failed or misdirected transfer.
 * Each schema normalises what it accepts (case, spaces), so the stored value has one spelling.
 */

/** Bank branch code: 4 letters (the bank), a literal 0 (reserved), 6 letters or digits (the branch). */
const IFSC = /^[A-Z]{4}0[A-Z0-9]{6}$/;

export const ifscSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(IFSC, 'Must be an IFSC: 4 letters, then 0, then 6 letters or digits (e.g. HDFC0001234)');

/**
 * 9 to 18 digits. Spaces are dropped because people copy numbers from passbooks printed in groups; leading zeros
 * are kept (it stays a string), they are part of the number.
 */
export const bankAccountNumberSchema = z
  .string()
  .overwrite((value) => value.replace(/\s+/g, ''))
  .regex(/^\d*$/, 'Must contain only digits')
  .min(9, 'Must be at least 9 digits')
  .max(18, 'Must be at most 18 digits');

/**
 * UPI id (VPA), `handle@provider`. What we accept:
 * - exactly one `@`;
 * - the handle: letters, digits, `.`, `_`, `-` (NPCI's set; Cashfree's beneficiary API documents the same
 *   characters and accepts `-` only before the `@`);
 * - the provider: letters and digits only. Real PSP handles are plain words (`okhdfcbank`, `ybl`, `paytm`, `upi`);
 *   Cashfree would also take `.` and `_` after the `@`, but no live handle uses them and refusing them catches
 *   typos such as `name@ok.hdfc`;
 * - 2 to 256 characters in all (Cashfree's verification API caps a VPA at 100, so a longer one fails there).
 * Lower-cased: VPAs are case-insensitive at NPCI, and one spelling keeps one account from being stored twice.
 */
const UPI_ID = /^[a-z0-9._-]+@[a-z0-9]+$/;

export const upiIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'Must be at least 2 characters')
  .max(256, 'Must be at most 256 characters')
  .refine((value) => value.split('@').length === 2, { message: 'Must contain exactly one @, as in name@bank', abort: true })
  .regex(UPI_ID, 'Must look like name@bank: letters, digits, . _ - before the @ and only letters or digits after it');

/** Permanent Account Number: 5 letters, 4 digits, 1 letter. */
const PAN = /^[A-Z]{5}[0-9]{4}[A-Z]$/;

export const panSchema = z.string().trim().toUpperCase().regex(PAN, 'Must be a PAN: 5 letters, 4 digits, 1 letter (e.g. ABCDE1234F)');

export type Ifsc = z.infer<typeof ifscSchema>;
export type BankAccountNumber = z.infer<typeof bankAccountNumberSchema>;
export type UpiId = z.infer<typeof upiIdSchema>;
export type Pan = z.infer<typeof panSchema>;

/**
 * A bank account number safe to show or log: a fixed run of X and the last 4 digits (`XXXXXX1234`). The prefix
 * has a fixed width so the mask does not reveal the length either; a value of 4 characters or fewer shows nothing.
 */
export function maskAccountNumber(accountNumber: string): string {
  const compact = accountNumber.replace(/\s+/g, '');
  return `XXXXXX${compact.length > 4 ? compact.slice(-4) : ''}`;
}

/**
 * A UPI id safe to show or log: at most the first two characters of the handle (always fewer than all of it), a
 * fixed `****`, and the provider, which says which app the money goes to: `ra****@okhdfcbank`. Anything without
 * exactly one `@` is masked whole.
 */
export function maskUpiId(upiId: string): string {
  const parts = upiId.trim().split('@');
  if (parts.length !== 2) return '****';
  const [handle = '', provider = ''] = parts;
  const visible = handle.slice(0, Math.max(0, Math.min(2, handle.length - 1)));
  return `${visible}****@${provider}`;
}
