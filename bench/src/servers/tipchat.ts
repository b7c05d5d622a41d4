import { randomBytes } from 'node:crypto';
import { buildServer, loadConfig } from '@tipchat/server';
import { measured } from './measure';

/**
 * The server under test: tipchat as the CLI builds it, on the database the bench chose
 * (BENCH_DATABASE_URL, else embedded PGlite in memory), in-process fan-out. The flood limits
 * stay at their defaults; the bench spreads sends over enough guests and addresses instead.
 */
const config = loadConfig({
  NODE_ENV: 'development',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'warn',
  LOG_FORMAT: 'json',
  DATABASE_URL: process.env.BENCH_DATABASE_URL,
  TIPCHAT_DATA_DIR: 'memory://',
  TIPCHAT_SECRET: randomBytes(32).toString('hex'),
  AUTH_RATE_LIMIT: '100000',
  // The receivers all connect from the bench's own address (the senders each have one).
  MAX_CONNECTIONS_PER_IP: '100000',
  // Each bench sender speaks from its own address (X-Forwarded-For), as real viewers do.
  TRUST_PROXY: 'true',
});
const app = await buildServer(config);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (address === null || typeof address === 'string') throw new Error('no TCP address');
measured(address.port, () => app.close());
