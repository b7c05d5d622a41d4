import {
  changePasswordBodySchema,
  myRestrictionSchema,
  okSchema,
  restrictAccountBodySchema,
  updateUserBodySchema,
  userSchema,
} from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../plugins/error-responses';
import { accountOf, bearerSecurity } from '../auth/guard';
import { toUser } from '../auth/user-row';
import { restrictionOf } from '../restrictions/restriction-store';
import type { UserService } from './service';

const tags = ['user'];
const errors = errorResponses(400, 401, 403, 409);

export const userRoutes: FastifyPluginAsyncZod<{ users: UserService }> = async (app, { users }) => {
  app.addHook('preHandler', app.requireAccount);

  app.get(
    '/',
    {
      schema: { tags, security: bearerSecurity, summary: 'The signed-in account', response: { 200: userSchema, ...errors } },
    },
    async (request) => toUser(accountOf(request).user),
  );

  app.get(
    '/restriction',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Whether the operator restricted this account and why (its channel takes no new tips meanwhile)',
        response: { 200: myRestrictionSchema, ...errors },
      },
    },
    async (request) => ({ restriction: await restrictionOf(app.sql, accountOf(request).user.id) }),
  );

  app.put(
    '/',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Change display name or email (not the password)',
        body: updateUserBodySchema,
        response: { 200: userSchema, ...errors },
      },
    },
    async (request) => users.update(accountOf(request), request.body),
  );

  app.put(
    '/reset-password',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Change the password; other sessions are signed out',
        body: changePasswordBodySchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      await users.changePassword(accountOf(request), request.body.currentPassword, request.body.newPassword);
      return { ok: true as const };
    },
  );

  app.delete(
    '/restrict-account',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Deactivate the account (nothing financial is deleted)',
        body: restrictAccountBodySchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      await users.restrict(accountOf(request), request.body.password);
      return { ok: true as const };
    },
  );
};
