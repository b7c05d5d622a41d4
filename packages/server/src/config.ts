import { z } from 'zod';
import { secretProblem } from './secret-strength';

const booleanFromEnv = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = z.coerce.number().int().positive();

const urlString = z.url();

/**
 * Every setting tipchat reads from the environment. Names are the variable names, so a failure
 * message can say exactly which variable is wrong.
 */
const envSchema = z.object({
  // Unset means production: an operator who forgets a variable gets the safe server, not the demo.
  NODE_ENV: z.enum(['development', 'test', 'production']).optional(),
  REGISTRATION: z.enum(['open', 'invite', 'closed']).optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  PUBLIC_URL: urlString.optional(),
  DASHBOARD_ORIGIN: urlString.optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'Must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  TIPCHAT_DATA_DIR: z.string().min(1).default('./.tipchat/data'),
  WIDGET_DIST_DIR: z.string().min(1).optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'Must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_KEY_PREFIX: z.string().min(1).max(64).default('tipchat:'),
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  TIPCHAT_SECRET: z.string().min(32, 'Must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL: positiveInt.default(900),
  REFRESH_TOKEN_TTL: positiveInt.default(30 * 24 * 3600),
  AUTH_RATE_LIMIT: positiveInt.default(20),
  MODERATOR_APPOINT_RATE_LIMIT: positiveInt.default(30),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'Must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('tipchat <no-reply@tipchat.local>'),
  MAIL_RETRY_BASE_MS: positiveInt.default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  TRUST_PROXY: booleanFromEnv.default(false),
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{16,256}$/, 'Must be 16 to 256 printable characters without spaces')
    .optional(),
  RELAY_SWEEP_MS: positiveInt.default(1_000),
  LEADERBOARD_SWEEP_MS: positiveInt.default(10_000),
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(0).max(3_650).default(7),
  EVENT_PRUNE_SWEEP_MS: positiveInt.default(600_000),
  CHAT_FLOOD_VIEWER_MAX: positiveInt.default(5),
  CHAT_FLOOD_IP_MAX: positiveInt.default(20),
  CHAT_FLOOD_WINDOW_SECONDS: positiveInt.default(10),
  TIP_RATE_LIMIT_IP: positiveInt.default(60),
  TIP_RATE_LIMIT_DEVICE: positiveInt.default(10),
  JOIN_RATE_LIMIT_IP: positiveInt.default(60),
  JOIN_RATE_LIMIT_DEVICE: positiveInt.default(10),
  MAX_CONNECTIONS_PER_IP: positiveInt.default(100),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).default(72_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(8_000),
  PLATFORM_FEE_BPS: z.coerce.number().int().min(0).max(10_000).default(250),
  PLATFORM_FEE_FIXED: z
    .string()
    .regex(/^([A-Z]{3}:\d+)(,[A-Z]{3}:\d+)*$/, 'Use CURRENCY:minor-units pairs, e.g. USD:30,INR:0')
    .optional(),
  TIP_HOLD_BUSINESS_DAYS: z.coerce.number().int().min(0).max(30).default(2),
  TIP_HOLD_HOLIDAYS: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(,\d{4}-\d{2}-\d{2})*$/, 'Use comma-separated YYYY-MM-DD dates')
    .optional(),
  RELEASE_SWEEP_MS: positiveInt.default(60_000),
  DEV_PAYMENTS: booleanFromEnv.optional(),
  DEV_PAYMENT_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(3_000),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\w+$/, 'Must be a Stripe secret key (sk_test_…, sk_live_…)')
    .optional(),
  STRIPE_PUBLISHABLE_KEY: z
    .string()
    .regex(/^pk_(test|live)_\w+$/, 'Must be a Stripe publishable key (pk_…)')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\w+(,whsec_\w+)*$/, 'Must be one or more whsec_… secrets, comma-separated')
    .optional(),
  STRIPE_API_URL: urlString.optional(),
  CASHFREE_CLIENT_ID: z.string().min(1).optional(),
  CASHFREE_CLIENT_SECRET: z.string().min(1).optional(),
  CASHFREE_ENV: z.enum(['sandbox', 'production']).default('sandbox'),
  CASHFREE_API_URL: urlString.optional(),
  CASHFREE_PAYOUTS_CLIENT_ID: z.string().min(1).optional(),
  CASHFREE_PAYOUTS_CLIENT_SECRET: z.string().min(1).optional(),
  CASHFREE_PAYOUTS_ENV: z.enum(['sandbox', 'production']).default('sandbox'),
  CASHFREE_PAYOUTS_API_URL: urlString.optional(),
  STRIPE_CONNECT_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\w+(,whsec_\w+)*$/, 'Must be one or more whsec_… secrets, comma-separated')
    .optional(),
  PAYOUT_MINIMUM: z
    .string()
    .regex(/^([A-Z]{3}:\d+)(,[A-Z]{3}:\d+)*$/, 'Use CURRENCY:minor-units pairs, e.g. INR:10000,USD:1000')
    .optional(),
  PAYOUT_POLL_MS: positiveInt.default(60_000),
  PAYOUT_SWEEP_MS: positiveInt.default(3_600_000),
});

