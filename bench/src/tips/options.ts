import { parseArgs } from 'node:util';

export interface TipsOptions {
  /** Measured tips per rate: one signed payment_intent.succeeded each, and as many baseline deliveries. */
  tips: number;
  /** Deliveries per second, one measured run per value. */
  rates: number[];
  /** Webhook requests open at once at most; a delivery due while they are all open waits for one. */
  inFlight: number;
  /** Channels the tips are spread over, one overlay connection each. */
  channels: number;
  /** Tips (and baseline deliveries) sent before the measured runs and not counted. */
  warmup: number;
  /** Tips created at once through the SDK while setting up. */
  setupConcurrency: number;
  /** After the last send, give up on missing alerts after this long without a new one. */
  drainSeconds: number;
  /** The admin URL: a fresh database is made on its server and dropped afterwards. */
  adminUrl: string;
}

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export const TIPS_USAGE = `Usage: pnpm bench:tips [options]

  --tips 1000             measured tips per rate (env BENCH_TIPS); as many baseline deliveries
  --rate 200              webhook deliveries per second, open loop (env BENCH_RATE); a comma list
                          runs once per rate
  --in-flight 64          webhook requests open at once at most (Stripe delivers concurrently too)
  --channels 1            channels the tips are spread over, one overlay connection each
  --warmup 200            tips and baseline deliveries sent first, not measured
  --setup-concurrency 8   tips created at once through the SDK before the run
  --drain-seconds 10      after the last send, stop waiting for alerts after this long without one

Postgres only: DATABASE_URL is an admin URL (default ${DEFAULT_ADMIN_URL}); the bench
creates a database of its own on that server and drops it at the end.`;

function positive(name: string, raw: string, { allowZero = false } = {}): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`--${name} must be a positive number, got "${raw}"`);
  }
  return value;
}

/** Flags win over the environment, the environment over the defaults. Null when help was asked for. */
export function parseTipsOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): TipsOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      tips: { type: 'string', default: env.BENCH_TIPS ?? '1000' },
      rate: { type: 'string', default: env.BENCH_RATE ?? '200' },
      'in-flight': { type: 'string', default: '64' },
      channels: { type: 'string', default: '1' },
      warmup: { type: 'string', default: '200' },
      'setup-concurrency': { type: 'string', default: '8' },
      'drain-seconds': { type: 'string', default: '10' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  return {
    tips: Math.round(positive('tips', values.tips)),
    rates: values.rate.split(',').map((rate) => positive('rate', rate.trim())),
    inFlight: Math.round(positive('in-flight', values['in-flight'])),
    channels: Math.round(positive('channels', values.channels)),
    warmup: Math.round(positive('warmup', values.warmup, { allowZero: true })),
    setupConcurrency: Math.round(positive('setup-concurrency', values['setup-concurrency'])),
    drainSeconds: positive('drain-seconds', values['drain-seconds']),
    adminUrl: env.DATABASE_URL || DEFAULT_ADMIN_URL,
  };
}
