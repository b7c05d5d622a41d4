import { errorBodySchema } from '@tipchat/sdk/protocol';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { ConnectEvent } from '../../providers/connected-accounts';
import type { PayoutRail, TransferEvent } from '../../providers/payout-rail';
import type { PayoutRailSet } from '../../providers/payout-rail-set';
import { WebhookVerificationError } from '../../providers/webhook-errors';
import type { StripeAccountService } from './stripe-accounts';
import type { PayoutTransitions } from './transitions';

const ackSchema = z.object({
  received: z.literal(true),
  /** One per event in the delivery: applied, duplicate, unchanged, stale, unknown_transfer, unknown_account, ignored. */
  outcomes: z.array(z.string()),
});

const schema = (summary: string) => ({
  tags: ['webhooks'],
  summary,
  response: { 200: ackSchema, 400: errorBodySchema, 404: errorBodySchema, 415: errorBodySchema },
});

export interface PayoutWebhookOptions {
  rails: PayoutRailSet;
  transitions: PayoutTransitions;
  stripeAccounts: StripeAccountService;
}

/**
 * Transfer news from Cashfree Payouts and Stripe Connect (and Stripe's account updates). The body stays raw bytes:
 * both sign the exact bytes they sent. Everything a delivery causes is committed before the 200, so any other answer
 * means "send it again" and a 200 means it is stored; a redelivery is recognised by its event id and changes nothing.
 */
export const payoutWebhookRoutes: FastifyPluginAsyncZod<PayoutWebhookOptions> = async (app, { rails, transitions, stripeAccounts }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 512 * 1024 }, (_request, body, done) => done(null, body));

  app.post(
    '/webhooks/cashfree-payouts',
    { schema: schema('Cashfree Payouts transfer events (x-webhook-signature over the raw body)') },
    async (request) => {
      const rail = rails.cashfree;
      if (!rail) throw new AppError('NOT_FOUND', 'Cashfree Payouts is not configured on this server');
      const events = verified(request, 'cashfree', () => rail.parseWebhook(rawBody(request), request.headers));
      const outcomes: string[] = [];
      for (const event of events) outcomes.push(await applyTransfer(transitions, rail, event));
      request.log.info({ events: events.map((e) => e.eventId), outcomes }, 'payout webhook processed');
      return { received: true as const, outcomes };
    },
  );

  app.post(
    '/webhooks/stripe-connect',
    { schema: schema('Stripe Connect events: transfers and account updates (Stripe-Signature)') },
    async (request) => {
      const rail = rails.stripe;
      const parse = rails.stripeWebhooks;
      if (!rail || !parse) throw new AppError('NOT_FOUND', 'Stripe Connect webhooks are not configured on this server');
      const event: ConnectEvent = verified(request, 'stripe', () => parse(rawBody(request), request.headers));
      let outcome: string;
      if (event.kind === 'transfer') outcome = await applyTransfer(transitions, rail, event.event);
      else if (event.kind === 'account') outcome = await stripeAccounts.applyUpdate(event.eventId, event.createdAt, event.account);
      else outcome = 'ignored';
      request.log.info({ kind: event.kind, outcome }, 'Stripe Connect webhook processed');
      return { received: true as const, outcomes: [outcome] };
    },
  );
};

async function applyTransfer(transitions: PayoutTransitions, rail: PayoutRail, event: TransferEvent): Promise<string> {
  const news = { kind: 'webhook' as const, eventId: event.eventId, event };
  return (await transitions.apply(rail.name, news, event.transferId, event.status)).outcome;
}

function rawBody(request: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(request.body)) throw new AppError('BAD_REQUEST', 'Send the event as application/json');
  return request.body;
}

/** A delivery that fails verification is a 400 with the reason; the body is never echoed back. */
function verified<T>(request: FastifyRequest, provider: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    request.log.warn({ provider, reason: error.reason }, 'payout webhook refused');
    throw new AppError('WEBHOOK_SIGNATURE_INVALID', error.message, { reason: error.reason });
  }
}
