import { randomBytes } from 'node:crypto';
import { type ClientOptions, createClient, type TipchatClient } from '@tipchat/sdk';
import { type BuildOptions, buildServer, type TipchatServer } from '../../src/app';
import { type Config, loadConfig } from '../../src/config';
import { createTestDatabase, type TestDatabase } from './database';
import { startedForSuite } from './per-suite';

export interface TestServer {
  app: TipchatServer;
  config: Config;
  /** http://127.0.0.1:<port> of the listening server. */
  url: string;
  /** A fresh SDK client (no session) pointed at this server. */
  client(options?: Omit<ClientOptions, 'baseUrl'>): TipchatClient;
  close(): Promise<void>;
}

/**
 * Starts a real tipchat server on a random loopback port, on a database of its own, the way the
 * CLI does (config from environment variables). Redis is used when REDIS_URL is set, under a
 * key prefix no other run shares.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  database?: TestDatabase,
  options: BuildOptions = {},
): Promise<TestServer> {
  const db = database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    LOG_FORMAT: 'json',
    HOST: '127.0.0.1',
    PORT: '0',
    AUTH_RATE_LIMIT: '1000',
    // Every test speaks from 127.0.0.1: the per-address limits would otherwise count the whole file as one stranger.
    // Tests of the limits set their own.
    TIP_RATE_LIMIT_IP: '100000',
    TIP_RATE_LIMIT_DEVICE: '100000',
    JOIN_RATE_LIMIT_IP: '100000',
    JOIN_RATE_LIMIT_DEVICE: '100000',
    MAX_CONNECTIONS_PER_IP: '100000',
    MODERATOR_APPOINT_RATE_LIMIT: '100000',
    REDIS_URL: process.env.REDIS_URL,
    REDIS_KEY_PREFIX: `tipchat-test-${randomBytes(4).toString('hex')}:`,
    ...env,
  });
  const app = await buildServer({ ...config, database: db.config }, options);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('test server has no TCP address');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    config,
    url,
    client: (options = {}) => createClient({ baseUrl: url, ...options }),
    async close() {
      await app.close();
      if (!database) await db.drop();
    },
  };
}

/**
 * The file's own test server: started before its tests, closed after them (see startedForSuite). `env` may be a
 * function when it depends on something another hook started first, such as a provider's fake.
 */
export function useTestServer(env: Record<string, string> | (() => Record<string, string>) = {}, options: BuildOptions = {}): TestServer {
  return startedForSuite(
    () => startTestServer(typeof env === 'function' ? env() : env, undefined, options),
    (server) => server.close(),
  );
}
