import { errorBodySchema } from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { PaymentProviderSet } from '../../providers/payment-provider';
import { WebhookVerificationError } from '../../providers/webhook-errors';
import type { TipProcessor } from './processor';

const paramsSchema = z.strictObject({ provider: z.enum(['stripe', 'cashfree']) });
const ackSchema = z.object({
  received: z.literal(true),
  /**
   * One per event in the delivery: applied, duplicate, deferred, stale, ignored, unknown_payment, rejected, flagged,
   * refused. `refused` (a Stripe event of the other mode) answers 200 on purpose: Stripe retries any other answer for
   * three days and the event will never become acceptable, so it is stored for review and acknowledged instead.
   */
  outcomes: z.array(z.string()),
});

/**
 * Where Stripe and Cashfree deliver events. The body is kept as raw bytes: both providers sign
 * the exact bytes they sent, and parsing then re-serialising JSON changes them. Everything a
 * delivery causes is applied before we answer 200, so an answer other than 200 means "send it
 * again" and a 200 means it is safely stored — nothing is acknowledged and then lost.
 */
export const webhookRoutes: FastifyPluginAsyncZod<{ providers: PaymentProviderSet; processor: TipProcessor }> = async (
  app,
  { providers, processor },
) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 512 * 1024 }, (_request, body, done) => done(null, body));

  app.post(
    '/webhooks/:provider',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Signed provider events (Stripe-Signature / x-webhook-signature over the raw body)',
        params: paramsSchema,
        response: { 200: ackSchema, 400: errorBodySchema, 404: errorBodySchema, 415: errorBodySchema, 422: errorBodySchema },
      },
    },
    async (request) => {
      const name = request.params.provider;
      const provider = providers.get(name);
      if (!provider) throw new AppError('NOT_FOUND', `${name} is not configured on this server`);
      const raw = request.body;
      if (!Buffer.isBuffer(raw)) throw new AppError('BAD_REQUEST', 'Send the event as application/json');
      let events: ReturnType<typeof provider.parseWebhook>;
      try {
        events = provider.parseWebhook(raw, request.headers);
      } catch (error) {
        if (!(error instanceof WebhookVerificationError)) throw error;
        request.log.warn({ provider: name, reason: error.reason }, 'webhook refused');
        throw new AppError('WEBHOOK_SIGNATURE_INVALID', error.message, { reason: error.reason });
      }
      const outcomes: string[] = [];
      // The body as signed goes with each event: a refused or flagged one is stored with it for review.
      const body = raw.toString('utf8');
      for (const event of events) outcomes.push(await processor.apply(name, event, body));
      request.log.info({ provider: name, events: events.map((e) => e.eventId), outcomes }, 'webhook processed');
      return { received: true as const, outcomes };
    },
  );
};
