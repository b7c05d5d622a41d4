#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { adminCommand } from './admin-cli';
import { buildServer } from './app';
import { type Config, ConfigError, loadConfig } from './config';
import { openDatabase } from './db/connection';
import { loadMigrations, migrate } from './db/migrator';
import { DEMO_CHANNEL_SLUG, DEMO_LOGIN, seedDemo } from './demo';
import { KeyService } from './features/keys/service';
import { widgetBannerLines } from './features/widget-assets/banner';
import { widgetDistDir } from './features/widget-assets/locate';
import { safetyLines } from './mode-banner';

const USAGE = `Usage: tipchat <command> [options]

Commands:
  start [--demo]   Start the server (applies migrations first). Without --demo it is a
                   production server: TIPCHAT_SECRET is required, no simulated checkout,
                   no dev outbox. --demo runs the unsafe demo (embedded database, fake
                   payments, public dev outbox) and seeds a demo streamer and channel.
  migrate          Apply pending database migrations and exit.
  admin create --email <address> [--name <display name>] [--password-stdin]
                   Create (or promote) an admin account, whatever REGISTRATION says.
                   Without --password-stdin a strong password is generated and printed.
  admin invite [--hours <n>]
                   Print a one-time registration invite link (REGISTRATION=invite).

Configuration comes from environment variables; see docs/configuration.md.`;

/** `demo`: the demo channel's fresh overlay key, when the demo was seeded. */
function banner(config: Config, demo: { overlayKey: string } | null): string {
  const url = config.publicUrl;
  const database = config.database.kind === 'embedded' ? `embedded PGlite in ${config.database.dataDir}` : 'Postgres (DATABASE_URL)';
  const lines = [
    '',
    `tipchat is running  (${database}; ${config.redis ? 'Redis fan-out' : 'in-process fan-out'}; mail ${config.mail.kind === 'log' ? 'logged' : 'via SMTP'})`,
    // Only pages that answer (test/banner-links.test.ts fetches each): /api/v1 itself is no page, its reference is.
    `  Dashboard      ${url}/dashboard`,
    `  API reference  ${url}/docs`,
    `  Health         ${url}/readyz`,
    ...widgetBannerLines(url, widgetDistDir(config.widgetDistDir)),
  ];
  if (config.mail.kind === 'log' && config.mode !== 'production')
    lines.push(`  Dev outbox     ${url}/api/v1/dev/outbox   (verification links also appear in this log)`);
  if (demo) {
    lines.push(`  Demo tip page  ${url}/c/${DEMO_CHANNEL_SLUG}`);
    lines.push(`  Demo overlay   ${url}/overlay/${DEMO_CHANNEL_SLUG}?key=${demo.overlayKey}&show=alerts,goal,chat,leaderboard`);
    lines.push(`  Demo channel   ${url}/api/v1/channels/${DEMO_CHANNEL_SLUG}`);
    lines.push(`  Demo login     ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
  }
  lines.push(...safetyLines(config));
  lines.push('  Stop with Ctrl+C.', '');
  return lines.join('\n');
}

async function start(config: Config, demo: boolean) {
  const app = await buildServer(config);
  // A new overlay key on every demo start: the key is a secret, so the banner can only show one it just made.
  const demoKeys = demo ? { overlayKey: await new KeyService(app.services.deps).rotateOverlayKey(await seedDemo(app.sql)) } : null;
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // In-flight requests get the grace to finish (then their connections are cut); whatever else might hang after
    // that (the database's close) must not keep the process alive forever.
    setTimeout(() => process.exit(1), config.http.shutdownGraceMs + 10_000).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: a second signal (Ctrl+C reaches `pnpm start`'s wrapper too, which passes it on) must not kill the
  // process mid-close; the timeout above ends a stuck close.
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await app.listen({ host: config.host, port: config.port });
  process.stdout.write(`${banner(config, demoKeys)}\n`);
}

async function migrateOnly(config: Config) {
  const database = await openDatabase(config.database);
  try {
    const applied = await migrate(database.sql, await loadMigrations());
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Nothing to apply.\n');
  } finally {
    await database.close();
  }
}

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      email: { type: 'string' },
      name: { type: 'string' },
      hours: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command === 'start') return start(loadConfig(process.env, { demo: values.demo }), values.demo);
  // Tools that only touch the database do not sign tokens: they run without TIPCHAT_SECRET.
  if (command === 'migrate') return migrateOnly(loadConfig(process.env, { requireSecret: false }));
  if (command === 'admin') return adminCommand(loadConfig(process.env, { requireSecret: false }), positionals[1], values, USAGE);
  throw new ConfigError(`Unknown command "${command}".\n\n${USAGE}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
    process.stderr.write(`tipchat: the port is already in use (${error.message}). Set PORT to another one.\n`);
  } else {
    process.stderr.write(`tipchat failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
