import type { IncomingHttpHeaders } from 'node:http';
import type { TransferEvent } from './payout-rail';

/**
 * A payout provider where the streamer holds an account of their own that we transfer to (Stripe Connect): the
 * account is opened once per channel, the streamer completes it on the provider's onboarding page, and the provider
 * reports the account's progress by webhook.
 */

/** What tipchat keeps of a connected account: whether it can be paid, and what the provider still needs. */
export interface ConnectedAccountSnapshot {
  stripeAccountId: string;
  /** Our channel, from the metadata we set when creating the account; null for an account we did not create. */
  channelId: string | null;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  /** What the provider still needs from the streamer (Stripe's `requirements.currently_due`). */
  requirements: string[];
}

export interface OnboardingLink {
  url: string;
  expiresAt: Date;
}

/** Opening accounts and onboarding links. Failures are RailError. */
export interface ConnectedAccounts {
  /** Opens the channel's account; the channel is the idempotency key, so a retry never opens a second one. */
  create(input: { channelId: string; email: string }): Promise<ConnectedAccountSnapshot>;
  onboardingLink(accountId: string, urls: { returnUrl: string; refreshUrl: string }): Promise<OnboardingLink>;
}

/** One verified event of the connected-accounts webhook endpoint, in our terms. */
export type ConnectEvent =
  | { kind: 'transfer'; event: TransferEvent }
  | { kind: 'account'; eventId: string; createdAt: number; account: ConnectedAccountSnapshot }
  | { kind: 'ignored'; eventId: string; type: string };

/** Verifies a delivery over its raw bytes (throws WebhookVerificationError) and maps its event. */
export type ConnectWebhookParser = (rawBody: Buffer, headers: IncomingHttpHeaders) => ConnectEvent;
