import type { ServerOptions } from 'node:http';
import type { Config } from './config';

/**
 * Bounds on how slowly a client may talk. Node cuts a request whose headers (HEADERS_TIMEOUT_MS)
 * or whole body (REQUEST_TIMEOUT_MS) have not arrived in time with 408 and closes the connection;
 * Fastify's default leaves the request timeout off, so one slow sender could hold a connection
 * forever. Upgraded connections (socket.io, the feed) leave the HTTP parser and are not affected,
 * and a long-polling request is complete once sent, so waiting for its answer is not cut either.
 */
export function httpTimeoutOptions(http: Config['http']): {
  requestTimeout: number;
  keepAliveTimeout: number;
  http: ServerOptions;
} {
  return {
    requestTimeout: http.requestTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    http: {
      requestTimeout: http.requestTimeoutMs,
      headersTimeout: http.headersTimeoutMs,
      keepAliveTimeout: http.keepAliveTimeoutMs,
      // Node checks the timeouts on this beat (30 s by default): a quarter of the shortest keeps them close to exact.
      connectionsCheckingInterval: Math.max(100, Math.min(5_000, Math.floor(http.headersTimeoutMs / 4))),
    },
  };
}
