import { z } from 'zod';
import { NAME_MATCH_RESULTS, type NameMatchResult } from '../../providers/payout-beneficiaries';
import { toMajorUnits, toMinorUnits } from './amounts';
import {
  type BankAccountVerification,
  BENEFICIARY_STATUSES,
  type Beneficiary,
  type CreateBeneficiaryInput,
  type CreateTransferInput,
  TRANSFER_STATUSES,
  type Transfer,
  type UpiVerification,
  type VerifyBankAccountInput,
  type VerifyUpiInput,
} from './payouts-types';

/**
 * Cashfree's JSON, both ways: request bodies from our inputs, and our results from its responses. Shapes follow
 * Cashfree's Payouts v2 OpenAPI (API version 2024-01-01) and its Verification API reference. Responses are read
 * loosely (unknown fields ignored, optional ones nullable) but the fields we act on are checked.
 */

/** Cashfree's error body for v2 and verification APIs: `{ type, code, message }`. */
export const errorBodySchema = z.object({
  type: z.string().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
});

const text = z.string().nullish();
/** Ids Cashfree documents as strings but has sent as numbers elsewhere (`reference_id`, `cf_transfer_id`). */
const idText = z.union([z.string(), z.number()]).transform(String);

// ── Beneficiaries ────────────────────────────────────────────────────────────

export function beneficiaryRequest(input: CreateBeneficiaryInput): Record<string, unknown> {
  const { instrument, contact } = input;
  return {
    beneficiary_id: input.beneficiaryId,
    beneficiary_name: input.name,
    beneficiary_instrument_details:
      instrument.kind === 'bank_account'
        ? { bank_account_number: instrument.accountNumber, bank_ifsc: instrument.ifsc }
        : { vpa: instrument.vpa },
    ...(contact && (contact.email !== undefined || contact.phone !== undefined)
      ? {
          beneficiary_contact_details: {
            ...(contact.email !== undefined && { beneficiary_email: contact.email }),
            ...(contact.phone !== undefined && { beneficiary_phone: contact.phone }),
          },
        }
      : {}),
  };
}

const beneficiarySchema = z.object({
  beneficiary_id: z.string(),
  beneficiary_name: text,
  beneficiary_instrument_details: z.object({ bank_account_number: text, bank_ifsc: text, vpa: text }).nullish(),
  beneficiary_status: z.enum(BENEFICIARY_STATUSES),
  added_on: text,
});

export const beneficiaryFromWire = beneficiarySchema.transform(
  (b): Beneficiary => ({
    beneficiaryId: b.beneficiary_id,
    name: b.beneficiary_name ?? '',
    bankAccountNumber: b.beneficiary_instrument_details?.bank_account_number || null,
    ifsc: b.beneficiary_instrument_details?.bank_ifsc || null,
    vpa: b.beneficiary_instrument_details?.vpa || null,
    status: b.beneficiary_status,
    addedOn: b.added_on ?? null,
  }),
);

// ── Transfers ────────────────────────────────────────────────────────────────

/**
 * `transfer_amount` is a JSON number of rupees. toMajorUnits goes through decimal text and refuses any amount whose
 * number would not print back as the same decimal, so the body carries exactly the paise we hold (12345 → 123.45).
 */
export function transferRequest(input: CreateTransferInput): Record<string, unknown> {
  return {
    transfer_id: input.transferId,
    transfer_amount: toMajorUnits(input.amount, 'INR'),
    transfer_currency: 'INR',
    ...(input.mode !== undefined && { transfer_mode: input.mode }),
    beneficiary_details: { beneficiary_id: input.beneficiaryId },
    ...(input.remarks !== undefined && { transfer_remarks: input.remarks }),
  };
}

const transferSchema = z.object({
  transfer_id: z.string(),
  cf_transfer_id: idText,
  status: z.enum(TRANSFER_STATUSES),
  status_code: text,
  status_description: text,
  beneficiary_details: z.object({ beneficiary_id: text }).nullish(),
  transfer_amount: z.number(),
  transfer_mode: text,
  transfer_utr: text,
  added_on: text,
  updated_on: text,
});

