import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  createClient,
  errorFromCode,
  errorFromResponse,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  TipchatError,
  ValidationError,
} from '../src/index';

describe('errorFromResponse', () => {
  it.each([
    [400, ValidationError],
    [401, AuthenticationError],
    [403, PermissionError],
    [404, NotFoundError],
    [409, ConflictError],
    [413, ValidationError],
    [415, ValidationError],
    [422, ValidationError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
  ])('maps status %i to %s', (status, ErrorClass) => {
    const error = errorFromResponse(status, {
      error: { code: 'BAD_REQUEST', message: 'nope', details: [{ path: 'body.x', message: 'bad' }] },
    });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(TipchatError);
    expect(error).toMatchObject({ status, code: 'BAD_REQUEST', message: 'nope', details: [{ path: 'body.x', message: 'bad' }] });
  });

  it('keeps a body that is not a tipchat error as details under UNEXPECTED_RESPONSE', () => {
    const error = errorFromResponse(502, '<html>Bad gateway</html>');
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: 'UNEXPECTED_RESPONSE', status: 502, details: '<html>Bad gateway</html>' });
  });

  it('falls back to the base class for statuses without a subclass', () => {
    const error = errorFromResponse(418, { error: { code: 'BAD_REQUEST', message: 'teapot' } });
    expect(error.constructor).toBe(TipchatError);
  });
});

describe('errorFromCode (realtime answers carry a code but no HTTP status)', () => {
  it.each([
    ['MESSAGE_EMPTY', 422, ValidationError],
    ['TOKEN_INVALID', 401, AuthenticationError],
    ['BANNED', 403, PermissionError],
    ['NOT_FOUND', 404, NotFoundError],
    ['DISPLAY_NAME_TAKEN', 409, ConflictError],
    ['SLOW_MODE', 429, RateLimitError],
    ['INTERNAL', 500, ServerError],
  ] as const)('gives %s the status it travels with over HTTP (%i) and its class', (code, status, ErrorClass) => {
    const error = errorFromCode(code, 'why', { retryAfterSeconds: 3 });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ code, status, message: 'why', details: { retryAfterSeconds: 3 } });
  });

  it('keeps a code this SDK does not know, on the base class with status 0', () => {
    const error = errorFromCode('FROM_A_NEWER_SERVER', 'new');
    expect(error.constructor).toBe(TipchatError);
    expect(error).toMatchObject({ code: 'FROM_A_NEWER_SERVER', status: 0, details: undefined });
  });
});

describe('a client that cannot reach the server', () => {
  it('throws NetworkError with status 0', async () => {
    // Take a free port, then close it, so nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const client = createClient({ baseUrl: `http://127.0.0.1:${port}` });
    const error = await client.channels.get('anything').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('refuses an authenticated call before sending it when signed out', async () => {
    let calls = 0;
    const client = createClient({
      baseUrl: 'http://127.0.0.1:1',
      fetch: async () => {
        calls++;
        return new Response('{}');
      },
    });
    await expect(client.user.get()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(calls).toBe(0);
  });
});
