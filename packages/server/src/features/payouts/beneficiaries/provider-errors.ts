import { AppError } from '../../../errors';
import { PayoutProviderError } from '../../../payouts/cashfree/provider-error';

/**
 * A failed Cashfree call in the streamer's terms. Cashfree's refusals of the details are the streamer's to fix
 * (422, or 409 when Cashfree holds the account under another beneficiary); anything else — unreachable, 5xx, our
 * own credentials refused — is ours and answers 502. PayoutProviderError messages are already free of the secret
 * and of full account numbers, so Cashfree's reason can be passed on.
 */
export function providerFailure(error: unknown, action: string, details: Record<string, unknown> = {}): Error {
  if (!(error instanceof PayoutProviderError)) return error instanceof Error ? error : new Error(String(error));
  if (error.status === 409 && error.providerCode === 'beneficiary_already_exists') {
    return new AppError(
      'BENEFICIARY_EXISTS',
      'Cashfree already holds this bank account under another beneficiary; it cannot be added again',
      { ...details, providerCode: error.providerCode },
      error,
    );
  }
  if (error.status === 400 || error.status === 422) {
    return new AppError('BENEFICIARY_INVALID', error.message, { ...details, providerCode: error.providerCode }, error);
  }
  return new AppError(
    'PAYOUT_PROVIDER_ERROR',
    `Cashfree Payouts could not ${action} right now; try again in a few minutes`,
    { ...details, providerCode: error.providerCode },
    error,
  );
}
