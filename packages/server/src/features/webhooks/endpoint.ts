import type { IncomingHttpHeaders } from 'node:http';
import { errorBodySchema } from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import { noMetrics, type WebhookMetrics } from '../../metrics/server-metrics';
import { WebhookVerificationError } from '../../providers/webhook-errors';

/** Above the API's 64 KB: an event carries the provider's whole object, and a delivery refused for size comes back for days. */
const MAX_DELIVERY_BYTES = 512 * 1024;

/** The 200 of every webhook endpoint: one outcome per event of the delivery, in order. */
const ackSchema = z.object({
  received: z.literal(true),
  outcomes: z.array(z.string()),
});

/** The refusals an endpoint documents besides its 200 (its OpenAPI entry lists exactly these). */
export type WebhookRefusalStatus = 400 | 404 | 415 | 422;

/** One provider's side of an endpoint: how its deliveries are verified and what each event does. */
export interface WebhookReceiver<E> {
  /** Named in the log when a delivery is refused. */
  readonly provider: string;
  /**
   * Verifies the signature over the raw bytes and maps the delivery to events. Throws WebhookVerificationError
   * for a delivery that is not genuine or cannot be read (a 400 with its reason); anything else it throws is ours.
   */
  parse(raw: Buffer, headers: IncomingHttpHeaders): readonly E[];
  /**
   * Applies one event exactly once and answers its outcome. The event's id is recorded in the same transaction as
   * everything it causes, so a redelivery (even a concurrent one) answers `duplicate` and changes nothing. Throwing
   * answers an error status (an AppError's own, or 500), which the provider takes as "send it again".
   * `body` is the delivery as signed, for events stored with it for review.
   */
  apply(event: E, body: string): Promise<string>;
}

export interface WebhookEndpoint<E, P> {
  /** Under the plugin's prefix: `/webhooks/stripe-connect`, `/webhooks/:provider`. */
  path: string;
  /** The OpenAPI summary: who signs, with which header. */
  summary: string;
  /** The path parameters' schema, when the path has any: an unknown value is a 400 before anything else. */
  params?: z.ZodType<P>;
  refusals: readonly WebhookRefusalStatus[];
  /** The receiver for these parameters, or null when its provider is not configured here (a 404 with `unconfigured`). */
  receiver(params: P): WebhookReceiver<E> | null;
  unconfigured(params: P): string;
  /** Each endpoint keeps its own log lines (operators search for them): the refusal's message, the success's line. */
  logs: {
    refused: string;
    processed(delivery: { provider: string; events: readonly E[]; outcomes: readonly string[] }): {
      fields: Record<string, unknown>;
      message: string;
    };
  };
}

/** What the app hands every endpoint when registering it. */
export interface WebhookEndpointOptions {
  /** Counts deliveries by provider and outcome (processed, refused, unconfigured, failed). */
  metrics?: WebhookMetrics;
}

/** The provider a delivery to an unconfigured endpoint was meant for: its `:provider` parameter, else the path's end. */
function providerOf(params: unknown, path: string): string {
  const named = typeof params === 'object' && params !== null && 'provider' in params ? params.provider : undefined;
  return typeof named === 'string' ? named : (path.split('/').pop() ?? path);
}

/**
 * The one way a provider's events come in: raw body, verify, parse, apply each event exactly once, acknowledge.
 *
 * The body is kept as raw bytes: providers sign the exact bytes they sent, and parsing then re-serialising JSON
 * changes them. Everything a delivery causes is applied before the 200, so an answer other than 200 means "send it
 * again" and a 200 means it is safely stored: nothing is acknowledged and then lost. A refused signature is a 400 with
 * its reason (the body is never echoed back); an unconfigured provider a 404; an event that fails to apply answers
 * its error's status, a 5xx asking the provider to retry.
 *
 * Each endpoint is a plugin of its own, so its raw-body parser applies to it and nothing else.
 */
export function webhookEndpoint<E, P = unknown>(endpoint: WebhookEndpoint<E, P>): FastifyPluginAsyncZod<WebhookEndpointOptions> {
  const response = { 200: ackSchema, ...Object.fromEntries(endpoint.refusals.map((status) => [status, errorBodySchema])) };
  return async (app, { metrics = noMetrics }) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_DELIVERY_BYTES }, (_request, body, done) =>
      done(null, body),
    );

    app.post(
      endpoint.path,
      { schema: { tags: ['webhooks'], summary: endpoint.summary, ...(endpoint.params && { params: endpoint.params }), response } },
      async (request) => {
        // Validated against `endpoint.params` by the route schema before the handler runs (a path without
        // parameters has none to read).
        const params = request.params as P;
        const receiver = endpoint.receiver(params);
        if (!receiver) {
          metrics.webhookDelivery(providerOf(params, endpoint.path), 'unconfigured');
          throw new AppError('NOT_FOUND', endpoint.unconfigured(params));
        }
        const count = (outcome: string) => metrics.webhookDelivery(receiver.provider, outcome);
        const raw = request.body;
        if (!Buffer.isBuffer(raw)) {
          count('refused');
          throw new AppError('BAD_REQUEST', 'Send the event as application/json');
        }
        let events: readonly E[];
        try {
          events = receiver.parse(raw, request.headers);
        } catch (error) {
          if (!(error instanceof WebhookVerificationError)) {
            count('failed');
            throw error;
          }
          count('refused');
          request.log.warn({ provider: receiver.provider, reason: error.reason }, endpoint.logs.refused);
          throw new AppError('WEBHOOK_SIGNATURE_INVALID', error.message, { reason: error.reason });
        }
        const body = raw.toString('utf8');
        const outcomes: string[] = [];
        // One at a time, in the delivery's order: a later event may depend on an earlier one (a refund on its payment).
        try {
          for (const event of events) outcomes.push(await receiver.apply(event, body));
        } catch (error) {
          count('failed');
          throw error;
        }
        count('processed');
        const processed = endpoint.logs.processed({ provider: receiver.provider, events, outcomes });
        request.log.info(processed.fields, processed.message);
        return { received: true as const, outcomes };
      },
    );
  };
}
