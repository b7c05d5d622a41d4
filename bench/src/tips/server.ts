import { serveTipchat } from '../servers/serve-tipchat';

/**
 * The server under test, in a process of its own so its CPU is its own: tipchat as the CLI
 * builds it, on the bench's Postgres database, with Stripe as its only payment provider and
 * the real `stripe` client pointed at the bench's fake Stripe (STRIPE_API_URL). The parent
 * passes the database and the fake's keys in BENCH_* variables.
 */
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`tips bench server: ${name} is not set (this script runs as a child of src/tips.ts)`);
  return value;
};

await serveTipchat({
  DATABASE_URL: env('BENCH_DATABASE_URL'),
  // The bench starts every tip from one address; it measures throughput, not the abuse limits.
  TIP_RATE_LIMIT_IP: '100000000',
  TIP_RATE_LIMIT_DEVICE: '100000000',
  DEV_PAYMENTS: 'false',
  STRIPE_SECRET_KEY: env('BENCH_STRIPE_SECRET_KEY'),
  STRIPE_PUBLISHABLE_KEY: 'pk_test_tipchatbench',
  STRIPE_WEBHOOK_SECRET: env('BENCH_STRIPE_WEBHOOK_SECRET'),
  STRIPE_API_URL: env('BENCH_STRIPE_API_URL'),
});
