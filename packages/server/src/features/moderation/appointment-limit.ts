import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * A rate limit keyed by the signed-in account (from the access token), so refreshing the token or switching address
 * does not reset it. A request without a valid token is keyed by its address; the route refuses it anyway.
 */
export function perAccountRateLimit(app: FastifyInstance, perHour: number) {
  return {
    max: perHour,
    timeWindow: '1 hour',
    keyGenerator: async (request: FastifyRequest): Promise<string> => {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      if (match?.[1]) {
        try {
          return `account:${(await app.accessTokens.verify(match[1])).userId}`;
        } catch {
          // Not a valid token: fall back to the address.
        }
      }
      return `ip:${request.ip}`;
    },
  };
}
