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
  CHAT_FLOOD_VIEWER_MAX: positiveInt.default(5),
  CHAT_FLOOD_IP_MAX: positiveInt.default(20),
  CHAT_FLOOD_WINDOW_SECONDS: positiveInt.default(10),
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
  /** Chat sends allowed per window, per chat identity and per IP address. */
  chatFlood: { viewer: { max: number; windowMs: number }; ip: { max: number; windowMs: number } };
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
    chatFlood: {
      viewer: { max: env.CHAT_FLOOD_VIEWER_MAX, windowMs: env.CHAT_FLOOD_WINDOW_SECONDS * 1000 },
      ip: { max: env.CHAT_FLOOD_IP_MAX, windowMs: env.CHAT_FLOOD_WINDOW_SECONDS * 1000 },
    },
  };
}
