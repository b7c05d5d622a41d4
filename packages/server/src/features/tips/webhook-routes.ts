import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PaymentEvent, PaymentProviderSet } from '../../providers/payment-provider';
import { type WebhookEndpointOptions, webhookEndpoint } from '../webhooks/endpoint';
import type { TipProcessor } from './processor';

const paramsSchema = z.strictObject({ provider: z.enum(['stripe', 'cashfree']) });

/**
 * Where Stripe and Cashfree deliver payment events, through the webhook endpoint pipeline. Outcomes, one per event:
 * applied, duplicate, deferred, stale, ignored, unknown_payment, rejected, flagged, refused. `refused` (a Stripe event
 * of the other mode) answers 200 on purpose: Stripe retries any other answer for three days and the event will never
 * become acceptable, so it is stored for review and acknowledged instead. A PAYMENT_MISMATCH is a 422 the provider
 * retries: a later event (a refund's failure) can make room for it.
 */
export const webhookRoutes: FastifyPluginAsyncZod<
  { providers: PaymentProviderSet; processor: TipProcessor } & WebhookEndpointOptions
> = async (app, { providers, processor, metrics }) => {
  await app.register(
    webhookEndpoint<PaymentEvent, z.output<typeof paramsSchema>>({
      path: '/webhooks/:provider',
      summary: 'Signed provider events (Stripe-Signature / x-webhook-signature over the raw body)',
      params: paramsSchema,
      refusals: [400, 404, 415, 422],
      receiver: ({ provider: name }) => {
        const provider = providers.get(name);
        if (!provider) return null;
        return {
          provider: name,
          parse: (raw, headers) => provider.parseWebhook(raw, headers),
          // The body as signed goes with each event: a refused or flagged one is stored with it for review.
          apply: (event, body) => processor.apply(name, event, body),
        };
      },
      unconfigured: ({ provider }) => `${provider} is not configured on this server`,
      logs: {
        refused: 'webhook refused',
        processed: ({ provider, events, outcomes }) => ({
          fields: { provider, events: events.map((e) => e.eventId), outcomes },
          message: 'webhook processed',
        }),
      },
    }),
    { metrics },
  );
};
