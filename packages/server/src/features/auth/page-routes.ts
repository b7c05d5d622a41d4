import formBody from '@fastify/formbody';
import { passwordSchema, verifyEmailQuerySchema } from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import { page, paragraph, resetForm } from './pages';
import type { AuthService } from './service';

const resetFormSchema = z.object({ token: z.string().min(16).max(512), password: z.string().max(1024) });

/**
 * The pages mail links open. They call the same service as the JSON API; they exist so that a
 * person can finish sign-up from a terminal or a mail client before any dashboard is deployed.
 */
export const authPageRoutes: FastifyPluginAsyncZod<{ auth: AuthService }> = async (app, { auth }) => {
  await app.register(formBody, { bodyLimit: 4096 });
  const html = 'text/html; charset=utf-8';

  app.get('/verify-email', { schema: { hide: true, querystring: verifyEmailQuerySchema } }, async (request, reply) => {
    reply.type(html);
    try {
      const { email } = await auth.verifyEmail(request.query.token);
      return page('Email verified', paragraph(`${email} is confirmed. You can sign in and create your channel.`), {
        href: '/dashboard',
        label: 'Open your dashboard',
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return reply
        .code(error.statusCode)
        .send(page('Link not valid', paragraph(error.message), { href: '/dashboard/resend-email', label: 'Send a new link' }));
    }
  });

  app.get('/reset-password', { schema: { hide: true, querystring: verifyEmailQuerySchema } }, async (request, reply) =>
    reply.type(html).send(page('Choose a new password', resetForm(request.query.token))),
  );

  app.post('/reset-password', { schema: { hide: true, body: resetFormSchema } }, async (request, reply) => {
    reply.type(html);
    const { token, password } = request.body;
    const checked = passwordSchema.safeParse(password);
    if (!checked.success) {
      return reply.code(400).send(page('Choose a new password', resetForm(token, checked.error.issues[0]?.message)));
    }
    try {
      await auth.resetPassword(token, checked.data);
      return page('Password changed', paragraph('Your password is changed and every session was signed out. Sign in with the new one.'), {
        href: '/dashboard/login',
        label: 'Sign in',
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return reply.code(error.statusCode).send(page('Link not valid', paragraph(error.message)));
    }
  });
};
