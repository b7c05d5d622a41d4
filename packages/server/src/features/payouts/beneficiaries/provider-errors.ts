import { AppError } from '../../../errors';
import { BeneficiaryError } from '../../../providers/payout-beneficiaries';

/**
 * A failed beneficiary call to the rail (Cashfree) in the streamer's terms. Refusals of the details are the
 * streamer's to fix (422, or 409 when Cashfree holds the account under another beneficiary); anything else —
 * unreachable, 5xx, our own credentials refused — is ours and answers 502. BeneficiaryError messages are already
 * free of the secret and of full account numbers, so Cashfree's reason can be passed on.
 */
export function providerFailure(error: unknown, action: string, details: Record<string, unknown> = {}): Error {
  if (!(error instanceof BeneficiaryError)) return error instanceof Error ? error : new Error(String(error));
  if (error.failure === 'instrument_taken') {
    return new AppError(
      'BENEFICIARY_EXISTS',
      'Cashfree already holds this bank account under another beneficiary; it cannot be added again',
      { ...details, providerCode: error.providerCode },
      error,
    );
  }
  if (error.failure === 'invalid_details') {
    return new AppError('BENEFICIARY_INVALID', error.message, { ...details, providerCode: error.providerCode }, error);
  }
  if (error.failure === 'unsupported') {
    return new AppError('PROVIDER_NOT_AVAILABLE', error.message, { ...details, providerCode: error.providerCode }, error);
  }
  return new AppError(
    'PAYOUT_PROVIDER_ERROR',
    `Cashfree Payouts could not ${action} right now; try again in a few minutes`,
    { ...details, providerCode: error.providerCode },
    error,
  );
}
