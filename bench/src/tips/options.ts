import { parseArgs } from 'node:util';
import { numberList, positive, wholeNumber } from '../cli';

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
  /** Instead of the rate runs: tips on a new channel and on one seeded with `pastTips` paid tips. */
  history: boolean;
  pastTips: number;
  /** History measurement: tips per channel, and their rate. */
  historyTips: number;
  historyRate: number;
  /** A tips phase starts no delivery after this long; the rest are reported as not sent. */
  maxMinutes: number;
  /** No baseline phases around each rate (a long run measuring throughput over time only). */
  skipBaseline: boolean;
}

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** The closing paragraph of the usage of each bench that needs Postgres. */
export const POSTGRES_ONLY_USAGE = `Postgres only: DATABASE_URL is an admin URL (default ${DEFAULT_ADMIN_URL}); the bench
creates a database of its own on that server and drops it at the end.`;

export const TIPS_USAGE = `Usage: pnpm bench:tips [options]

  --tips 1000             measured tips per rate (env BENCH_TIPS); as many baseline deliveries
  --rate 200              webhook deliveries per second, open loop (env BENCH_RATE); a comma list
                          runs once per rate
  --in-flight 64          webhook requests open at once at most (Stripe delivers concurrently too)
  --channels 1            channels the tips are spread over, one overlay connection each
  --warmup 2000           tips and baseline deliveries sent first, not measured (a fresh server and
                          database run their first ~2,000 paid tips slower)
  --setup-concurrency 8   tips created at once through the SDK before the run
  --drain-seconds 10      after the last send, stop waiting for alerts after this long without one
  --max-minutes 15        a tips phase sends nothing after this long (a bound on long runs)
  --skip-baseline         no baseline deliveries around the tips (long runs: only throughput over time)

  --history               instead of the rate runs: pay tips on a new channel and on a channel
                          seeded (in SQL) with --past-tips paid tips, same server, and compare
  --past-tips 100000      paid tips in the seeded channel's past (env BENCH_PAST_TIPS)
  --history-tips 300      tips paid on each of the two channels
  --history-rate 20       their rate, per second

${POSTGRES_ONLY_USAGE}`;

/** Flags win over the environment, the environment over the defaults. Null when help was asked for. */
export function parseTipsOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): TipsOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      tips: { type: 'string', default: env.BENCH_TIPS ?? '1000' },
      rate: { type: 'string', default: env.BENCH_RATE ?? '200' },
      'in-flight': { type: 'string', default: '64' },
      channels: { type: 'string', default: '1' },
      warmup: { type: 'string', default: '2000' },
      'setup-concurrency': { type: 'string', default: '8' },
      'drain-seconds': { type: 'string', default: '10' },
      'max-minutes': { type: 'string', default: '15' },
      'skip-baseline': { type: 'boolean', default: false },
      history: { type: 'boolean', default: false },
      'past-tips': { type: 'string', default: env.BENCH_PAST_TIPS ?? '100000' },
      'history-tips': { type: 'string', default: '300' },
      'history-rate': { type: 'string', default: '20' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  return {
    tips: wholeNumber('tips', values.tips),
    rates: numberList('rate', values.rate),
    inFlight: wholeNumber('in-flight', values['in-flight']),
    channels: wholeNumber('channels', values.channels),
    warmup: wholeNumber('warmup', values.warmup, { allowZero: true }),
    setupConcurrency: wholeNumber('setup-concurrency', values['setup-concurrency']),
    drainSeconds: positive('drain-seconds', values['drain-seconds']),
    adminUrl: env.DATABASE_URL || DEFAULT_ADMIN_URL,
    history: values.history,
    pastTips: wholeNumber('past-tips', values['past-tips'], { allowZero: true }),
    historyTips: wholeNumber('history-tips', values['history-tips']),
    historyRate: positive('history-rate', values['history-rate']),
    maxMinutes: positive('max-minutes', values['max-minutes']),
    skipBaseline: values['skip-baseline'],
  };
}
