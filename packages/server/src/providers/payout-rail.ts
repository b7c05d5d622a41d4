import type { IncomingHttpHeaders } from 'node:http';
import type { CurrencyCode } from '@tipchat/sdk/protocol';
import type { PayoutBeneficiaries } from './payout-beneficiaries';

/**
 * One way money leaves tipchat for a streamer: Cashfree Payouts to an Indian bank account or UPI
 * id, or a Stripe transfer to a connected account. The payout service owns the ledger and the
 * payout rows; a rail only talks to its provider.
 */
export type RailName = 'cashfree' | 'stripe';

export interface TransferRequest {
  payoutId: string;
  /** Ours, unique, and the provider's idempotency key: a retried send never pays twice. */
  transferId: string;
  amount: number;
  currency: CurrencyCode;
  /** Cashfree: the beneficiary id at Cashfree. Stripe: the connected account id (`acct_…`). */
  destination: string;
  /** Cashfree: `upi` for a UPI beneficiary, else `banktransfer`. */
  mode?: 'banktransfer' | 'upi';
  description: string;
}

/**
 * Where a transfer stands at the provider:
 * - pending: accepted, not settled yet;
 * - succeeded: the money reached the streamer (may still be reversed later);
 * - failed: it will not arrive; the money comes back to available;
 * - reversed: it arrived and was sent back;
 * - missing: the provider has no such transfer (a send that never reached it).
 */
export type TransferState =
  | { state: 'pending'; reference: string | null }
  | { state: 'succeeded'; reference: string | null }
  | { state: 'failed'; reference: string | null; reason: string }
  | { state: 'reversed'; reference: string | null; reason: string }
  | { state: 'missing' };

/** A verified transfer webhook, in our terms. */
export interface TransferEvent {
  /** Unique per provider and business event, for exactly-once processing. */
  eventId: string;
  transferId: string;
  status: Exclude<TransferState, { state: 'missing' }>;
}

/** A rail that pays beneficiaries (Cashfree) registers them; one that pays accounts (Stripe Connect) refuses. */
export interface PayoutRail extends PayoutBeneficiaries {
  readonly name: RailName;
  /**
   * Sends the transfer. Resolves with the provider's first answer; throws RailError. On a
   * timeout or 5xx the outcome is unknown: the caller must never send again, only `status()`.
   */
  send(request: TransferRequest): Promise<TransferState>;
  status(transferId: string): Promise<TransferState>;
  /** Verifies the signature over the raw bytes (throws WebhookVerificationError) and maps the delivery. */
  parseWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): TransferEvent[];
}

export class RailError extends Error {
  override readonly name = 'RailError';

  constructor(
    readonly rail: RailName,
    message: string,
    /** True when the outcome is unknown (network, timeout, 5xx): query the status, never resend. */
    readonly outcomeUnknown: boolean,
    readonly providerCode: string | null = null,
  ) {
    super(message);
  }
}
