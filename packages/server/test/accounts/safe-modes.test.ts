import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { DEMO_LOGIN } from '../../src/demo';
import { PASSWORD, uniqueEmail } from '../support/accounts';
import { type RunningCli, runCli, startCli } from '../support/cli';
import { createTestDatabase, postgresAdminUrl } from '../support/database';
import { caught } from '../support/errors';

const STRONG_SECRET = randomBytes(32).toString('hex');

/** A database the CLI's processes share: a fresh Postgres database, or a PGlite data folder (memory:// dies with its process). */
async function cliDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (postgresAdminUrl) {
    const db = await createTestDatabase();
    if (db.config.kind !== 'postgres') throw new Error('expected Postgres');
    return { env: { DATABASE_URL: db.config.url }, drop: db.drop };
  }
  const dir = await mkdtemp(join(tmpdir(), 'tipchat-cli-'));
  return { env: { TIPCHAT_DATA_DIR: dir }, drop: () => rm(dir, { recursive: true, force: true }) };
}

async function openApiPaths(url: string): Promise<string[]> {
  const spec = (await (await fetch(`${url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
  return Object.keys(spec.paths);
}

describe('the mode follows the command line and NODE_ENV, production unless told otherwise', () => {
  it('is production with nothing set, and then needs a strong TIPCHAT_SECRET', () => {
    expect(() => loadConfig({})).toThrowError(/TIPCHAT_SECRET: Required in production/);
    const config = loadConfig({ TIPCHAT_SECRET: STRONG_SECRET });
    expect(config).toMatchObject({ mode: 'production', env: 'production', registration: 'invite' });
    expect(config.payments.dev).toBeNull();
  });

  it.each([
    ['shorter than 32 characters', 'Zq8!kP2@xR5#', /TIPCHAT_SECRET: Must be at least 32 characters/],
    ['one repeated character', 'a'.repeat(48), /TIPCHAT_SECRET: Too weak: it repeats a few characters/],
    ['two alternating characters', '01'.repeat(24), /TIPCHAT_SECRET: Too weak: it repeats a few characters/],
    ['a placeholder', `changeme-${randomBytes(16).toString('hex')}`, /TIPCHAT_SECRET: Too weak: it contains the placeholder "changeme"/],
  ])('refuses a secret that is %s', (_what, secret, message) => {
    expect(() => loadConfig({ TIPCHAT_SECRET: secret })).toThrowError(message);
  });

  it('is demo with --demo, with the conveniences on and no variables needed; --demo contradicts NODE_ENV=production', () => {
    const config = loadConfig({}, { demo: true });
    expect(config).toMatchObject({ mode: 'demo', env: 'development', secret: undefined, registration: 'open' });
    expect(config.payments.dev).not.toBeNull();
    expect(() => loadConfig({ NODE_ENV: 'production' }, { demo: true })).toThrowError(/--demo is refused when NODE_ENV=production/);
  });

  it('refuses the simulated checkout beside a real payout rail, outside the test suite', () => {
    const cashfreePayouts = { CASHFREE_PAYOUTS_CLIENT_ID: 'id', CASHFREE_PAYOUTS_CLIENT_SECRET: 'secret' };
    const attempt =
      (env: Record<string, string>, demo = false) =>
      () =>
        loadConfig(env, { demo });
    expect(attempt({ NODE_ENV: 'development', ...cashfreePayouts })).toThrowError(
      /DEV_PAYMENTS: .*payout rail \(CASHFREE_PAYOUTS_CLIENT_ID\)/,
    );
    const stripe = { STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_PUBLISHABLE_KEY: 'pk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' };
    expect(attempt(stripe, true)).toThrowError(/DEV_PAYMENTS: .*STRIPE_SECRET_KEY/);
    expect(attempt({ NODE_ENV: 'production', TIPCHAT_SECRET: STRONG_SECRET, DEV_PAYMENTS: 'true' })).toThrowError(ConfigError);
    // Said out loud, it works: the demo with real rails and no fake money.
    expect(loadConfig({ ...cashfreePayouts, DEV_PAYMENTS: 'false' }, { demo: true }).payments.dev).toBeNull();
    expect(loadConfig({ NODE_ENV: 'test', ...cashfreePayouts }).payments.dev).not.toBeNull();
  });
});

describe('tipchat start (production, nothing but a database and a secret)', () => {
  let db: Awaited<ReturnType<typeof cliDatabase>>;
  let server: RunningCli;
  const admin = { email: uniqueEmail('operator'), password: 'operator password 1' };

  beforeAll(async () => {
    db = await cliDatabase();
    const created = await runCli(['admin', 'create', '--email', admin.email, '--password-stdin'], db.env, { stdin: `${admin.password}\n` });
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain(`Created admin account ${admin.email}`);
    server = await startCli([], { ...db.env, TIPCHAT_SECRET: STRONG_SECRET });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('refuses to start without TIPCHAT_SECRET, or with a weak one, naming the variable', async () => {
    const missing = await runCli(['start'], db.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/TIPCHAT_SECRET: Required in production/);
    const weak = await runCli(['start'], { ...db.env, TIPCHAT_SECRET: 'x'.repeat(64) });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/TIPCHAT_SECRET: Too weak/);
    const fake = await runCli(['start'], {
      ...db.env,
      NODE_ENV: 'development',
      CASHFREE_PAYOUTS_CLIENT_ID: 'a',
      CASHFREE_PAYOUTS_CLIENT_SECRET: 'b',
    });
    expect(fake.code).toBe(1);
    expect(fake.stderr).toMatch(/DEV_PAYMENTS: The simulated checkout cannot run beside a real payout rail/);
  }, 60_000);

  it('has no dev checkout and no dev outbox, and the banner announces no demo', async () => {
    expect((await fetch(`${server.url}/api/v1/dev/outbox`)).status).toBe(404);
    const paths = await openApiPaths(server.url);
    expect(paths).toContain('/api/v1/tips/{id}');
    expect(paths).not.toContain('/api/v1/tips/{id}/dev-checkout');
    expect(paths).not.toContain('/api/v1/dev/outbox');
    expect(server.stdout()).not.toContain('Dev outbox');
    expect(server.stdout()).not.toContain('DEMO MODE');
    // No SMTP_URL: the operator is told mail goes nowhere but the log.
    expect(server.stdout()).toContain('SMTP_URL is not set');
  });

  it('lets strangers register only with an invite an admin made, once', async () => {
    const stranger = createClient({ baseUrl: server.url });
    const refused = await caught(stranger.auth.register({ email: uniqueEmail('stranger'), password: PASSWORD, displayName: 'Stranger' }));
    expect(refused).toMatchObject({ status: 403, code: 'INVITE_REQUIRED' });

    const operator = createClient({ baseUrl: server.url });
    const session = await operator.auth.login(admin);
    expect(session.user).toMatchObject({ role: 'admin', emailVerified: true });
    const invite = await operator.admin.createInvite();
    expect(invite.link).toBe(`${server.url}/dashboard/register?invite=${invite.token}`);

    const invited = createClient({ baseUrl: server.url });
    const email = uniqueEmail('invited');
    const outcome = await invited.auth.register({ email, password: PASSWORD, displayName: 'Invited', invite: invite.token });
    expect(outcome.status).toBe('signed-in');
    const again = await caught(
      stranger.auth.register({ email: uniqueEmail('second'), password: PASSWORD, displayName: 'Second', invite: invite.token }),
    );
    expect(again).toMatchObject({ status: 403, code: 'INVITE_INVALID' });
    // Only admins make invites.
    expect(await caught(invited.admin.createInvite())).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });
});

describe('tipchat start --demo (no variables at all)', () => {
  let cwd: string;
  let server: RunningCli;
  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'tipchat-demo-'));
    server = await startCli(['--demo'], {}, cwd);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await rm(cwd, { recursive: true, force: true });
  });

  it('serves the dev checkout and the dev outbox, and says loudly what is unsafe', async () => {
    const banner = server.stdout();
    expect(banner).toContain('DEMO MODE: NOT SAFE ON A PUBLIC NETWORK OR WITH REAL MONEY');
    expect(banner).toContain('simulated checkout: anyone can mark a tip paid with fake money');
    expect(banner).toContain('dev outbox: every mailed link, password resets included, is public');
    expect(banner).toContain('no TIPCHAT_SECRET');
    expect((await fetch(`${server.url}/api/v1/dev/outbox`)).status).toBe(200);
    expect(await openApiPaths(server.url)).toEqual(expect.arrayContaining(['/api/v1/tips/{id}/dev-checkout', '/api/v1/dev/outbox']));
    const demo = await createClient({ baseUrl: server.url }).auth.login(DEMO_LOGIN);
    expect(demo.user.email).toBe(DEMO_LOGIN.email);
  });

  it('lets anyone register, and shows the mailed link in the dev outbox', async () => {
    const client = createClient({ baseUrl: server.url });
    const email = uniqueEmail('demo');
    expect((await client.auth.register({ email, password: PASSWORD, displayName: 'Demo Fan' })).status).toBe('signed-in');
    const [mail] = await client.dev.outbox({ to: email });
    expect(mail?.links[0]).toMatch(/\/verify-email\?token=/);
  });
});
