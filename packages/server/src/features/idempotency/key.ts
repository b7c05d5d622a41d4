import { createHash } from 'node:crypto';
import { idempotencyKeySchema } from '@tipchat/sdk/protocol';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors';

/** The request header that carries a REST call's idempotency key. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * For the OpenAPI document: the optional header. Loose, so every other header (Authorization)
 * passes untouched; the handler checks the key itself with idempotencyKeyOf.
 */
export const idempotencyHeadersSchema = z.looseObject({ [IDEMPOTENCY_HEADER]: z.string().optional() });

/**
 * The key a request carries, or undefined when it carries none (the call is then not
 * idempotent, as before). A malformed key is refused with 400 rather than ignored: a client that
 * believes it is protected against doubles must hear that it is not.
 */
export function idempotencyKeyOf(value: string | string[] | undefined, where = 'The Idempotency-Key header'): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) || !idempotencyKeySchema.safeParse(value).success) {
    throw new AppError('VALIDATION_FAILED', `${where} must be one value of 1 to 255 printable ASCII characters`, [
      { path: where === 'The Idempotency-Key header' ? 'headers.idempotency-key' : 'clientMessageId', message: 'Invalid key' },
    ]);
  }
  return value;
}

/**
 * preHandler: refuses a malformed Idempotency-Key before the channel and the caller are looked up, as a part of the
 * request's own validation; the handler then reads the key with idempotencyKeyOf.
 */
export async function checkIdempotencyKey(request: FastifyRequest): Promise<void> {
  idempotencyKeyOf(request.headers[IDEMPOTENCY_HEADER]);
}

/** JSON with object keys sorted, so the same request always hashes the same whatever order its fields came in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/** What a key remembers of its first request: enough to tell a retry from a different request. */
export function fingerprintOf(request: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(request)))
    .digest('base64url');
}

export const keyReused = () =>
  new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request; use a new key for a new request');