export const transferFromWire = transferSchema.transform(
  (t): Transfer => ({
    transferId: t.transfer_id,
    cfTransferId: t.cf_transfer_id,
    status: t.status,
    statusCode: t.status_code ?? null,
    statusDescription: t.status_description ?? null,
    beneficiaryId: t.beneficiary_details?.beneficiary_id ?? null,
    amount: toMinorUnits(t.transfer_amount, 'INR'),
    mode: t.transfer_mode ?? null,
    utr: t.transfer_utr || null,
    addedOn: t.added_on ?? null,
    updatedOn: t.updated_on ?? null,
  }),
);

// ── Verification ─────────────────────────────────────────────────────────────

const nameMatch = (value: string | null | undefined): NameMatchResult | null =>
  (NAME_MATCH_RESULTS as readonly string[]).includes(value ?? '') ? (value as NameMatchResult) : null;

const optionalText = (value: string | number | null | undefined): string | null =>
  value === null || value === undefined || value === '' ? null : String(value);

export function bankVerificationRequest(input: VerifyBankAccountInput): Record<string, unknown> {
  return {
    bank_account: input.accountNumber,
    ifsc: input.ifsc,
    name: input.name,
    ...(input.phone !== undefined && { phone: input.phone }),
  };
}

/**
 * POST /verification/bank-account/sync. The sync call usually ends in VALID or INVALID, but Cashfree documents
 * other account_status values (FAILED, RECEIVED, IN_PROCESS…) for a bank that did not answer: those are
 * `inconclusive`, never `invalid`, so a streamer is not told their account is wrong because a bank was offline.
 */
const bankVerificationSchema = z.object({
  reference_id: idText.nullish(),
  name_at_bank: text,
  bank_name: text,
  utr: text,
  name_match_score: z.union([z.string(), z.number()]).nullish(),
  name_match_result: text,
  account_status: z.string().min(1),
  account_status_code: text,
});

export const bankVerificationFromWire = bankVerificationSchema.transform(
  (v): BankAccountVerification => ({
    outcome: v.account_status === 'VALID' ? 'valid' : v.account_status === 'INVALID' ? 'invalid' : 'inconclusive',
    nameAtBank: v.name_at_bank || null,
    nameMatch: nameMatch(v.name_match_result),
    referenceId: v.reference_id ?? null,
    providerStatus: v.account_status,
    providerStatusCode: v.account_status_code || null,
    bankName: v.bank_name || null,
    nameMatchScore: optionalText(v.name_match_score),
    utr: v.utr || null,
  }),
);

export function upiVerificationRequest(input: VerifyUpiInput): Record<string, unknown> {
  return { verification_id: input.verificationId, vpa: input.vpa, ...(input.name !== undefined && { name: input.name }) };
}

/**
 * POST /verification/upi ("UPI Verification V2"). Cashfree documents the status values VALID, INVALID, EXPIRED and
 * NPCI_NAME_INCORRECT; the response fields below (`reference_id`, `status`, `name_at_bank`, name match) are
 * *assumed* from its other verification APIs (BAV v2, UPI penny drop), which share these names. EXPIRED (a VPA that
 * no longer exists) counts as invalid; anything else but VALID is inconclusive.
 */
const upiVerificationSchema = z.object({
  reference_id: idText.nullish(),
  status: z.string().min(1),
  status_code: text,
  name_at_bank: text,
  name_match_result: text,
});

const UPI_INVALID = new Set(['INVALID', 'EXPIRED']);

export const upiVerificationFromWire = upiVerificationSchema.transform(
  (v): UpiVerification => ({
    outcome: v.status === 'VALID' ? 'valid' : UPI_INVALID.has(v.status) ? 'invalid' : 'inconclusive',
    nameAtBank: v.name_at_bank || null,
    nameMatch: nameMatch(v.name_match_result),
    referenceId: v.reference_id ?? null,
    providerStatus: v.status,
    providerStatusCode: v.status_code || null,
  }),
);
