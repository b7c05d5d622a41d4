import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyServerOptions } from 'fastify';
import { RequestLogs } from './request-logs';

/** A caller's id is kept only when it is a plain token: it is echoed in a header and written to every log line. */
const SANE_ID = /^[A-Za-z0-9._-]{1,128}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

/** A proxy's or client's `x-request-id` when it is sane, else a fresh one; Fastify logs it on every line as `reqId`. */
export function requestId(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SANE_ID.test(incoming) ? incoming : randomUUID();
}

/** How requests are named and logged (plugins/request-id.ts puts the name on the answer). */
export function requestOptions(): Pick<FastifyServerOptions, 'genReqId' | 'requestIdHeader' | 'logController'> {
  return {
    // Fastify would take the header as it is; genReqId checks it first.
    requestIdHeader: false,
    genReqId: requestId,
    logController: new RequestLogs(),
  };
}
