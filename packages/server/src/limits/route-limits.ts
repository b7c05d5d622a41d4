import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config, PerMinuteLimit } from '../config';
import { addressKey } from './address';
import { counters } from './counters';
import { type LimitRule, RequestLimiter } from './request-limiter';

const MINUTE = 60_000;

/** Tokens become keys only as digests: a Redis key must never be a credential. */
const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url').slice(0, 22);

/**
 * What identifies the caller's device: the device token in the body (chat joins, tips) and the
 * credential it presents (a guest token or an access token). A caller without either is counted
 * by its address only.
 */
function deviceKeys(request: FastifyRequest): string[] {
  const keys: string[] = [];
  const body: unknown = request.body;
  const device = typeof body === 'object' && body !== null && 'deviceToken' in body ? body.deviceToken : undefined;
  if (typeof device === 'string' && device.length > 0) keys.push(`device:${digest(device)}`);
  const credential = request.headers.authorization;
  if (credential) keys.push(`credential:${digest(credential)}`);
  return keys;
}

/**
 * A route's per-minute limit as a preHandler: after validation (the body's device token is
 * known), before any work. Per address generously, per device and credential tightly.
 */
export function perMinuteLimit(
  deps: { redis: Redis | null; config: Pick<Config, 'redis'> },
  name: string,
  limit: PerMinuteLimit,
  /** What was limited, for the message: "Too many tips started". */
  what: string,
) {
  const limiter = new RequestLimiter(counters(deps.redis, deps.config.redis?.keyPrefix ?? '', name), {
    limited: (retryAfterSeconds) => `${what} from your address or device. Try again in ${retryAfterSeconds} s.`,
  });
  return async (request: FastifyRequest): Promise<void> => {
    const rules: LimitRule[] = [{ key: `ip:${addressKey(request.ip)}`, max: limit.perIp, windowMs: MINUTE }];
    for (const key of deviceKeys(request)) rules.push({ key, max: limit.perDevice, windowMs: MINUTE });
    await limiter.hit(rules);
  };
}
