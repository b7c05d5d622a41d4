import {
  acceptedSchema,
  emailOnlyBodySchema,
  loginBodySchema,
  logoutBodySchema,
  okSchema,
  refreshBodySchema,
  registerBodySchema,
  registerResultSchema,
  resetPasswordBodySchema,
  sessionSchema,
  verifyEmailQuerySchema,
  verifyEmailResultSchema,
} from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../plugins/error-responses';
import type { AuthService } from './service';

const tags = ['auth'];
const errors = errorResponses(400, 401, 403, 409, 429);

export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthService; rateLimit: number }> = async (app, { auth, rateLimit }) => {
  /** Sign-in routes are where password guessing happens: a tight per-IP limit. */
  const limited = { rateLimit: { max: rateLimit, timeWindow: '1 minute' } };

  app.post(
    '/register',
    {
      config: limited,
      schema: {
        tags,
        summary:
          'Create a streamer account and mail a verification link; for an address that has an account, mail its owner instead. The same 202 either way: sign in next',
        body: registerBodySchema,
        response: { 202: registerResultSchema, ...errors },
      },
    },
    async (request, reply) => {
      await auth.register(request.body);
      return reply.code(202).send({ accepted: true as const });
    },
  );

  app.get(
    '/verify',
    {
      schema: {
        tags,
        summary: 'Verify an email address with the token from the mail',
        querystring: verifyEmailQuerySchema,
        response: { 200: verifyEmailResultSchema, ...errors },
      },
    },
    async (request) => auth.verifyEmail(request.query.token),
  );

  app.post(
    '/resend-email',
    {
      config: limited,
      schema: {
        tags,
        summary: 'Send the verification link again',
        body: emailOnlyBodySchema,
        response: { 202: acceptedSchema, ...errors },
      },
    },
    async (request, reply) => {
      await auth.resendVerification(request.body.email);
      return reply.code(202).send({ accepted: true });
    },
  );

  app.post(
    '/login',
    {
      config: limited,
      schema: { tags, summary: 'Sign in with email and password', body: loginBodySchema, response: { 200: sessionSchema, ...errors } },
    },
    async (request) => auth.login(request.body.email, request.body.password, request.headers['user-agent']),
  );

  app.post(
    '/refresh',
    {
      config: { rateLimit: { max: rateLimit * 5, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Swap a refresh token for a new session (the old token stops working)',
        body: refreshBodySchema,
        response: { 200: sessionSchema, ...errors },
      },
    },
    async (request) => auth.refresh(request.body.refreshToken),
  );

  app.post(
    '/logout',
    {
      schema: { tags, summary: 'End the session of this refresh token', body: logoutBodySchema, response: { 200: okSchema, ...errors } },
    },
    async (request) => {
      await auth.logout(request.body.refreshToken);
      return { ok: true as const };
    },
  );

  app.post(
    '/forgot-password',
    {
      config: limited,
      schema: { tags, summary: 'Mail a password reset link', body: emailOnlyBodySchema, response: { 202: acceptedSchema, ...errors } },
    },
    async (request, reply) => {
      await auth.forgotPassword(request.body.email);
      return reply.code(202).send({ accepted: true });
    },
  );

  app.post(
    '/reset-password',
    {
      config: limited,
      schema: {
        tags,
        summary: 'Set a new password with the token from the mail; signs out every session',
        body: resetPasswordBodySchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      await auth.resetPassword(request.body.token, request.body.password);
      return { ok: true as const };
    },
  );
};