export type Env = z.infer<typeof envSchema>;

/**
 * How much this server trusts its surroundings. `production` (the default): no simulated checkout, no dev outbox,
 * a strong TIPCHAT_SECRET required. `demo` (`tipchat start --demo`) and `development` (NODE_ENV=development) turn
 * those conveniences on; `test` (NODE_ENV=test) is the test suite's, against fake providers.
 */
export type Mode = 'production' | 'demo' | 'development' | 'test';

export type RegistrationPolicy = 'open' | 'invite' | 'closed';

export interface LoadOptions {
  /** `tipchat start --demo`. */
  demo?: boolean;
  /** False for tools that never sign a token (migrate, admin): they run without TIPCHAT_SECRET. */
  requireSecret?: boolean;
}

export interface Config {
  mode: Mode;
  /** The NODE_ENV-style view of `mode` (demo counts as development). */
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** Where links in mails and printed URLs point. */
  publicUrl: string;
  /** The origin allowed to call authenticated routes from a browser. */
  dashboardOrigin: string;
  database:
    | { kind: 'postgres'; url: string; poolSize: number }
    | {
        kind: 'embedded';
        dataDir: string;
        /**
         * What an in-memory database starts with: a PGlite dump (`dumpDataDir`) of a database already set up. Creating
         * a PGlite database costs about a second; the test suites start from one migrated template instead.
         */
        startFrom?: Blob;
      };
  /** The built widget package's dist folder (WIDGET_DIST_DIR); undefined: the dist folder of the @tipchat/widget package Node resolves from the server. */
  widgetDistDir: string | undefined;
  /** `commandTimeoutMs`: a command without an answer by then fails (and the request answers 503). */
  redis: { url: string; keyPrefix: string; commandTimeoutMs: number } | null;
  /** Signs access tokens. Undefined outside production: a secret is then generated and kept in the database. */
  secret: string | undefined;
  /** Who may create an account: anyone, holders of an operator's invite, or nobody but the first account and the CLI. */
  registration: RegistrationPolicy;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  authRateLimit: number;
  /** Moderator appointments per streamer account per hour (the answer reveals whether an address has an account). */
  moderatorAppointRateLimit: number;
  mail: { kind: 'smtp'; url: string; from: string } | { kind: 'log'; from: string };
  /** The mail outbox's first retry delay (doubling up to 15 minutes) and how often it looks for due mail. */
  mailRetryBaseMs: number;
  logLevel: Env['LOG_LEVEL'];
  /** JSON lines for machines; pretty lines when a person watches a terminal in development. */
  logFormat: 'json' | 'pretty';
  trustProxy: boolean;
  /** The bearer token `/metrics` asks for; undefined: `/metrics` is not served (404). */
  metricsToken: string | undefined;
  /** How often each process looks for committed events that nobody published (after a crash). */
  relaySweepMs: number;
  /** How often each process looks for leaderboards due to be pushed whose push was lost (a crash). */
  leaderboardSweepMs: number;
  /**
   * Channel events older than `days` are pruned (null: kept forever) by a job every `sweepMs`;
   * a client asking for pruned events gets 410 EVENTS_PRUNED and reloads.
   */
  eventRetention: { days: number | null; sweepMs: number };
  /** Chat sends allowed per window, per chat identity and per IP address. */
  chatFlood: { viewer: { max: number; windowMs: number }; ip: { max: number; windowMs: number } };
  /**
   * Work a stranger can make: tips started and chat joins per minute, per address (generous: a
   * whole audience can share one NAT address) and per device or credential (tight), and open
   * realtime connections (socket.io and the feed together) per address in this process.
   */
  limits: { tips: PerMinuteLimit; joins: PerMinuteLimit; connectionsPerIp: number };
  /**
   * How long a client may take to send its headers and its whole request (slow senders are cut
   * off with 408), and how long an idle keep-alive connection stays open.
   */
  http: {
    requestTimeoutMs: number;
    headersTimeoutMs: number;
    keepAliveTimeoutMs: number;
    /** How long a closing server waits for requests in flight before cutting what is still open. */
    shutdownGraceMs: number;
  };
  payments: PaymentsConfig;
  payouts: PayoutsConfig;
}

