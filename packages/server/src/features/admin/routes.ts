import { createInviteBodySchema, inviteSchema } from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Sql } from '../../db/connection';
import { errorResponses } from '../../plugins/error-responses';
import { accountOf, bearerSecurity } from '../auth/guard';
import { requireAdmin } from './admin-guard';
import { createInvite, DEFAULT_INVITE_HOURS } from './invites';

const errors = errorResponses(400, 401, 403);

/** Operator routes: only accounts with the admin role (the first account of an invite/closed install, or made by the CLI). */
export const adminRoutes: FastifyPluginAsyncZod<{ sql: Sql; publicUrl: string }> = async (app, { sql, publicUrl }) => {
  // onRequest, before validation: a caller who is not an admin learns nothing about the routes' input.
  app.addHook('onRequest', requireAdmin(app.requireAccount));

  app.post(
    '/admin/invites',
    {
      schema: {
        tags: ['admin'],
        security: bearerSecurity,
        summary: 'Make a one-time registration invite (REGISTRATION=invite); admins only',
        body: createInviteBodySchema,
        response: { 201: inviteSchema, ...errors },
      },
    },
    async (request, reply) => {
      const invite = await createInvite(sql, accountOf(request).user.id, publicUrl, request.body.expiresInHours ?? DEFAULT_INVITE_HOURS);
      return reply.code(201).send(invite);
    },
  );
};
