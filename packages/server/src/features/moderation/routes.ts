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
  moderatorListSchema,
  moderatorSchema,
  okSchema,
  uuidSchema,
} from '@tipchat/sdk/protocol';
import { errorResponses } from '../../plugins/error-responses';
import { channelScoped } from '../access/channel-routes';
import { bearerSecurity } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import { perAccountRateLimit } from './appointment-limit';
import { readAuditLog } from './audit-log';
import { banViewer, liftBan, listActiveBans } from './bans';
import { addBlockedTerm, listBlockedTerms, removeBlockedTerm } from './blocked-terms';
import { addModerator, listModerators, removeModerator } from './moderators';
import { staffOf } from './staff';

const tags = ['moderation'];
const errors = errorResponses(400, 401, 403, 404, 409);
const moderatorParamsSchema = channelParamsSchema.extend({ userId: uuidSchema });
const idParamsSchema = channelParamsSchema.extend({ id: uuidSchema });

/**
 * Moderators (the streamer appoints them), bans and time-outs, blocked terms and the audit log.
 * Everything but appointing moderators is open to moderators and to API keys with the
 * `moderation` scope; every change is audited and announced through the channel's event log.
 */
export const moderationRoutes = channelScoped<{ deps: FeatureDeps }>(async (app, { deps }) => {
  app.get(
    '/moderators',
    {
      config: { channelRole: 'streamer' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: "The channel's moderators (streamer only)",
        params: channelParamsSchema,
        response: { 200: moderatorListSchema, ...errors },
      },
    },
    async (request) => {
      const { channel } = request.channelContext;
      return { moderators: await listModerators(deps.sql, channel.id) };
    },
  );

  app.post(
    '/moderators',
    {
      // The answer says whether an address has an account (404 or 201): a tight per-account limit keeps a streamer
      // from using it to test address lists.
      config: { channelRole: 'streamer', rateLimit: perAccountRateLimit(app, deps.config.moderatorAppointRateLimit) },
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
      const context = staffOf(request.channelContext);
      return reply.code(201).send(await addModerator(deps, context, request.body.email));
    },
  );

  app.delete(
    '/moderators/:userId',
    {
      config: { channelRole: 'streamer' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Remove a moderator (streamer only)',
        params: moderatorParamsSchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const context = staffOf(request.channelContext);
      await removeModerator(deps, context, request.params.userId);
      return { ok: true as const };
    },
  );

  app.get(
    '/bans',
    {
      config: { channelRole: 'moderator' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Bans and time-outs in force, newest first',
        params: channelParamsSchema,
        response: { 200: banListSchema, ...errors },
      },
    },
    async (request) => {
      const { channel } = request.channelContext;
      return { bans: await listActiveBans(deps.sql, channel.id) };
    },
  );

  app.post(
    '/bans',
    {
      config: { channelRole: 'moderator' },
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
      const context = staffOf(request.channelContext);
      return reply.code(201).send(await banViewer(deps, context, request.body));
    },
  );

  app.delete(
    '/bans/:id',
    {
      config: { channelRole: 'moderator' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Lift a ban or time-out',
        params: idParamsSchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const context = staffOf(request.channelContext);
      await liftBan(deps, context, request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/blocked-terms',
    {
      config: { channelRole: 'moderator' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: "The channel's blocked words and patterns, newest first",
        params: channelParamsSchema,
        response: { 200: blockedTermListSchema, ...errors },
      },
    },
    async (request) => {
      const { channel } = request.channelContext;
      return { terms: await listBlockedTerms(deps.sql, channel.id) };
    },
  );

  app.post(
    '/blocked-terms',
    {
      config: { channelRole: 'moderator' },
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
      const context = staffOf(request.channelContext);
      return reply.code(201).send(await addBlockedTerm(deps, context, request.body));
    },
  );

  app.delete(
    '/blocked-terms/:id',
    {
      config: { channelRole: 'moderator' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Unblock a word or pattern',
        params: idParamsSchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const context = staffOf(request.channelContext);
      await removeBlockedTerm(deps, context, request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/audit-log',
    {
      config: { channelRole: 'moderator' },
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
      const { channel } = request.channelContext;
      return readAuditLog(deps.sql, channel.id, request.query);
    },
  );
});