export interface PerMinuteLimit {
  perIp: number;
  perDevice: number;
}

export interface PaymentsConfig {
  /** The platform fee on every tip: basis points plus a fixed part per currency (minor units). */
  fee: { basisPoints: number; fixed: Partial<Record<string, number>> };
  holdBusinessDays: number;
  /** YYYY-MM-DD dates (UTC) that are not business days. */
  holidays: string[];
  releaseSweepMs: number;
  /** The simulated checkout; never in production. */
  dev: { delayMs: number } | null;
  stripe: { secretKey: string; publishableKey: string; webhookSecrets: string[]; apiUrl: string | undefined } | null;
  cashfree: { clientId: string; clientSecret: string; environment: 'sandbox' | 'production'; apiUrl: string | undefined } | null;
}

export interface PayoutsConfig {
  /** Cashfree Payouts (bank accounts and UPI in India): its own client id and secret, not the PG's. */
  cashfree: { clientId: string; clientSecret: string; environment: 'sandbox' | 'production'; apiUrl: string | undefined } | null;
  /** Stripe Connect transfers use the Stripe keys above; this secret verifies the Connect webhook endpoint. */
  stripeConnectWebhookSecrets: string[] | null;
  /** The smallest manual payout per currency, minor units; a currency left out uses 100 major units' worth. */
  minimum: Partial<Record<string, number>>;
  pollMs: number;
  sweepMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment; throws a ConfigError naming every wrong variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env, options: LoadOptions = {}): Config {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const mode = modeOf(env.NODE_ENV, options.demo === true);
  if (env.HEADERS_TIMEOUT_MS > env.REQUEST_TIMEOUT_MS) {
    throw new ConfigError('Invalid configuration:\n  HEADERS_TIMEOUT_MS: Must not be longer than REQUEST_TIMEOUT_MS');
  }
  if (mode === 'production' && options.requireSecret !== false) {
    const problem = secretProblem(env.TIPCHAT_SECRET);
    if (problem) throw new ConfigError(`Invalid configuration:\n  TIPCHAT_SECRET: ${problem}`);
  }
  const payments = paymentsConfig(env, mode);
  const displayHost = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  const publicUrl = (env.PUBLIC_URL ?? `http://${displayHost}:${env.PORT}`).replace(/\/$/, '');
  return {
    mode,
    env: mode === 'demo' ? 'development' : mode,
    host: env.HOST,
    port: env.PORT,
    publicUrl,
    dashboardOrigin: env.DASHBOARD_ORIGIN ?? new URL(publicUrl).origin,
    database: env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE }
      : { kind: 'embedded', dataDir: env.TIPCHAT_DATA_DIR },
    widgetDistDir: env.WIDGET_DIST_DIR,
    redis: env.REDIS_URL ? { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX, commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS } : null,
    secret: env.TIPCHAT_SECRET,
    // Production defaults to invite: the first account (the operator) is made admin and invites everyone else.
    registration: env.REGISTRATION ?? (mode === 'production' ? 'invite' : 'open'),
    accessTokenTtl: env.ACCESS_TOKEN_TTL,
    refreshTokenTtl: env.REFRESH_TOKEN_TTL,
    authRateLimit: env.AUTH_RATE_LIMIT,
    moderatorAppointRateLimit: env.MODERATOR_APPOINT_RATE_LIMIT,
    mail: env.SMTP_URL ? { kind: 'smtp', url: env.SMTP_URL, from: env.MAIL_FROM } : { kind: 'log', from: env.MAIL_FROM },
    mailRetryBaseMs: env.MAIL_RETRY_BASE_MS,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT ?? (mode !== 'production' && process.stdout.isTTY ? 'pretty' : 'json'),
    trustProxy: env.TRUST_PROXY,
    metricsToken: env.METRICS_TOKEN,
    relaySweepMs: env.RELAY_SWEEP_MS,
    leaderboardSweepMs: env.LEADERBOARD_SWEEP_MS,
    eventRetention: { days: env.EVENT_RETENTION_DAYS === 0 ? null : env.EVENT_RETENTION_DAYS, sweepMs: env.EVENT_PRUNE_SWEEP_MS },
    chatFlood: {
      viewer: { max: env.CHAT_FLOOD_VIEWER_MAX, windowMs: env.CHAT_FLOOD_WINDOW_SECONDS * 1000 },
      ip: { max: env.CHAT_FLOOD_IP_MAX, windowMs: env.CHAT_FLOOD_WINDOW_SECONDS * 1000 },
    },
    limits: {
      tips: { perIp: env.TIP_RATE_LIMIT_IP, perDevice: env.TIP_RATE_LIMIT_DEVICE },
      joins: { perIp: env.JOIN_RATE_LIMIT_IP, perDevice: env.JOIN_RATE_LIMIT_DEVICE },
      connectionsPerIp: env.MAX_CONNECTIONS_PER_IP,
    },
    http: {
      requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
      headersTimeoutMs: env.HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_MS,
      shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    },
    payments,
    payouts: payoutsConfig(env),
  };
}

