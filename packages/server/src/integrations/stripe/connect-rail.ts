import type { IncomingHttpHeaders } from 'node:http';
import Stripe from 'stripe';
import {
  BeneficiaryError,
  type BeneficiaryInstrument,
  type BeneficiaryRegistration,
  type InstrumentVerification,
  type RegisteredBeneficiary,
} from '../../providers/payout-beneficiaries';
import { type PayoutRail, RailError, type TransferEvent, type TransferRequest, type TransferState } from '../../providers/payout-rail';
import type { Clock } from '../../providers/webhook-errors';
import { parseConnectWebhook, readTransfer, transferState } from './connect-events';
import { redactSecrets } from './errors';

export interface StripeConnectRailOptions {
  /** From createStripeClient: the platform's secret key. */
  client: Stripe;
  /** The Connect webhook endpoint's secrets (STRIPE_CONNECT_WEBHOOK_SECRET); empty when none is configured. */
  webhookSecrets: readonly string[];
  now?: Clock;
}

/**
 * Payouts outside India: a Stripe transfer from the platform balance to the streamer's Express connected account
 * (separate charges and transfers). The transfer is our idempotency key and its transfer group, so a retry by the
 * library never pays twice and `status` can find a transfer whose answer was lost.
 */
export class StripeConnectRail implements PayoutRail {
  readonly name = 'stripe' as const;

  constructor(private readonly options: StripeConnectRailOptions) {}

  async send(request: TransferRequest): Promise<TransferState> {
    try {
      const transfer = await this.options.client.transfers.create(
        {
          amount: request.amount,
          currency: request.currency.toLowerCase(),
          destination: request.destination,
          // Our transfer id, so status() can look the transfer up by it (Stripe cannot search transfers by metadata).
          transfer_group: request.transferId,
          description: request.description,
          metadata: { payout_id: request.payoutId, transfer_id: request.transferId },
        },
        { idempotencyKey: request.transferId },
      );
      return transferState(readTransfer(transfer));
    } catch (error) {
      throw railError(error, 'send the transfer');
    }
  }

  async status(transferId: string): Promise<TransferState> {
    let transfers: Stripe.ApiList<Stripe.Transfer>;
    try {
      transfers = await this.options.client.transfers.list({ transfer_group: transferId, limit: 10 });
    } catch (error) {
      throw railError(error, 'look the transfer up');
    }
    // One idempotency key makes one transfer; should there ever be more, any reversal is the news that matters.
    const found = transfers.data.map((t) => readTransfer(t));
    const first = found.find((t) => t.reversed) ?? found[0];
    return first ? transferState(first) : { state: 'missing' };
  }

  parseWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): TransferEvent[] {
    const event = parseConnectWebhook(rawBody, headers, {
      secrets: this.options.webhookSecrets,
      ...(this.options.now && { now: this.options.now }),
    });
    return event.kind === 'transfer' ? [event.event] : [];
  }

  // Stripe Connect pays the streamer's connected account, which holds their bank details at Stripe: there is no
  // beneficiary of ours to register or verify, so each call is refused before anything is sent.

  async registerBeneficiary(_input: BeneficiaryRegistration): Promise<void> {
    throw noBeneficiaries();
  }

  async findBeneficiary(_beneficiaryId: string): Promise<RegisteredBeneficiary | null> {
    throw noBeneficiaries();
  }

  async removeBeneficiary(_beneficiaryId: string): Promise<boolean> {
    throw noBeneficiaries();
  }

  async verifyInstrument(_instrument: BeneficiaryInstrument, _name: string): Promise<InstrumentVerification> {
    throw noBeneficiaries();
  }
}

const noBeneficiaries = () =>
  new BeneficiaryError(
    'unsupported',
    'Stripe Connect pays connected accounts, not beneficiaries: onboard a Stripe account instead of adding a bank account or UPI id',
    false,
    'beneficiaries_not_supported',
  );

/**
 * Stripe answered and refused (a 4xx other than a conflict or rate limit): nothing was created and sending again
 * would be refused again. Anything else (no answer, a timeout, a 5xx, 409, 429) may or may not have created the
 * transfer: the outcome is unknown and only `status` can tell.
 */
export function railError(error: unknown, action: string): RailError {
  if (error instanceof RailError) return error;
  if (!(error instanceof Stripe.errors.StripeError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new RailError('stripe', `Could not ${action}: ${redactSecrets(message)}`, true);
  }
  const status = error.statusCode;
  const refused = status !== undefined && status >= 400 && status < 500 && status !== 409 && status !== 429;
  const message = `Stripe ${refused ? 'refused to' : 'failed to'} ${action}${status === undefined ? '' : ` (HTTP ${status})`}: ${redactSecrets(error.message)}`;
  return new RailError('stripe', message, !refused, error.code ?? error.rawType ?? null);
}
