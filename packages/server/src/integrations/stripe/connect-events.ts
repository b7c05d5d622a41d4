import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import type { ConnectEvent, ConnectedAccountSnapshot } from '../../providers/connected-accounts';
import type { TransferState } from '../../providers/payout-rail';
import { type Clock, WebhookVerificationError } from '../../providers/webhook-errors';
import { type StripeWebhookEvent, verifyStripeWebhook } from './stripe-signature';

/** A transfer Stripe holds: never `missing`. */
export type ProviderTransferState = Exclude<TransferState, { state: 'missing' }>;

/*
 * Each event reads a few fields of `data.object` through a small schema instead of a cast to Stripe's types, so
 * fields Stripe adds never break parsing and a field it drops is a clear refusal.
 */
const transferSchema = z.object({
  id: z.string().min(1),
  amount: z.number().int().nonnegative(),
  amount_reversed: z.number().int().nonnegative().default(0),
  reversed: z.boolean().default(false),
  transfer_group: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
});
export type StripeTransferObject = z.infer<typeof transferSchema>;

const accountSchema = z.object({
  id: z.string().min(1),
  charges_enabled: z.boolean().default(false),
  payouts_enabled: z.boolean().default(false),
  details_submitted: z.boolean().default(false),
  requirements: z.object({ currently_due: z.array(z.string()).nullish() }).nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
});
export type StripeAccountObject = z.infer<typeof accountSchema>;

/** Our transfer id: set as metadata and as the transfer group when we created the transfer. */
export function ourTransferId(transfer: Pick<StripeTransferObject, 'metadata' | 'transfer_group'>): string | null {
  return transfer.metadata?.transfer_id ?? transfer.transfer_group ?? null;
}

/**
 * A Stripe transfer to a connected account as a TransferState. The money is in the connected account's Stripe
 * balance as soon as the transfer exists, so a transfer is succeeded from the start; it is reversed once the whole
 * amount came back. A partial reversal (made on Stripe's dashboard, never by tipchat) leaves it succeeded: tipchat's
 * ledger cannot split a payout, and the operator who made it must settle the difference by hand.
 */
export function transferState(transfer: Pick<StripeTransferObject, 'id' | 'reversed'>): ProviderTransferState {
  if (transfer.reversed) return { state: 'reversed', reference: transfer.id, reason: 'The transfer was reversed at Stripe' };
  return { state: 'succeeded', reference: transfer.id };
}

export function accountSnapshot(account: StripeAccountObject): ConnectedAccountSnapshot {
  return {
    stripeAccountId: account.id,
    channelId: account.metadata?.channel_id ?? null,
    chargesEnabled: account.charges_enabled,
    payoutsEnabled: account.payouts_enabled,
    detailsSubmitted: account.details_submitted,
    requirements: account.requirements?.currently_due ?? [],
  };
}

export function readAccount(value: unknown): ConnectedAccountSnapshot {
  return accountSnapshot(accountSchema.parse(value));
}

export function readTransfer(value: unknown): StripeTransferObject {
  return transferSchema.parse(value);
}

export interface ConnectWebhookOptions {
  secrets: readonly string[];
  now?: Clock;
}

/** Verifies a delivery to the Connect endpoint over its raw bytes and maps its event. */
export function parseConnectWebhook(rawBody: Buffer, headers: IncomingHttpHeaders, options: ConnectWebhookOptions): ConnectEvent {
  const { event } = verifyStripeWebhook(rawBody, headers['stripe-signature'], {
    secrets: options.secrets,
    ...(options.now && { now: options.now }),
  });
  return connectEvent(event);
}

function connectEvent(event: StripeWebhookEvent): ConnectEvent {
  switch (event.type) {
    case 'transfer.created':
    case 'transfer.updated':
    case 'transfer.reversed': {
      const transfer = read(event, transferSchema);
      const transferId = ourTransferId(transfer);
      // A transfer made by hand on Stripe's dashboard is none of tipchat's payouts.
      if (transferId === null) return { kind: 'ignored', eventId: event.id, type: event.type };
      return { kind: 'transfer', event: { eventId: event.id, transferId, status: transferState(transfer) } };
    }
    case 'account.updated':
      return { kind: 'account', eventId: event.id, createdAt: event.created, account: accountSnapshot(read(event, accountSchema)) };
    default:
      // payout.paid / payout.failed are the connected account's own bank payouts, Stripe's business with the streamer.
      return { kind: 'ignored', eventId: event.id, type: event.type };
  }
}

function read<T>(event: StripeWebhookEvent, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(event.data.object);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new WebhookVerificationError(
    'stripe',
    'unparsable_body',
    `${event.type}: data.object.${issue?.path.join('.') ?? ''} is missing or invalid (${issue?.message ?? 'invalid'})`,
  );
}
