/**
 * What the Cashfree Payouts client takes and returns, in our terms: camelCase, amounts in integer paise. The wire
 * shapes (snake_case, decimal rupees) stay inside wire.ts.
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

/** Where a beneficiary's money goes. tipchat pays one instrument per beneficiary: a bank account or a UPI id. */
export type BeneficiaryInstrument = { kind: 'bank_account'; accountNumber: string; ifsc: string } | { kind: 'upi'; vpa: string };

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

/** How Cashfree's name match rated the name we sent against the name the bank holds. */
export const NAME_MATCH_RESULTS = [
  'DIRECT_MATCH',
  'GOOD_PARTIAL_MATCH',
  'MODERATE_PARTIAL_MATCH',
  'POOR_PARTIAL_MATCH',
  'NO_MATCH',
] as const;
export type NameMatchResult = (typeof NAME_MATCH_RESULTS)[number];

/**
 * The one shape both checks answer with, so the payouts feature decides on `outcome` whatever the instrument:
 * - `valid`: the instrument exists and can receive money;
 * - `invalid`: it does not, or cannot (closed, blocked, NRE, expired VPA…); ask the streamer to fix it;
 * - `inconclusive`: Cashfree could not decide now (bank offline, NPCI down, still processing); try again later.
 */
export interface InstrumentVerification {
  outcome: 'valid' | 'invalid' | 'inconclusive';
  /** The holder's name as the bank has it, when the bank told. */
  nameAtBank: string | null;
  nameMatch: NameMatchResult | null;
  /** Cashfree's reference for this verification, for support queries. */
  referenceId: string | null;
  /** Cashfree's own status (`VALID`, `INVALID`, `FAILED`…) and reason code, for logs. */
  providerStatus: string;
  providerStatusCode: string | null;
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
