import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ConnectEvent } from '../../providers/connected-accounts';
import type { PayoutRail, TransferEvent } from '../../providers/payout-rail';
import type { PayoutRailSet } from '../../providers/payout-rail-set';
import { type WebhookEndpointOptions, webhookEndpoint } from '../webhooks/endpoint';
import type { StripeAccountService } from './stripe-accounts';
import type { PayoutTransitions } from './transitions';

export interface PayoutWebhookOptions extends WebhookEndpointOptions {
  rails: PayoutRailSet;
  transitions: PayoutTransitions;
  stripeAccounts: StripeAccountService;
}

/**
 * Transfer news from Cashfree Payouts and Stripe Connect (and Stripe's account updates), through the webhook endpoint
 * pipeline. Outcomes, one per event: applied, duplicate, unchanged, stale, unknown_transfer, unknown_account, ignored.
 * A redelivery is recognised by its event id and changes nothing.
 */
export const payoutWebhookRoutes: FastifyPluginAsyncZod<PayoutWebhookOptions> = async (
  app,
  { rails, transitions, stripeAccounts, metrics },
) => {
  await app.register(
    webhookEndpoint<TransferEvent, unknown>({
      path: '/webhooks/cashfree-payouts',
      summary: 'Cashfree Payouts transfer events (x-webhook-signature over the raw body)',
      refusals: [400, 404, 415],
      receiver: () => {
        const rail = rails.cashfree;
        if (!rail) return null;
        return {
          provider: 'cashfree',
          parse: (raw, headers) => rail.parseWebhook(raw, headers),
          apply: (event) => applyTransfer(transitions, rail, event),
        };
      },
      unconfigured: () => 'Cashfree Payouts is not configured on this server',
      logs: {
        refused: 'payout webhook refused',
        processed: ({ events, outcomes }) => ({
          fields: { events: events.map((e) => e.eventId), outcomes },
          message: 'payout webhook processed',
        }),
      },
    }),
    { metrics },
  );

  await app.register(
    webhookEndpoint<ConnectEvent, unknown>({
      path: '/webhooks/stripe-connect',
      summary: 'Stripe Connect events: transfers and account updates (Stripe-Signature)',
      refusals: [400, 404, 415],
      receiver: () => {
        const rail = rails.stripe;
        const parse = rails.stripeWebhooks;
        if (!rail || !parse) return null;
        return {
          provider: 'stripe',
          // Stripe sends one event per delivery.
          parse: (raw, headers) => [parse(raw, headers)],
          apply: async (event) => {
            if (event.kind === 'transfer') return applyTransfer(transitions, rail, event.event);
            if (event.kind === 'account') return stripeAccounts.applyUpdate(event.eventId, event.createdAt, event.account);
            return 'ignored';
          },
        };
      },
      unconfigured: () => 'Stripe Connect webhooks are not configured on this server',
      logs: {
        refused: 'payout webhook refused',
        processed: ({ events: [event], outcomes: [outcome] }) => ({
          fields: { kind: event?.kind, outcome },
          message: 'Stripe Connect webhook processed',
        }),
      },
    }),
    { metrics },
  );
};

async function applyTransfer(transitions: PayoutTransitions, rail: PayoutRail, event: TransferEvent): Promise<string> {
  const news = { kind: 'webhook' as const, eventId: event.eventId, event };
  return (await transitions.apply(rail.name, news, event.transferId, event.status)).outcome;
}
