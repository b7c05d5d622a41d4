import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import type { PayoutsConfig } from '../../config';
import type {
  BeneficiaryInstrument,
  BeneficiaryRegistration,
  InstrumentVerification,
  RegisteredBeneficiary,
} from '../../providers/payout-beneficiaries';
import type { PayoutRail, TransferEvent, TransferRequest, TransferState } from '../../providers/payout-rail';
import { RailError } from '../../providers/payout-rail';
import { type Clock, WebhookVerificationError } from '../../providers/webhook-errors';
import { type BeneficiaryClient, CashfreeBeneficiaries } from './cashfree-beneficiaries';
import { type CashfreeWebhookHeaders, verifyCashfreeWebhook } from './cashfree-signature';
import { CashfreePayoutsClient } from './payouts-client';
import { mayHaveTakenEffect, PayoutProviderError, redact } from './payouts-errors';
import type { Transfer, TransferStatus } from './payouts-types';

/**
 * How old a transfer webhook may be. Cashfree retries failed deliveries for a while and whether a retry is signed
 * again is unconfirmed (as for PG webhooks); a replay inside the hour only repeats a fact the payout service already
 * applied once (each event id is processed once).
 */
export const CASHFREE_PAYOUT_WEBHOOK_TOLERANCE_SECONDS = 3600;

export interface CashfreeRailOptions {
  client: Pick<CashfreePayoutsClient, 'createTransfer' | 'getTransfer'> & BeneficiaryClient;
  /** Payouts webhooks are signed with the Payouts client secret; more than one while a rotated secret rolls out. */
  webhookSecrets: readonly string[];
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>;
  toleranceSeconds?: number;
  now?: Clock;
}

/** Cashfree's remark field: letters, digits and spaces, at most 70. */
const remarks = (description: string) =>
  description
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 70);

/**
 * Payouts to Indian bank accounts and UPI ids through Cashfree Payouts v2. Amounts are INR paise; the transfer id
 * is ours and unique per payout. A send whose outcome is unknown (timeout, network, 5xx) throws a RailError with
 * `outcomeUnknown`: the caller polls `status`, never sends again. A send Cashfree answers "already exists" to was
 * received before, so its current status is the answer. Its beneficiaries (see CashfreeBeneficiaries) are the
 * destinations it pays.
 */
export class CashfreeRail implements PayoutRail {
  readonly name = 'cashfree' as const;
  private readonly client: CashfreeRailOptions['client'];
  private readonly webhookSecrets: readonly string[];
  private readonly log: CashfreeRailOptions['log'];
  private readonly toleranceSeconds: number;
  private readonly now: Clock | undefined;
  private readonly beneficiaries: CashfreeBeneficiaries;

  constructor(options: CashfreeRailOptions) {
    this.webhookSecrets = options.webhookSecrets.filter((secret) => secret.trim() !== '');
    if (this.webhookSecrets.length === 0) throw new Error('CashfreeRail needs the Payouts client secret to verify webhooks');
    this.client = options.client;
    this.beneficiaries = new CashfreeBeneficiaries(options.client);
    this.log = options.log;
    this.toleranceSeconds = options.toleranceSeconds ?? CASHFREE_PAYOUT_WEBHOOK_TOLERANCE_SECONDS;
    this.now = options.now;
  }

  /** The rail for `config.payouts.cashfree`, or null when Cashfree Payouts is not configured. */
  static fromConfig(config: PayoutsConfig['cashfree'], log: CashfreeRailOptions['log']): CashfreeRail | null {
    if (!config) return null;
    return new CashfreeRail({ client: new CashfreePayoutsClient(config), webhookSecrets: [config.clientSecret], log });
  }

  async send(request: TransferRequest): Promise<TransferState> {
    if (request.currency !== 'INR') {
      throw new RailError('cashfree', `Cashfree Payouts pays INR only, not ${request.currency}`, false, 'currency_not_supported');
    }
    let transfer: Transfer;
    try {
      transfer = await this.client.createTransfer({
        transferId: request.transferId,
        amount: request.amount,
        beneficiaryId: request.destination,
        mode: request.mode ?? 'banktransfer',
        ...(remarks(request.description) !== '' && { remarks: remarks(request.description) }),
      });
    } catch (error) {
      // Received before (our earlier try whose answer was lost): what it became is the answer, not a refusal.
      if (error instanceof PayoutProviderError && error.status === 409 && error.providerCode === 'transfer_id_already_exists') {
        return this.status(request.transferId);
      }
      throw railError(error, 'send the transfer');
    }
    return transferState(transfer);
  }

  async status(transferId: string): Promise<TransferState> {
    let transfer: Transfer | null;
    try {
      transfer = await this.client.getTransfer(transferId);
    } catch (error) {
      throw railError(error, 'read the transfer');
    }
    return transfer === null ? { state: 'missing' } : transferState(transfer);
  }

  parseWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): TransferEvent[] {
    const { event } = verifyCashfreeWebhook(rawBody, cashfreeHeaders(headers), {
      secrets: this.webhookSecrets,
      toleranceSeconds: this.toleranceSeconds,
      ...(this.now && { now: this.now }),
    });
    const implied = WEBHOOK_STATES[event.type];
    if (implied === undefined) {
      // BENEFICIARY_INCIDENT, LOW_BALANCE_ALERT and anything new: genuine (signed) but not about a payout's state.
      this.log.warn(
        { type: event.type, eventTime: event.event_time ?? null },
        'Cashfree Payouts webhook not about a transfer; not applied',
      );
      return [];
    }
    const parsed = webhookTransferSchema.safeParse(event.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new WebhookVerificationError(
        'cashfree',
        'unparsable_body',
        `${event.type}: data.${issue?.path.join('.') ?? ''} is missing or invalid (${issue?.message ?? 'invalid'})`,
      );
    }
    const data = parsed.data;
    const reference = data.transfer_utr || data.cf_transfer_id || null;
    const reason = reasonOf(data.status_code, data.status_description, data.status ?? implied);
    const status: TransferEvent['status'] =
      implied === 'failed' || implied === 'reversed' ? { state: implied, reference, reason } : { state: implied, reference };
    return [{ eventId: `${event.type}:${data.transfer_id}:${data.status ?? event.type}`, transferId: data.transfer_id, status }];
  }

  registerBeneficiary(input: BeneficiaryRegistration): Promise<void> {
    return this.beneficiaries.registerBeneficiary(input);
  }

  findBeneficiary(beneficiaryId: string): Promise<RegisteredBeneficiary | null> {
    return this.beneficiaries.findBeneficiary(beneficiaryId);
  }

  removeBeneficiary(beneficiaryId: string): Promise<boolean> {
    return this.beneficiaries.removeBeneficiary(beneficiaryId);
  }

  verifyInstrument(instrument: BeneficiaryInstrument, name: string): Promise<InstrumentVerification> {
    return this.beneficiaries.verifyInstrument(instrument, name);
  }
}

/** What each transfer webhook says about the transfer; TRANSFER_ACKNOWLEDGED (debited, not yet credited) is pending. */
const WEBHOOK_STATES: Readonly<Record<string, 'pending' | 'succeeded' | 'failed' | 'reversed'>> = {
  TRANSFER_ACKNOWLEDGED: 'pending',
  TRANSFER_SUCCESS: 'succeeded',
  TRANSFER_FAILED: 'failed',
  TRANSFER_REJECTED: 'failed',
  TRANSFER_REVERSED: 'reversed',
};

/** Payouts v2 webhook `data`: Get Transfer Status V2's shape; only what the event needs is checked. */
const webhookTransferSchema = z.object({
  transfer_id: z.string().min(1),
  cf_transfer_id: z.union([z.string(), z.number()]).transform(String).nullish(),
  status: z.string().min(1).nullish(),
  status_code: z.string().nullish(),
  status_description: z.string().nullish(),
  transfer_utr: z.string().nullish(),
});

const PENDING: ReadonlySet<TransferStatus> = new Set(['RECEIVED', 'QUEUED', 'PENDING', 'APPROVAL_PENDING']);
const FAILED: ReadonlySet<TransferStatus> = new Set(['FAILED', 'REJECTED', 'MANUALLY_REJECTED']);

/**
 * A Cashfree transfer as a TransferState. The reference is the bank's UTR once there is one (what the streamer's
 * bank statement shows), else Cashfree's cf_transfer_id.
 */
export function transferState(transfer: Transfer): TransferState {
  const reference = transfer.utr ?? transfer.cfTransferId;
  if (PENDING.has(transfer.status)) return { state: 'pending', reference };
  if (transfer.status === 'SUCCESS') return { state: 'succeeded', reference };
  const reason = reasonOf(transfer.statusCode, transfer.statusDescription, transfer.status);
  if (FAILED.has(transfer.status)) return { state: 'failed', reference, reason };
  return { state: 'reversed', reference, reason };
}

/** Cashfree's reason for the streamer and the log: `IMPS_MODE_FAIL: The beneficiary bank…`, digits masked. */
function reasonOf(code: string | null | undefined, description: string | null | undefined, fallback: string): string {
  const text = [code, description].filter((part): part is string => typeof part === 'string' && part !== '').join(': ');
  return redact(text === '' ? fallback : text, []);
}

function railError(error: unknown, action: string): RailError {
  if (error instanceof PayoutProviderError) {
    return new RailError('cashfree', error.message, mayHaveTakenEffect(error), error.providerCode);
  }
  // A RangeError from the client (an amount that is not whole paise) was caught before anything was sent.
  const message = error instanceof Error ? error.message : String(error);
  return new RailError('cashfree', `Could not ${action}: ${message}`, !(error instanceof RangeError), null);
}

function cashfreeHeaders(headers: IncomingHttpHeaders): CashfreeWebhookHeaders {
  return {
    'x-webhook-signature': headers['x-webhook-signature'],
    'x-webhook-timestamp': headers['x-webhook-timestamp'],
    'x-webhook-version': headers['x-webhook-version'],
    'x-webhook-attempt': headers['x-webhook-attempt'],
  };
}
