import {
  providerEventReviewListQuerySchema,
  providerEventReviewListSchema,
  providerEventReviewParamsSchema,
  providerEventReviewSchema,
  resolveProviderEventReviewBodySchema,
} from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Sql } from '../../db/connection';
import { errorResponses } from '../../plugins/error-responses';
import { requireAdmin } from '../admin/admin-guard';
import { accountOf, bearerSecurity } from '../auth/guard';
import { listReviews, resolveReview } from './review-store';

const tags = ['admin'];
const errors = errorResponses(400, 401, 403);

/**
 * The review queue of provider events (`/admin/provider-events`): what was refused or flagged, with the delivery as
 * signed, and a way to mark each one handled with a note. Admins only: payloads may carry payers' contact details.
 */
export const reviewRoutes: FastifyPluginAsyncZod<{ sql: Sql }> = async (app, { sql }) => {
  // onRequest, before validation: a caller who is not an admin learns nothing about the routes' input.
  app.addHook('onRequest', requireAdmin(app.requireAccount));

  app.get(
    '/',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Provider events refused or flagged for review (open or resolved), newest first',
        querystring: providerEventReviewListQuerySchema,
        response: { 200: providerEventReviewListSchema, ...errors },
      },
    },
    async (request) => ({ reviews: await listReviews(sql, request.query.status, request.query.limit) }),
  );

  app.post(
    '/:id/resolve',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Mark a flagged provider event handled, with a note of what was done',
        params: providerEventReviewParamsSchema,
        body: resolveProviderEventReviewBodySchema,
        response: { 200: providerEventReviewSchema, ...errors, ...errorResponses(404, 409) },
      },
    },
    async (request) => resolveReview(sql, request.params.id, accountOf(request).user.id, request.body.note),
  );
};
