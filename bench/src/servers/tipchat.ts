import { serveTipchat } from './serve-tipchat';

/**
 * The server under test: tipchat as the CLI builds it, on the database the bench chose
 * (BENCH_DATABASE_URL, else embedded PGlite in memory), in-process fan-out. The flood limits
 * stay at their defaults; the bench spreads sends over enough guests and addresses instead.
 */
await serveTipchat({
  DATABASE_URL: process.env.BENCH_DATABASE_URL,
  TIPCHAT_DATA_DIR: 'memory://',
  // The receivers all connect from the bench's own address (the senders each have one).
  MAX_CONNECTIONS_PER_IP: '100000',
  // Each bench sender speaks from its own address (X-Forwarded-For), as real viewers do.
  TRUST_PROXY: 'true',
});
