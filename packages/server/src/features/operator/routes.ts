import {
  adminAuditLogSchema,
  adminAuditQuerySchema,
  directoryQuerySchema,
  operatorChannelPageSchema,
  operatorReasonBodySchema,
  operatorRefundBodySchema,
  operatorTipParamsSchema,
  operatorUserPageSchema,
  operatorUserParamsSchema,
  operatorUserSchema,
  platformFeesSchema,
  platformTotalsQuerySchema,
  platformTotalsSchema,
  registrationPolicySchema,
  setPlatformFeeBodySchema,
  tipFeedItemSchema,
} from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RegistrationPolicy } from '../../config';
import type { Sql } from '../../db/connection';
import type { FeeSchedule } from '../../ledger';
import { errorResponses } from '../../plugins/error-responses';
import { requireAdmin } from '../admin/admin-guard';
import { accountOf, bearerSecurity } from '../auth/guard';
import { platformFees, setPlatformFee } from '../fees/fee-settings';
import type { TipService } from '../tips/service';
import { listAdminActions, recordAdminAction } from './audit';
import { listChannels, listUsers } from './directory';
import { refundOnBehalf } from './refund-on-behalf';
import { restrictAccount, unrestrictAccount } from './restrict';
import { platformTotals } from './totals';

const tags = ['admin'];
const errors = errorResponses(400, 401, 403);

export interface OperatorRouteOptions {
  sql: Sql;
  tips: TipService;
  /** The configured fee (PLATFORM_FEE_*): what applies until an admin stores one. */
  configuredFee: FeeSchedule;
  registration: RegistrationPolicy;
}

/**
 * The operator console's API (`/api/v1/admin/…`, admins only): accounts and channels, restrictions, platform totals,
 * the fee setting, refunds on a streamer's behalf, and the audit log of every change made here.
 */
export const operatorRoutes: FastifyPluginAsyncZod<OperatorRouteOptions> = async (app, { sql, tips, configuredFee, registration }) => {
  // onRequest, before validation: a caller who is not an admin learns nothing about the routes' input.
  app.addHook('onRequest', requireAdmin(app.requireAccount));

  app.get(
    '/users',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Accounts with their channel and restriction, newest first; q searches email, name and channel slug',
        querystring: directoryQuerySchema,
        response: { 200: operatorUserPageSchema, ...errors },
      },
    },
    async (request) => listUsers(sql, request.query),
  );

  app.get(
    '/channels',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: "Channels with their owner, newest first; q searches slug, name and the owner's email",
        querystring: directoryQuerySchema,
        response: { 200: operatorChannelPageSchema, ...errors },
      },
    },
    async (request) => listChannels(sql, request.query),
  );

  app.post(
    '/users/:id/restrict',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Restrict a streamer: the account signs in and sees the reason, its channel refuses new tips (audit-logged)',
        params: operatorUserParamsSchema,
        body: operatorReasonBodySchema,
        response: { 200: operatorUserSchema, ...errors, ...errorResponses(404, 409) },
      },
    },
    async (request) => restrictAccount(sql, accountOf(request).user.id, request.params.id, request.body.reason),
  );

  app.post(
    '/users/:id/unrestrict',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: "Lift a streamer's restriction: the channel takes tips again (audit-logged)",
        params: operatorUserParamsSchema,
        body: operatorReasonBodySchema,
        response: { 200: operatorUserSchema, ...errors, ...errorResponses(404, 409) },
      },
    },
    async (request) => unrestrictAccount(sql, accountOf(request).user.id, request.params.id, request.body.reason),
  );

  app.get(
    '/registration',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Who may sign up on this server (REGISTRATION): open, invite or closed',
        response: { 200: registrationPolicySchema, ...errors },
      },
    },
    async () => ({ policy: registration }),
  );

  app.get(
    '/audit-log',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'What admins did (restrictions, fee changes, refunds), newest first',
        querystring: adminAuditQuerySchema,
        response: { 200: adminAuditLogSchema, ...errors },
      },
    },
    async (request) => ({ entries: await listAdminActions(sql, request.query) }),
  );

  app.get(
    '/totals',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Platform money by UTC day and currency: volume, fees, refunds, disputes, payouts',
        querystring: platformTotalsQuerySchema,
        response: { 200: platformTotalsSchema, ...errors },
      },
    },
    async (request) => platformTotals(sql, request.query),
  );

  app.get(
    '/fees',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'The platform fee new tips are quoted, and its history',
        response: { 200: platformFeesSchema, ...errors },
      },
    },
    async () => platformFees(sql, configuredFee),
  );

  app.put(
    '/fees',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Set the platform fee for tips started from now on (tips already started keep theirs; audit-logged)',
        body: setPlatformFeeBodySchema,
        response: { 200: platformFeesSchema, ...errors },
      },
    },
    async (request) => {
      const { basisPoints, fixed, reason } = request.body;
      const actorId = accountOf(request).user.id;
      await sql.begin(async (tx) => {
        await setPlatformFee(tx, { basisPoints, fixed }, actorId, reason);
        await recordAdminAction(tx, {
          actorId,
          action: 'fee.set',
          targetType: 'fee',
          targetId: null,
          reason,
          details: { basisPoints, fixed },
        });
      });
      return platformFees(sql, configuredFee);
    },
  );

  app.post(
    '/tips/:id/refund',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: "Refund a tip on its streamer's behalf, in full or in part (audit-logged); the balance moves when the provider confirms",
        params: operatorTipParamsSchema,
        body: operatorRefundBodySchema,
        response: { 202: tipFeedItemSchema, ...errors, ...errorResponses(404, 409, 422, 502) },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await refundOnBehalf(sql, tips, accountOf(request).user.id, request.params.id, request.body)),
  );
};