/** Providers are on when their keys are set, all of them or none: half a configuration is an error, not a silent fallback. */
function paymentsConfig(env: Env, mode: Mode): PaymentsConfig {
  const problems: string[] = [];
  const stripeKeys = [env.STRIPE_SECRET_KEY, env.STRIPE_PUBLISHABLE_KEY, env.STRIPE_WEBHOOK_SECRET];
  if (stripeKeys.some(Boolean) && !stripeKeys.every(Boolean)) {
    problems.push('  STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET: Set all three to enable Stripe');
  }
  if (Boolean(env.CASHFREE_CLIENT_ID) !== Boolean(env.CASHFREE_CLIENT_SECRET)) {
    problems.push('  CASHFREE_CLIENT_ID, CASHFREE_CLIENT_SECRET: Set both to enable Cashfree');
  }
  if (Boolean(env.CASHFREE_PAYOUTS_CLIENT_ID) !== Boolean(env.CASHFREE_PAYOUTS_CLIENT_SECRET)) {
    problems.push('  CASHFREE_PAYOUTS_CLIENT_ID, CASHFREE_PAYOUTS_CLIENT_SECRET: Set both to enable Cashfree Payouts');
  }
  if (env.STRIPE_CONNECT_WEBHOOK_SECRET && !env.STRIPE_SECRET_KEY) {
    problems.push('  STRIPE_CONNECT_WEBHOOK_SECRET: Stripe Connect payouts need the Stripe keys too');
  }
  const production = mode === 'production';
  if (production && env.DEV_PAYMENTS === true) {
    problems.push('  DEV_PAYMENTS: The simulated checkout cannot run in production (use tipchat start --demo or NODE_ENV=development)');
  }
  const devPayments = !production && env.DEV_PAYMENTS !== false;
  // Fake-paid tips must never reach real money. The test suite's rails point at local fakes, so it is exempt.
  const rails = payoutRailVariables(env);
  if (devPayments && mode !== 'test' && rails.length > 0) {
    problems.push(
      `  DEV_PAYMENTS: The simulated checkout cannot run beside a real payout rail (${rails.join(', ')}): set DEV_PAYMENTS=false or remove those keys`,
    );
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);

  const fixed = currencyAmounts(env.PLATFORM_FEE_FIXED);
  return {
    fee: { basisPoints: env.PLATFORM_FEE_BPS, fixed },
    holdBusinessDays: env.TIP_HOLD_BUSINESS_DAYS,
    holidays: env.TIP_HOLD_HOLIDAYS?.split(',') ?? [],
    releaseSweepMs: env.RELEASE_SWEEP_MS,
    dev: devPayments ? { delayMs: env.DEV_PAYMENT_DELAY_MS } : null,
    stripe:
      env.STRIPE_SECRET_KEY && env.STRIPE_PUBLISHABLE_KEY && env.STRIPE_WEBHOOK_SECRET
        ? {
            secretKey: env.STRIPE_SECRET_KEY,
            publishableKey: env.STRIPE_PUBLISHABLE_KEY,
            webhookSecrets: env.STRIPE_WEBHOOK_SECRET.split(','),
            apiUrl: env.STRIPE_API_URL,
          }
        : null,
    cashfree:
      env.CASHFREE_CLIENT_ID && env.CASHFREE_CLIENT_SECRET
        ? {
            clientId: env.CASHFREE_CLIENT_ID,
            clientSecret: env.CASHFREE_CLIENT_SECRET,
            environment: env.CASHFREE_ENV,
            apiUrl: env.CASHFREE_API_URL,
          }
        : null,
  };
}

