import {
  addModeratorBodySchema,
  auditLogQuerySchema,
  auditLogSchema,
  banBodySchema,
  banListSchema,
  banSchema,
  blockedTermBodySchema,
  blockedTermListSchema,
  blockedTermSchema,
  channelParamsSchema,
  errorBodySchema,
  moderatorListSchema,
  moderatorSchema,
  okSchema,
  uuidSchema,
} from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearerSecurity } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import { perAccountRateLimit } from './appointment-limit';
import { readAuditLog } from './audit-log';
import { banViewer, liftBan, listActiveBans } from './bans';
import { addBlockedTerm, listBlockedTerms, removeBlockedTerm } from './blocked-terms';
import { addModerator, listModerators, removeModerator } from './moderators';
import { staffContext } from './staff';

const tags = ['moderation'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const moderatorParamsSchema = channelParamsSchema.extend({ userId: uuidSchema });
const idParamsSchema = channelParamsSchema.extend({ id: uuidSchema });

/**
 * Moderators (the streamer appoints them), bans and time-outs, blocked terms and the audit log.
 * Everything but appointing moderators is open to moderators and to API keys with the
 * `moderation` scope; every change is audited and announced through the channel's event log.
 */
export const moderationRoutes: FastifyPluginAsyncZod<{ deps: FeatureDeps }> = async (app, { deps }) => {
  app.get(
    '/channels/:slug/moderators',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: "The channel's moderators (streamer only)",
        params: channelParamsSchema,
        response: { 200: moderatorListSchema, ...errors },
      },
    },
    async (request) => {
      const { channel } = await staffContext(deps, request, request.params.slug, 'streamer');
      return { moderators: await listModerators(deps.sql, channel.id) };
    },
  );

  app.post(
    '/channels/:slug/moderators',
    {
      // The answer says whether an address has an account (404 or 201): a tight per-account limit keeps a streamer
      // from using it to test address lists.
      config: { rateLimit: perAccountRateLimit(app, deps.config.moderatorAppointRateLimit) },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Appoint an existing account as moderator, by email (streamer only)',
        params: channelParamsSchema,
        body: addModeratorBodySchema,
        response: { 201: moderatorSchema, ...errors },
      },
    },
    async (request, reply) => {
      const context = await staffContext(deps, request, request.params.slug, 'streamer');
      return reply.code(201).send(await addModerator(deps, context, request.body.email));
    },
  );

  app.delete(
    '/channels/:slug/moderators/:userId',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Remove a moderator (streamer only)',
        params: moderatorParamsSchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const context = await staffContext(deps, request, request.params.slug, 'streamer');
      await removeModerator(deps, context, request.params.userId);
      return { ok: true as const };
    },
  );

  app.get(
    '/channels/:slug/bans',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Bans and time-outs in force, newest first',
        params: channelParamsSchema,
        response: { 200: banListSchema, ...errors },
      },
    },
    async (request) => {
      const { channel } = await staffContext(deps, request, request.params.slug, 'moderator');
      return { bans: await listActiveBans(deps.sql, channel.id) };
    },
  );

  app.post(
    '/channels/:slug/bans',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Ban a viewer, or time them out with durationSeconds; optionally remove their messages of the last hour',
        params: channelParamsSchema,
        body: banBodySchema,
        response: { 201: banSchema, ...errors },
      },
    },
    async (request, reply) => {
      const context = await staffContext(deps, request, request.params.slug, 'moderator');
      return reply.code(201).send(await banViewer(deps, context, request.body));
    },
  );

  app.delete(
    '/channels/:slug/bans/:id',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Lift a ban or time-out',
        params: idParamsSchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const context = await staffContext(deps, request, request.params.slug, 'moderator');
      await liftBan(deps, context, request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/channels/:slug/blocked-terms',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: "The channel's blocked words and patterns, newest first",
        params: channelParamsSchema,
        response: { 200: blockedTermListSchema, ...errors },
      },
    },
    async (request) => {
      const { channel } = await staffContext(deps, request, request.params.slug, 'moderator');
      return { terms: await listBlockedTerms(deps.sql, channel.id) };
    },
  );

  app.post(
    '/channels/:slug/blocked-terms',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Block a word (whole words, evasion-proof) or a pattern (* = any letters); at most 500 per channel',
        params: channelParamsSchema,
        body: blockedTermBodySchema,
        response: { 201: blockedTermSchema, ...errors },
      },
    },
    async (request, reply) => {
      const context = await staffContext(deps, request, request.params.slug, 'moderator');
      return reply.code(201).send(await addBlockedTerm(deps, context, request.body));
    },
  );

  app.delete(
    '/channels/:slug/blocked-terms/:id',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Unblock a word or pattern',
        params: idParamsSchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const context = await staffContext(deps, request, request.params.slug, 'moderator');
      await removeBlockedTerm(deps, context, request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/channels/:slug/audit-log',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Every moderation action, newest first; pass nextCursor as before for older entries',
        params: channelParamsSchema,
        querystring: auditLogQuerySchema,
        response: { 200: auditLogSchema, ...errors },
      },
    },
    async (request) => {
      const { channel } = await staffContext(deps, request, request.params.slug, 'moderator');
      return readAuditLog(deps.sql, channel.id, request.query);
    },
  );
};
