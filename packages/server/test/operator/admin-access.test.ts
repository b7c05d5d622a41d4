import { randomUUID } from 'node:crypto';
import type { TipchatClient } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpVerified } from '../support/accounts';
import { startTestServer, type TestServer } from '../support/server';

/*
 * Every operator route refuses everyone but admins: 401 without a session, 403 for a signed-in, verified streamer —
 * whatever the input. The table is the server's own OpenAPI document, so a route added under /api/v1/admin later is
 * covered without editing this file; the listed ones below must be among them.
 */

let server: TestServer;
let streamer: TipchatClient;
let routes: { method: string; path: string }[];

const EXPECTED = [
  'POST /api/v1/admin/invites',
  'GET /api/v1/admin/provider-events',
  'POST /api/v1/admin/provider-events/{id}/resolve',
  'GET /api/v1/admin/users',
  'GET /api/v1/admin/channels',
  'POST /api/v1/admin/users/{id}/restrict',
  'POST /api/v1/admin/users/{id}/unrestrict',
  'GET /api/v1/admin/audit-log',
  'GET /api/v1/admin/registration',
  'GET /api/v1/admin/totals',
  'GET /api/v1/admin/fees',
  'PUT /api/v1/admin/fees',
  'POST /api/v1/admin/tips/{id}/refund',
];

beforeAll(async () => {
  server = await startTestServer();
  streamer = server.client();
  await signUpVerified(streamer);
  await streamer.channels.create({ slug: `not-admin-${process.pid}`, displayName: 'Not an admin' });
  const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(spec.paths)
    .filter(([path]) => path.startsWith('/api/v1/admin/') || path === '/api/v1/admin')
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })));
});
afterAll(async () => {
  await server?.close();
});

async function call(route: { method: string; path: string }, client: TipchatClient | null, body: unknown) {
  const token = client?.tokens?.accessToken;
  const url = `${server.url}${route.path.replace(/\{[^}]+\}/g, randomUUID())}`;
  const response = await fetch(url, {
    method: route.method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('the operator routes', () => {
  it('are all in the table', () => {
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(expect.arrayContaining(EXPECTED));
  });

  // A valid-looking body and a nonsense one: neither gets past the role check.
  const bodies: [string, (method: string) => unknown][] = [
    ['a plausible body', (method) => (method === 'GET' ? undefined : { reason: 'checking access', basisPoints: 100, note: 'n' })],
    ['a nonsense body', (method) => (method === 'GET' ? undefined : { nonsense: true })],
  ];

  for (const [label, bodyFor] of bodies) {
    it(`answer 401 to an anonymous caller with ${label}`, async () => {
      for (const route of routes) {
        const answer = await call(route, null, bodyFor(route.method));
        expect({ route, ...answer }).toMatchObject({ route, status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
      }
    });

    it(`answer 403 to a signed-in streamer with ${label}`, async () => {
      for (const route of routes) {
        const answer = await call(route, streamer, bodyFor(route.method));
        expect({ route, ...answer }).toMatchObject({ route, status: 403, body: { error: { code: 'FORBIDDEN' } } });
      }
    });
  }
});
