import type { BeneficiaryInstrument, InstrumentVerification } from '../../providers/payout-beneficiaries';

/**
 * What the Cashfree Payouts client takes and returns, in our terms: camelCase, amounts in integer paise. The wire
 * shapes (snake_case, decimal rupees) stay inside payouts-wire.ts. The instrument and the verification result are
 * the payout-beneficiary interface's own shapes (Cashfree's name match labels are the ones it uses).
 */

export type CashfreeEnvironment = 'sandbox' | 'production';

export interface CashfreePayoutsOptions {
  clientId: string;
  clientSecret: string;
  environment: CashfreeEnvironment;
  /** Another origin to call instead of Cashfree's (`http://127.0.0.1:1234` for a local fake); paths stay the same. */
  apiUrl?: string;
  /** Per request; a request that takes longer fails with a retryable `timeout` error. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface CreateBeneficiaryInput {
  /** Ours, stable per streamer instrument. At most 50 characters: letters, digits, `_`, `|`, `.`, `-`. */
  beneficiaryId: string;
  /** As on the bank account. Cashfree allows letters and spaces only, at most 100 characters. */
  name: string;
  instrument: BeneficiaryInstrument;
  contact?: { email?: string; phone?: string };
}

/** Cashfree's documented beneficiary states. */
export const BENEFICIARY_STATUSES = ['VERIFIED', 'INVALID', 'INITIATED', 'CANCELLED', 'FAILED', 'DELETED'] as const;
export type BeneficiaryStatus = (typeof BENEFICIARY_STATUSES)[number];

export interface Beneficiary {
  beneficiaryId: string;
  name: string;
  /** As Cashfree holds it (full number): mask it with maskAccountNumber before showing or logging it. */
  bankAccountNumber: string | null;
  ifsc: string | null;
  vpa: string | null;
  status: BeneficiaryStatus;
  /** ISO 8601 as Cashfree sent it (UTC), or null. */
  addedOn: string | null;
}

/** `banktransfer` lets Cashfree pick IMPS/NEFT/RTGS; `upi` is needed for a UPI beneficiary. */
export const TRANSFER_MODES = ['banktransfer', 'imps', 'neft', 'rtgs', 'upi', 'paytm', 'amazonpay', 'card', 'cardupi'] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];

export interface CreateTransferInput {
  /** Ours and unique (`payout_<id>`): at most 40 characters, letters, digits and `_`. */
  transferId: string;
  /** Integer paise. Cashfree's minimum is 100 (₹1.00). */
  amount: number;
  beneficiaryId: string;
  mode?: TransferMode;
  /** Shown to the beneficiary's bank. Cashfree allows letters, digits and spaces, at most 70 characters. */
  remarks?: string;
}

/**
 * Cashfree's documented transfer states. None is final in the accounting sense: SUCCESS can later become REVERSED
 * when the beneficiary bank sends the money back.
 */
export const TRANSFER_STATUSES = [
  'RECEIVED',
  'QUEUED',
  'APPROVAL_PENDING',
  'PENDING',
  'SUCCESS',
  'FAILED',
  'REJECTED',
  'REVERSED',
  'MANUALLY_REJECTED',
] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export interface Transfer {
  transferId: string;
  cfTransferId: string;
  status: TransferStatus;
  /** The reason behind the status (`COMPLETED`, `IMPS_MODE_FAIL`, `INVALID_ACCOUNT_FAIL`…), when sent. */
  statusCode: string | null;
  statusDescription: string | null;
  beneficiaryId: string | null;
  /** Integer paise, converted exactly from Cashfree's decimal rupees. */
  amount: number;
  /** As Cashfree reports it (`BANK`, `UPI`…), which is not the request's lower-case mode. */
  mode: string | null;
  /** The bank's reference for the money movement, once there is one. */
  utr: string | null;
  addedOn: string | null;
  updatedOn: string | null;
}

export interface VerifyBankAccountInput {
  accountNumber: string;
  ifsc: string;
  /** The name the streamer gave; Cashfree compares it with the bank's. */
  name: string;
  phone?: string;
}

export interface BankAccountVerification extends InstrumentVerification {
  bankName: string | null;
  /** Cashfree's score behind `nameMatch`, as the text it sends (`"90.00"`). */
  nameMatchScore: string | null;
  /** The reference of the verification's penny transfer, when one was made. */
  utr: string | null;
}

export interface VerifyUpiInput {
  /** Ours, unique per attempt: at most 50 characters, letters, digits, `.`, `-`, `_`. Cashfree refuses a reused one. */
  verificationId: string;
  vpa: string;
  name?: string;
}

export type UpiVerification = InstrumentVerification;

/** Checks that an instrument can receive money before it becomes a beneficiary. */
export interface InstrumentVerifier {
  verifyBankAccount(input: VerifyBankAccountInput): Promise<BankAccountVerification>;
  verifyUpi(input: VerifyUpiInput): Promise<UpiVerification>;
}