function payoutsConfig(env: Env): PayoutsConfig {
  return {
    cashfree:
      env.CASHFREE_PAYOUTS_CLIENT_ID && env.CASHFREE_PAYOUTS_CLIENT_SECRET
        ? {
            clientId: env.CASHFREE_PAYOUTS_CLIENT_ID,
            clientSecret: env.CASHFREE_PAYOUTS_CLIENT_SECRET,
            environment: env.CASHFREE_PAYOUTS_ENV,
            apiUrl: env.CASHFREE_PAYOUTS_API_URL,
          }
        : null,
    stripeConnectWebhookSecrets: env.STRIPE_CONNECT_WEBHOOK_SECRET?.split(',') ?? null,
    minimum: currencyAmounts(env.PAYOUT_MINIMUM),
    pollMs: env.PAYOUT_POLL_MS,
    sweepMs: env.PAYOUT_SWEEP_MS,
  };
}

/** `USD:30,INR:0` → { USD: 30, INR: 0 } (the format is checked by the schema). */
function currencyAmounts(list: string | undefined): Record<string, number> {
  const amounts: Record<string, number> = {};
  for (const pair of list?.split(',') ?? []) {
    const [currency, amount] = pair.split(':');
    if (currency && amount) amounts[currency] = Number(amount);
  }
  return amounts;
}

function modeOf(nodeEnv: Env['NODE_ENV'], demo: boolean): Mode {
  if (!demo) return nodeEnv ?? 'production';
  // --demo with an explicit NODE_ENV=production contradicts itself: refuse rather than guess which one was meant.
  if (nodeEnv === 'production') throw new ConfigError('--demo is refused when NODE_ENV=production: unset NODE_ENV to run the demo');
  return 'demo';
}

/** The variables that switch a payout rail on: Cashfree Payouts, and Stripe Connect (which rides on the Stripe keys). */
function payoutRailVariables(env: Env): string[] {
  const rails: string[] = [];
  if (env.CASHFREE_PAYOUTS_CLIENT_ID) rails.push('CASHFREE_PAYOUTS_CLIENT_ID');
  if (env.STRIPE_SECRET_KEY) rails.push('STRIPE_SECRET_KEY (Stripe Connect payouts)');
  if (env.STRIPE_CONNECT_WEBHOOK_SECRET) rails.push('STRIPE_CONNECT_WEBHOOK_SECRET');
  return rails;
}
