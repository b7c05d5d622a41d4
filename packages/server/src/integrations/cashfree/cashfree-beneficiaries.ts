import { randomBytes } from 'node:crypto';
import {
  BeneficiaryError,
  type BeneficiaryFailure,
  type BeneficiaryInstrument,
  type BeneficiaryRegistration,
  type InstrumentVerification,
  type PayoutBeneficiaries,
  type RegisteredBeneficiary,
} from '../../providers/payout-beneficiaries';
import type { CashfreePayoutsClient } from './payouts-client';
import { mayHaveTakenEffect, PayoutProviderError } from './payouts-errors';
import type { Beneficiary } from './payouts-types';

export type BeneficiaryClient = Pick<
  CashfreePayoutsClient,
  'createBeneficiary' | 'getBeneficiary' | 'deleteBeneficiary' | 'verifyBankAccount' | 'verifyUpi'
>;

/**
 * The payout rail's beneficiary calls on Cashfree: Payouts v2 beneficiaries and the Verification API's bank account
 * and UPI checks. Cashfree's failures (PayoutProviderError) come out as BeneficiaryError, classified by what the
 * payouts feature does about them; anything else is thrown as is.
 */
export class CashfreeBeneficiaries implements PayoutBeneficiaries {
  constructor(private readonly client: BeneficiaryClient) {}

  async registerBeneficiary(input: BeneficiaryRegistration): Promise<void> {
    await translated(() => this.client.createBeneficiary(input));
  }

  async findBeneficiary(beneficiaryId: string): Promise<RegisteredBeneficiary | null> {
    const held = await translated(() => this.client.getBeneficiary(beneficiaryId));
    return held === null ? null : { beneficiaryId: held.beneficiaryId, name: held.name, instrument: instrumentOf(held) };
  }

  removeBeneficiary(beneficiaryId: string): Promise<boolean> {
    return translated(() => this.client.deleteBeneficiary(beneficiaryId));
  }

  verifyInstrument(instrument: BeneficiaryInstrument, name: string): Promise<InstrumentVerification> {
    return translated(() =>
      instrument.kind === 'bank_account'
        ? this.client.verifyBankAccount({ accountNumber: instrument.accountNumber, ifsc: instrument.ifsc, name })
        : // Cashfree refuses a reused verification id: a fresh one per attempt.
          this.client.verifyUpi({ verificationId: `tcv_${randomBytes(16).toString('hex')}`, vpa: instrument.vpa, name }),
    );
  }
}

async function translated<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof PayoutProviderError)) throw error;
    // PayoutProviderError messages are already free of the secret and of full account numbers.
    throw new BeneficiaryError(failureOf(error), error.message, mayHaveTakenEffect(error), error.providerCode, error.status, {
      cause: error,
    });
  }
}

/** Cashfree's 409 codes say which id clashed; its 400 and 422 refuse the details themselves. */
function failureOf(error: PayoutProviderError): BeneficiaryFailure {
  if (error.status === 409 && error.providerCode === 'beneficiary_id_already_exists') return 'id_taken';
  if (error.status === 409 && error.providerCode === 'beneficiary_already_exists') return 'instrument_taken';
  if (error.status === 400 || error.status === 422) return 'invalid_details';
  return 'unavailable';
}

/** The instrument Cashfree holds (full numbers), in the shape we hash. */
function instrumentOf(beneficiary: Beneficiary): BeneficiaryInstrument {
  if (beneficiary.bankAccountNumber !== null && beneficiary.ifsc !== null) {
    return { kind: 'bank_account', accountNumber: beneficiary.bankAccountNumber, ifsc: beneficiary.ifsc };
  }
  return { kind: 'upi', vpa: beneficiary.vpa ?? '' };
}
