import {
  channelParamsSchema,
  channelTipParamsSchema,
  createTipBodySchema,
  devCheckoutBodySchema,
  refundTipBodySchema,
  tiersSchema,
  tipFeedItemSchema,
  tipOptionsQuerySchema,
  tipOptionsSchema,
  tipParamsSchema,
  tipperTipSchema,
  updateTiersBodySchema,
} from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { perMinuteLimit } from '../../limits/route-limits';
import { errorResponses } from '../../plugins/error-responses';
import { channelScoped } from '../access/channel-routes';
import { bearerSecurity } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import { checkIdempotencyKey, IDEMPOTENCY_HEADER, idempotencyHeadersSchema, idempotencyKeyOf } from '../idempotency/key';
import type { TipService } from './service';
import type { TierService } from './tiers';

const tags = ['tips'];
const errors = errorResponses(400, 401, 403, 404, 409, 422, 429, 502, 503);

interface TipRoutesOptions {
  deps: FeatureDeps;
  tips: TipService;
  tiers: TierService;
  devCheckout: boolean;
}

/** A channel's tips: the tip form's options, starting a tip, refunds and tiers. */
const channelTipRoutes = channelScoped<TipRoutesOptions>(async (app, { deps, tips, tiers }) => {
  app.get(
    '/tip-options',
    {
      config: { channelRole: 'public' },
      schema: {
        tags,
        summary: 'What a tip form needs: currency, limits, presets, tiers, the platform fee (and with ?amount= the fee of that amount)',
        params: channelParamsSchema,
        querystring: tipOptionsQuerySchema,
        response: { 200: tipOptionsSchema, ...errors },
      },
    },
    async (request) => tips.options(request.channelContext.channel, request.query.amount),
  );

  // Each start may call the payment provider: per address (TIP_RATE_LIMIT_IP) and per device or credential (TIP_RATE_LIMIT_DEVICE).
  const startLimit = perMinuteLimit(deps, 'tip-start', deps.config.limits.tips, 'Too many tips started');

  app.post(
    '/tips',
    {
      config: { channelRole: 'anyone' },
      preHandler: [startLimit, checkIdempotencyKey],
      schema: {
        tags,
        summary:
          'Start a tip: a pending tip and what the browser must do to pay it. No account needed; a chat token links the tip to the tipper.',
        description:
          'Send an Idempotency-Key header (1-255 printable ASCII, e.g. a random UUID per tip) to make retries safe: the same key ' +
          'answers with the first answer (201, same tip, same payment step) and never starts a second tip; the same key with a ' +
          'different body answers 422 IDEMPOTENCY_KEY_REUSED, and 409 IDEMPOTENCY_KEY_IN_USE while the first request is still ' +
          'at the payment provider. A tip the provider refused frees its key. Keys are kept for at least 24 hours.',
        headers: idempotencyHeadersSchema,
        params: channelParamsSchema,
        body: createTipBodySchema,
        response: { 201: tipperTipSchema, ...errors },
      },
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request.headers[IDEMPOTENCY_HEADER]);
      const { channel, actor } = request.channelContext;
      const { tipper } = await tips.create(channel, actor, request.body, key === undefined ? undefined : { key, ip: request.ip });
      return reply.code(201).send(tipper);
    },
  );

  app.post(
    '/tips/:id/refund',
    {
      config: { channelRole: 'streamer' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Refund a tip in full or in part (streamer); the balance changes when the provider confirms',
        params: channelTipParamsSchema,
        body: refundTipBodySchema,
        response: { 202: tipFeedItemSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(202).send(await tips.refund(request.channelContext.channel, request.params.id, request.body)),
  );

  app.get(
    '/tiers',
    {
      config: { channelRole: 'public' },
      schema: { tags, summary: "The channel's tip tiers, public", params: channelParamsSchema, response: { 200: tiersSchema, ...errors } },
    },
    async (request) => tiers.get(request.channelContext.channel),
  );

  app.put(
    '/tiers',
    {
      config: { channelRole: 'streamer' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Set the tip tiers (streamer); null returns to the defaults. Tips keep the tier they were created with.',
        params: channelParamsSchema,
        body: updateTiersBodySchema,
        response: { 200: tiersSchema, ...errors },
      },
    },
    async (request) => tiers.update(request.channelContext.channel, request.body.tiers),
  );
});

/** Paying a tip (no account needed), following it, the dev checkout, refunds and tiers. */
export const tipRoutes: FastifyPluginAsyncZod<TipRoutesOptions> = async (app, options) => {
  await app.register(channelTipRoutes, options);
  const { tips, devCheckout } = options;

  app.get(
    '/tips/:id',
    {
      schema: {
        tags,
        summary: "A tip's status as its tipper's widget follows it",
        params: tipParamsSchema,
        response: { 200: tipperTipSchema, ...errors },
      },
    },
    async (request) => tips.get(request.params.id),
  );

  if (devCheckout) {
    app.post(
      '/tips/:id/dev-checkout',
      {
        schema: {
          tags,
          summary: 'Dev provider only (never in production): succeed, decline, or succeed a few seconds later',
          params: tipParamsSchema,
          body: devCheckoutBodySchema,
          response: { 200: tipperTipSchema, ...errors },
        },
      },
      async (request) => tips.devCheckout(request.params.id, request.body.outcome),
    );
  }
};
