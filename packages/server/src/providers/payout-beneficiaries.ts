/**
 * Beneficiaries: the bank accounts and UPI ids a rail pays, registered at the provider under our own id (Cashfree
 * Payouts works this way; Stripe Connect pays connected accounts instead and refuses these calls). The payouts
 * feature keeps masked details and decides; a rail only registers, reads back, removes and verifies.
 */

/** Where a beneficiary's money goes. tipchat pays one instrument per beneficiary: a bank account or a UPI id. */
export type BeneficiaryInstrument = { kind: 'bank_account'; accountNumber: string; ifsc: string } | { kind: 'upi'; vpa: string };

export interface BeneficiaryRegistration {
  /** Ours, stable per streamer instrument: the id the provider keeps the beneficiary under. */
  beneficiaryId: string;
  /** As on the bank account. */
  name: string;
  instrument: BeneficiaryInstrument;
  contact?: { email?: string; phone?: string };
}

/** A beneficiary as the provider holds it. The instrument has the full numbers: never show or log it. */
export interface RegisteredBeneficiary {
  beneficiaryId: string;
  name: string;
  instrument: BeneficiaryInstrument;
}

/** How the bank's name for the holder compares with the name we sent, best first. */
export const NAME_MATCH_RESULTS = [
  'DIRECT_MATCH',
  'GOOD_PARTIAL_MATCH',
  'MODERATE_PARTIAL_MATCH',
  'POOR_PARTIAL_MATCH',
  'NO_MATCH',
] as const;
export type NameMatchResult = (typeof NAME_MATCH_RESULTS)[number];

/**
 * The one shape every check answers with, so the payouts feature decides on `outcome` whatever the instrument:
 * - `valid`: the instrument exists and can receive money;
 * - `invalid`: it does not, or cannot (closed, blocked, NRE, expired VPA…); ask the streamer to fix it;
 * - `inconclusive`: the provider could not decide now (bank offline, NPCI down, still processing); try again later.
 */
export interface InstrumentVerification {
  outcome: 'valid' | 'invalid' | 'inconclusive';
  /** The holder's name as the bank has it, when the bank told. */
  nameAtBank: string | null;
  nameMatch: NameMatchResult | null;
  /** The provider's reference for this verification, for support queries. */
  referenceId: string | null;
  /** The provider's own status (`VALID`, `INVALID`, `FAILED`…) and reason code, for logs. */
  providerStatus: string;
  providerStatusCode: string | null;
}

export interface PayoutBeneficiaries {
  /** Registers the beneficiary under `input.beneficiaryId`; throws BeneficiaryError. */
  registerBeneficiary(input: BeneficiaryRegistration): Promise<void>;
  /** The beneficiary as the provider holds it, or null when it has none with this id. */
  findBeneficiary(beneficiaryId: string): Promise<RegisteredBeneficiary | null>;
  /** True when it was removed now, false when there was none with this id (a retried removal is not an error). */
  removeBeneficiary(beneficiaryId: string): Promise<boolean>;
  /** Checks with the bank that the instrument can receive money, and the bank's name for its holder against `name`. */
  verifyInstrument(instrument: BeneficiaryInstrument, name: string): Promise<InstrumentVerification>;
}

/**
 * Why a beneficiary call failed:
 * - `id_taken`: the provider already has a beneficiary under this id (an earlier try whose answer was lost);
 * - `instrument_taken`: the provider holds this instrument under another beneficiary;
 * - `invalid_details`: the provider refused the details themselves: the streamer's to fix;
 * - `unavailable`: anything else (unreachable, 5xx, our credentials refused): ours, try again later;
 * - `unsupported`: this rail has no beneficiaries.
 */
export type BeneficiaryFailure = 'id_taken' | 'instrument_taken' | 'invalid_details' | 'unavailable' | 'unsupported';

/** A failed beneficiary call. The message never holds a secret or a full account number, so it may be shown. */
export class BeneficiaryError extends Error {
  override readonly name = 'BeneficiaryError';

  constructor(
    readonly failure: BeneficiaryFailure,
    message: string,
    /** True when the call may still have taken effect (no answer, 5xx): look it up, never assume it undone. */
    readonly outcomeUnknown: boolean,
    /** The provider's error code, or ours (`timeout`, `network_error`…), for logs and the answer's details. */
    readonly providerCode: string,
    /** The provider's HTTP status, or null when it never answered; for logs. */
    readonly status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
