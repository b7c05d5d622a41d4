import type { ErrorCode, FieldIssue } from '@tipchat/sdk/protocol';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors';

/** Fastify's own client-error codes, mapped onto ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
};

function send(reply: FastifyReply, status: number, code: ErrorCode, message: string, details?: unknown) {
  return reply.code(status).send({ error: details === undefined ? { code, message } : { code, message, details } });
}

/** Every answer that says when to retry in its body (429, 503) says it in `Retry-After` too. */
function retryAfterSeconds(details: unknown): number | undefined {
  if (typeof details !== 'object' || details === null || !('retryAfterSeconds' in details)) return undefined;
  const seconds = details.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
}

/**
 * The single place errors become responses: our AppErrors and validation errors as they are,
 * Fastify's 4xx translated, and anything else a 500 whose details stay in the log.
 */
export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof AppError) {
        // A 503 is a dependency away (Redis): its state change is logged once where it is watched,
        // not once per refused request.
        if (error.statusCode === 503) request.log.debug({ err: error }, error.message);
        else if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
        const retryAfter = retryAfterSeconds(error.details);
        if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
        return send(reply, error.statusCode, error.code, error.message, error.details);
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const details: FieldIssue[] = error.validation.map((issue) => ({
          path: [error.validationContext, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
          message: issue.message ?? 'Invalid value',
        }));
        return send(reply, 400, 'VALIDATION_FAILED', 'The request is not valid', details);
      }
      const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
      if (mapped) return send(reply, error.statusCode ?? 400, mapped, error.message);
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        const code: ErrorCode = status === 404 ? 'NOT_FOUND' : status === 429 ? 'RATE_LIMITED' : 'BAD_REQUEST';
        return send(reply, status, code, error.message);
      }
      request.log.error({ err: error }, 'unhandled error');
      return send(reply, 500, 'INTERNAL', 'Something went wrong on our side. Please try again.');
    });

    app.setNotFoundHandler((request, reply) =>
      send(reply, 404, 'NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`),
    );
  },
  { name: 'tipchat-error-handler' },
);
