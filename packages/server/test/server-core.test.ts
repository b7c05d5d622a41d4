import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';
import { PASSWORD, signUpVerified } from './support/accounts';
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from './support/database';
import { startTestServer, type TestServer } from './support/server';

describe('a running server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ DASHBOARD_ORIGIN: 'https://dashboard.example.test' });
  });
  afterAll(() => server.close());

  it('reports liveness and readiness with every migration applied', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      database: 'ok',
      redis: server.config.redis ? 'ok' : 'not-configured',
      migrations: server.app.migrationCount,
    });
  });

  it('answers unknown routes with a 404 in the standard error shape', async () => {
    const response = await fetch(`${server.url}/api/v1/nothing-here?x=1`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No route for GET /api/v1/nothing-here' } });
  });

  it('sends security headers', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toContain('max-age');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('lets any origin read public channel data, and only the dashboard origin call account routes', async () => {
    const owner = server.client();
    await signUpVerified(owner);
    await owner.channels.create({ slug: 'cors-check', displayName: 'CORS' });
    const read = await fetch(`${server.url}/api/v1/channels/cors-check`, { headers: { origin: 'https://some-blog.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBe('*');

    const preflight = (origin: string) =>
      fetch(`${server.url}/api/v1/user`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type' },
      });
    expect((await preflight('https://dashboard.example.test')).headers.get('access-control-allow-origin')).toBe(
      'https://dashboard.example.test',
    );
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('publishes an OpenAPI document generated from the route schemas, and a reference page', async () => {
    const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>>;
    };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/register',
        '/api/v1/auth/login',
        '/api/v1/user',
        '/api/v1/channels',
        '/api/v1/channels/{slug}',
        '/api/v1/streams/{id}',
      ]),
    );
    expect(spec.paths['/api/v1/auth/register']?.post?.requestBody?.content['application/json']?.schema.required).toEqual(
      expect.arrayContaining(['email', 'password', 'displayName']),
    );
    const page = await fetch(`${server.url}/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
  });

  it('answers 503 NOT_READY when the database is gone, without leaking the error', async () => {
    const doomed = await startTestServer();
    await doomed.app.database.close();
    const response = await fetch(`${doomed.url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: 'NOT_READY', message: 'The database is not reachable' } });
    await doomed.close();
  });
});

describe('restarts', () => {
  let database: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tipchat-restart-'));
    database = postgresAdminUrl ? await createTestDatabase() : { config: { kind: 'embedded', dataDir }, drop: async () => {} };
  });
  afterAll(async () => {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps accounts and channels across a restart', async () => {
    const first = await startTestServer({}, database);
    const { email } = await signUpVerified(first.client());
    const before = first.client();
    await before.auth.login({ email, password: PASSWORD });
    await before.channels.create({ slug: 'survives-restart', displayName: 'Still here' });
    const tokenFromBefore = before.tokens?.accessToken;
    await first.close();

    const second = await startTestServer({}, database);
    try {
      const after = second.client();
      await after.auth.login({ email, password: PASSWORD });
      expect((await after.channels.mine()).map((c) => c.slug)).toEqual(['survives-restart']);
      // The signing secret lives in the database, so a token from before the restart still works.
      expect((await second.client({ token: tokenFromBefore ?? '' }).user.get()).email).toBe(email);
    } finally {
      await second.close();
    }
    // Two starts of an embedded database on disk (created, not copied from the template), on a loaded machine.
  }, 120_000);
});

describe('configuration', () => {
  it('names every wrong variable', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'http://nope' });
    expect(attempt).toThrowError(ConfigError);
    expect(attempt).toThrowError(/PORT[\s\S]*DATABASE_URL[\s\S]*REDIS_URL/);
  });

  it('reads the chat flood limits from the environment', () => {
    const config = loadConfig({ NODE_ENV: 'test', CHAT_FLOOD_VIEWER_MAX: '2', CHAT_FLOOD_IP_MAX: '7', CHAT_FLOOD_WINDOW_SECONDS: '30' });
    expect(config.chatFlood).toEqual({ viewer: { max: 2, windowMs: 30_000 }, ip: { max: 7, windowMs: 30_000 } });
    expect(() => loadConfig({ NODE_ENV: 'test', CHAT_FLOOD_VIEWER_MAX: '0' })).toThrowError(/CHAT_FLOOD_VIEWER_MAX/);
  });

  it('refuses production without a signing secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrowError(/TIPCHAT_SECRET/);
  });

  it('defaults to the embedded database, logged mail and in-process fan-out (the demo needs no variables)', () => {
    const config = loadConfig({}, { demo: true });
    expect(config.database).toEqual({ kind: 'embedded', dataDir: './.tipchat/data' });
    expect(config.mail.kind).toBe('log');
    expect(config.redis).toBeNull();
    expect(config.publicUrl).toBe('http://127.0.0.1:4000');
  });
});
