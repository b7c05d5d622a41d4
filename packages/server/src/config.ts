import { z } from 'zod';

const booleanFromEnv = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = z.coerce.number().int().positive();

const urlString = z.url();

/**
 * Every setting tipchat reads from the environment. Names are the variable names, so a failure
 * message can say exactly which variable is wrong.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
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
  TIPCHAT_SECRET: z.string().min(32, 'Must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL: positiveInt.default(900),
  REFRESH_TOKEN_TTL: positiveInt.default(30 * 24 * 3600),
  AUTH_RATE_LIMIT: positiveInt.default(20),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'Must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('tipchat <no-reply@tipchat.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  TRUST_PROXY: booleanFromEnv.default(false),
  RELAY_SWEEP_MS: positiveInt.default(1_000),
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(0).max(3_650).default(7),
  EVENT_PRUNE_SWEEP_MS: positiveInt.default(600_000),
  CHAT_FLOOD_VIEWER_MAX: positiveInt.default(5),
  CHAT_FLOOD_IP_MAX: positiveInt.default(20),
  CHAT_FLOOD_WINDOW_SECONDS: positiveInt.default(10),
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

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  /** Where links in mails and printed URLs point. */
  publicUrl: string;
  /** The origin allowed to call authenticated routes from a browser. */
  dashboardOrigin: string;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'embedded'; dataDir: string };
  /** The built widget package's dist folder (WIDGET_DIST_DIR); undefined: the widget package beside the server's. */
  widgetDistDir: string | undefined;
  redis: { url: string; keyPrefix: string } | null;
  /** Signs access tokens. Undefined in development: a secret is then kept in the data folder. */
  secret: string | undefined;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  authRateLimit: number;
  mail: { kind: 'smtp'; url: string; from: string } | { kind: 'log'; from: string };
  logLevel: Env['LOG_LEVEL'];
  /** JSON lines for machines; pretty lines when a person watches a terminal in development. */
  logFormat: 'json' | 'pretty';
  trustProxy: boolean;
  /** How often each process looks for committed events that nobody published (after a crash). */
  relaySweepMs: number;
  /**
   * Channel events older than `days` are pruned (null: kept forever) by a job every `sweepMs`;
   * a client asking for pruned events gets 410 EVENTS_PRUNED and reloads.
   */
  eventRetention: { days: number | null; sweepMs: number };
  /** Chat sends allowed per window, per chat identity and per IP address. */
  chatFlood: { viewer: { max: number; windowMs: number }; ip: { max: number; windowMs: number } };
  payments: PaymentsConfig;
  payouts: PayoutsConfig;
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
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === 'production' && !env.TIPCHAT_SECRET) {
    throw new ConfigError('Invalid configuration:\n  TIPCHAT_SECRET: Required when NODE_ENV=production');
  }
  const payments = paymentsConfig(env);
  const displayHost = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  const publicUrl = (env.PUBLIC_URL ?? `http://${displayHost}:${env.PORT}`).replace(/\/$/, '');
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    publicUrl,
    dashboardOrigin: env.DASHBOARD_ORIGIN ?? new URL(publicUrl).origin,
    database: env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE }
      : { kind: 'embedded', dataDir: env.TIPCHAT_DATA_DIR },
    widgetDistDir: env.WIDGET_DIST_DIR,
    redis: env.REDIS_URL ? { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX } : null,
    secret: env.TIPCHAT_SECRET,
    accessTokenTtl: env.ACCESS_TOKEN_TTL,
    refreshTokenTtl: env.REFRESH_TOKEN_TTL,
    authRateLimit: env.AUTH_RATE_LIMIT,
    mail: env.SMTP_URL ? { kind: 'smtp', url: env.SMTP_URL, from: env.MAIL_FROM } : { kind: 'log', from: env.MAIL_FROM },
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT ?? (env.NODE_ENV !== 'production' && process.stdout.isTTY ? 'pretty' : 'json'),
    trustProxy: env.TRUST_PROXY,
    relaySweepMs: env.RELAY_SWEEP_MS,
    eventRetention: { days: env.EVENT_RETENTION_DAYS === 0 ? null : env.EVENT_RETENTION_DAYS, sweepMs: env.EVENT_PRUNE_SWEEP_MS },
    chatFlood: {
      viewer: { max: env.CHAT_FLOOD_VIEWER_MAX, windowMs: env.CHAT_FLOOD_WINDOW_SECONDS * 1000 },
      ip: { max: env.CHAT_FLOOD_IP_MAX, windowMs: env.CHAT_FLOOD_WINDOW_SECONDS * 1000 },
    },
    payments,
    payouts: payoutsConfig(env),
  };
}

/** Providers are on when their keys are set, all of them or none: half a configuration is an error, not a silent fallback. */
function paymentsConfig(env: Env): PaymentsConfig {
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
  const production = env.NODE_ENV === 'production';
  if (production && env.DEV_PAYMENTS === true) problems.push('  DEV_PAYMENTS: The simulated checkout cannot run in production');
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);

  const fixed = currencyAmounts(env.PLATFORM_FEE_FIXED);
  return {
    fee: { basisPoints: env.PLATFORM_FEE_BPS, fixed },
    holdBusinessDays: env.TIP_HOLD_BUSINESS_DAYS,
    holidays: env.TIP_HOLD_HOLIDAYS?.split(',') ?? [],
    releaseSweepMs: env.RELEASE_SWEEP_MS,
    dev: !production && env.DEV_PAYMENTS !== false ? { delayMs: env.DEV_PAYMENT_DELAY_MS } : null,
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
