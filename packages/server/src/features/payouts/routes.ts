import { Readable } from 'node:stream';
import {
  balancesSchema,
  payoutAvailabilitySchema,
  payoutListQuerySchema,
  payoutListSchema,
  payoutRequestBodySchema,
  payoutScheduleBodySchema,
  payoutScheduleSchema,
  payoutSchema,
  statementQuerySchema,
  stripeAccountSchema,
  stripeOnboardingBodySchema,
  stripeOnboardingSchema,
} from '@tipchat/sdk/protocol';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Sql } from '../../db/connection';
import { errorResponses } from '../../plugins/error-responses';
import { accountOf, bearerSecurity } from '../auth/guard';
import type { PayoutService } from './service';
import { statementWindow } from './statement';
import { type PayoutStreamer, payoutStreamer } from './streamer';
import type { StripeAccountService } from './stripe-accounts';

const tags = ['payouts'];
const errors = errorResponses(400, 401, 403, 404, 409, 422, 502);

/** The statement is streamed (Fastify sends a stream as is); the reference documents it as the text it is. */
const csvStream = z
  .custom<Readable>((value) => value instanceof Readable)
  .meta({ type: 'string', description: 'text/csv with a header row, every field quoted' });

export interface PayoutRoutesOptions {
  sql: Sql;
  payouts: PayoutService;
  stripeAccounts: StripeAccountService;
}

/**
 * The streamer's money, under `/payout`: balances, manual payouts, history, the ledger statement, the daily
 * schedule and the Stripe Connect account. The signed-in owner of the channel only (verified email, account not
 * restricted); there is no channel in the path, so no other channel's money can be named.
 */
export const payoutRoutes: FastifyPluginAsyncZod<PayoutRoutesOptions> = async (app, { sql, payouts, stripeAccounts }) => {
  // onRequest, before the body is read: a caller without an account learns nothing, not even what a valid body is.
  app.addHook('onRequest', app.requireVerifiedAccount);
  const streamer = (request: FastifyRequest): Promise<PayoutStreamer> => payoutStreamer(sql, accountOf(request));

  app.get(
    '/balance',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Your money per currency: pending (in the hold), available, in transit, paid out, and the smallest payout',
        response: { 200: balancesSchema, ...errors },
      },
    },
    async (request) => ({ balances: await payouts.balances(await streamer(request)) }),
  );

  app.post(
    '/standard-transfer',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary:
          'Pay out now: INR to a verified bank account or UPI id (Cashfree), other currencies to your Stripe account; amount defaults to all available',
        body: payoutRequestBodySchema,
        response: { 201: payoutSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await payouts.request(await streamer(request), request.body)),
  );

  app.get(
    '/payouts',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Your payouts, newest first, with status, provider reference and the reason of any failure',
        querystring: payoutListQuerySchema,
        response: { 200: payoutListSchema, ...errors },
      },
    },
    async (request) => payouts.list(await streamer(request), request.query),
  );

  app.get(
    '/statement.csv',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary:
          'Your ledger statement as CSV, streamed: every movement of your money in the window (at most a year; default the last one) with the running balance of its bucket',
        querystring: statementQuerySchema,
        produces: ['text/csv'],
        response: { 200: csvStream, ...errors },
      },
    },
    async (request, reply) => {
      const who = await streamer(request);
      const { from, to, currency } = request.query;
      const csv = await payouts.statement(who, statementWindow(request.query));
      const name = ['tipchat-statement', who.channelSlug, currency, from?.slice(0, 10), to?.slice(0, 10)].filter(Boolean).join('-');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(csv));
    },
  );

  app.get(
    '/availability',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Whether this server can pay you out in your channel’s currency at all (its payout rail is configured), and if not, why',
        response: { 200: payoutAvailabilitySchema, ...errors },
      },
    },
    async (request) => payouts.availability(await streamer(request)),
  );

  app.get(
    '/schedule',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Whether everything available is paid out automatically once a day, and when next',
        response: { 200: payoutScheduleSchema, ...errors },
      },
    },
    async (request) => payouts.schedule(await streamer(request)),
  );

  app.put(
    '/schedule',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Turn the automatic daily payout on or off',
        body: payoutScheduleBodySchema,
        response: { 200: payoutScheduleSchema, ...errors },
      },
    },
    async (request) => payouts.setSchedule(await streamer(request), request.body.enabled),
  );

  app.get(
    '/stripe/account',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Your Stripe connected account: whether Stripe lets it receive payouts, and what it still needs',
        response: { 200: stripeAccountSchema, ...errors },
      },
    },
    async (request) => stripeAccounts.get(await streamer(request)),
  );

  app.post(
    '/stripe/account',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Create your Stripe Express account (once) and get a link to Stripe’s onboarding',
        body: stripeOnboardingBodySchema,
        response: { 200: stripeOnboardingSchema, ...errors },
      },
    },
    async (request) => stripeAccounts.onboard(await streamer(request), request.body),
  );
};
