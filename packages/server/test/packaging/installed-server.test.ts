import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, listening } from '../support/cli';

/**
 * @tipchat/server as someone installs it from npm. The three packages are packed with `pnpm pack` (which turns the
 * `workspace:` ranges into real versions), installed from the tarballs into an empty folder outside the workspace,
 * started with the installed bin (`tipchat start --demo`: embedded PGlite, the demo channel) and loaded in Chromium.
 * It proves what no in-repository test can: the server finds the widget's scripts by package resolution wherever the
 * package manager put them (pnpm's store layout here), and the tarballs hold everything a start needs.
 *
 * It runs on the embedded pass of CI only (vitest.config.ts leaves test/packaging out when DATABASE_URL is set): the
 * installed server uses its own embedded database whatever the environment says, so a second run would prove nothing.
 */

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const PACKAGES = ['sdk', 'widget', 'server'] as const;
type PackageDir = (typeof PACKAGES)[number];
const CHROMIUM = '/usr/bin/chromium';

interface Manifest {
  name: string;
  version: string;
  main?: string;
  module?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const manifestOf = (dir: PackageDir): Manifest => JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as Manifest;

/**
 * Every file a package.json points a consumer at: main, module, types, bin and each `exports` target. The
 * `tipchat-source` condition is the workspace's own (TypeScript sources, for tests and tools here); no consumer sets it.
 */
function pointedAt(manifest: Manifest): string[] {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') found.add(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) if (key !== 'tipchat-source') walk(inner);
    }
  };
  walk([manifest.main, manifest.module, manifest.types, manifest.bin, manifest.exports].filter((entry) => entry !== undefined));
  return [...found];
}

/** A child process to completion; rejects with its output when it fails. */
async function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${failed.message}\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
  }
}

/**
 * This environment without what the outer `pnpm test` and vitest set (npm_* settings, NODE_ENV=test) or CI's
 * database: the install and the server see what a person's shell would.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // PNPM_HOME stays: it decides where pnpm's store is, and the install should use the warm one.
    if (/^(npm_|NODE_ENV$|DATABASE_URL$|REDIS_URL$|TIPCHAT_|VITEST)/i.test(key)) continue;
    env[key] = value;
  }
  return env;
}

/**
 * CI builds everything before the tests. Elsewhere: what running needs is brought up to date as `pnpm start` does
 * (JavaScript only, only when sources changed), and a package whose published files are missing (never fully built)
 * gets its full build.
 */
async function ensureBuilt(): Promise<void> {
  await run(process.execPath, ['scripts/start.mjs', '--build-only'], ROOT);
  for (const dir of PACKAGES) {
    const manifest = manifestOf(dir);
    const missing = pointedAt(manifest).filter((file) => !existsSync(join(ROOT, 'packages', dir, file)));
    if (missing.length > 0) await run('pnpm', ['--filter', manifest.name, 'build'], ROOT);
  }
}

const tarballName = (manifest: Manifest) => `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;

interface Installed {
  url: string;
  overlayUrl: string;
  stop(): Promise<void>;
}

/** Starts the installed bin and waits for its banner; the banner's overlay link carries the demo's fresh overlay key. */
async function startInstalled(app: string): Promise<Installed> {
  const port = await freePort();
  const child = spawn(join(app, 'node_modules', '.bin', 'tipchat'), ['start', '--demo'], {
    cwd: app,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const running = await listening(child, port, 'the installed tipchat');
  const overlayUrl = /Demo overlay\s+(\S+)/.exec(running.stdout())?.[1];
  if (!overlayUrl) throw new Error(`the banner has no demo overlay link:\n${running.stdout()}`);
  return { url: running.url, overlayUrl, stop: () => running.stop() };
}

let work: string;
let tarballs: Record<PackageDir, string>;
let installed: Installed | undefined;
let browser: Browser | undefined;
/**
 * Set by afterAll. A set-up that overruns its hook's time goes on after vitest has torn the file down; what it would
 * start from then on (the installed server, a child that outlives the run) is refused instead.
 */
let tornDown = false;
const stillWanted = () => {
  if (tornDown) throw new Error('the installed-server set-up ran past its hook timeout; the file was already torn down');
};

beforeAll(async () => {
  // After the README's `pnpm install && pnpm start` (JavaScript only, no type declarations) the packages' full builds
  // happen here, beside the other test files on two cores: over three minutes, hence the hook's ten.
  await ensureBuilt();
  stillWanted();
  work = await mkdtemp(join(tmpdir(), 'tipchat-installed-'));
  const packs = join(work, 'tarballs');
  const app = join(work, 'app');
  await mkdir(packs);
  await mkdir(app);
  // One at a time: pnpm pack is quick, and two at once only fight over the CPU.
  const packed: Partial<Record<PackageDir, string>> = {};
  for (const dir of PACKAGES) {
    await run('pnpm', ['pack', '--pack-destination', packs], join(ROOT, 'packages', dir));
    packed[dir] = join(packs, tarballName(manifestOf(dir)));
  }
  tarballs = packed as Record<PackageDir, string>;

  // The server from its tarball; the packages it names by version (not on the registry yet) from theirs.
  const manifest = {
    name: 'tipchat-install-check',
    private: true,
    dependencies: { '@tipchat/server': `file:${tarballs.server}` },
    pnpm: { overrides: { '@tipchat/sdk': `file:${tarballs.sdk}`, '@tipchat/widget': `file:${tarballs.widget}` } },
  };
  await writeFile(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // From the machine's pnpm store and metadata cache (the workspace installed the same versions); the network only for
  // what they lack. No lockfile yet, so not frozen (CI=true would make it so).
  await run('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile', '--reporter=append-only'], app);

  stillWanted();
  installed = await startInstalled(app);
  if (tornDown) await installed.stop();
  stillWanted();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}, 600_000);

afterAll(async () => {
  tornDown = true;
  await browser?.close();
  await installed?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** `tar -tzf`: the tarball's files, without npm's `package/` folder. */
async function filesIn(tarball: string): Promise<string[]> {
  const listing = await run('tar', ['-tzf', tarball], work);
  return listing
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^package\//, ''));
}

const packedManifest = async (tarball: string): Promise<Manifest> =>
  JSON.parse(await run('tar', ['-xzOf', tarball, 'package/package.json'], work)) as Manifest;

describe('the published tarballs', () => {
  it.each(PACKAGES)('@tipchat/%s holds its README, LICENSE and every file its package.json points at', async (dir) => {
    const files = await filesIn(tarballs[dir]);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', ...pointedAt(manifestOf(dir))]));
  });

  it('the server holds its migrations and names the widget and the SDK by real versions', async () => {
    expect((await filesIn(tarballs.server)).some((file) => /^src\/db\/migrations\/0001_.*\.sql$/.test(file))).toBe(true);
    const server = await packedManifest(tarballs.server);
    expect(server.dependencies?.['@tipchat/widget']).toBe(`^${manifestOf('widget').version}`);
    expect(server.dependencies?.['@tipchat/sdk']).toBe(manifestOf('sdk').version);
    for (const tarball of Object.values(tarballs)) {
      const packed = await packedManifest(tarball);
      const ranges = [packed.dependencies, packed.devDependencies, packed.peerDependencies].flatMap((deps) => Object.values(deps ?? {}));
      expect(
        ranges.filter((range) => range.startsWith('workspace:')),
        packed.name,
      ).toEqual([]);
      expect(packed, packed.name).toMatchObject({ license: 'MIT', repository: expect.anything(), homepage: expect.any(String) });
    }
  });
});

/**
 * Opens a page and records every request that failed or answered 4xx/5xx and every uncaught page error; the caller
 * asserts the lists are empty once the page has rendered.
 */
async function open(url: string): Promise<{ page: Page; failures: string[] }> {
  if (!browser) throw new Error('no browser');
  const page = await browser.newPage();
  const failures: string[] = [];
  page.on('requestfailed', (request) => failures.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`));
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.url()}: ${response.status()}`);
  });
  page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
  // `load`: the deferred scripts ran. Not `networkidle`: the pages hold a realtime connection open.
  const response = await page.goto(url, { waitUntil: 'load' });
  expect(response?.status(), url).toBe(200);
  return { page, failures };
}

/*
 * Run in the page. Strings, because the server's TypeScript knows no DOM: each lists the page's tipchat-* element
 * names, the second only those not (yet) defined or without a rendered shadow root.
 */
const TIPCHAT_ELEMENTS = `[...new Set([...document.querySelectorAll('*')].map((element) => element.localName))]
  .filter((name) => name.startsWith('tipchat-'))`;
const UNRENDERED = `[...document.querySelectorAll('*')]
  .filter((element) => element.localName.startsWith('tipchat-'))
  .filter((element) => customElements.get(element.localName) === undefined || element.shadowRoot === null)
  .map((element) => element.localName)`;

const tipchatElements = (page: Page) => page.evaluate<string[]>(TIPCHAT_ELEMENTS);
const unrendered = (page: Page) => page.evaluate<string[]>(UNRENDERED);

describe('the installed server in a browser', () => {
  it('serves the dashboard: its script loads and the sign-in form renders', async () => {
    const { page, failures } = await open(`${installed?.url}/dashboard`);
    await expect.poll(() => page.locator('tipchat-dashboard input[type=email]').count()).toBeGreaterThan(0);
    expect(await unrendered(page)).toEqual([]);
    expect(failures).toEqual([]);
    await page.close();
  });

  it("serves the demo channel's tip page: the viewer widget renders the channel", async () => {
    const { page, failures } = await open(`${installed?.url}/c/demo`);
    await expect.poll(() => page.locator('tipchat-widget').getByText('Demo Channel').count()).toBeGreaterThan(0);
    expect(await tipchatElements(page)).toContain('tipchat-widget');
    expect(await unrendered(page)).toEqual([]);
    expect(failures).toEqual([]);
    await page.close();
  });

  it('serves the overlay page: alerts, goal, chat and leaderboard are defined and rendered', async () => {
    const { page, failures } = await open(installed?.overlayUrl ?? '');
    await expect
      .poll(() => tipchatElements(page))
      .toEqual(expect.arrayContaining(['tipchat-alerts', 'tipchat-goal', 'tipchat-chat-overlay', 'tipchat-leaderboard']));
    await expect.poll(() => unrendered(page)).toEqual([]);
    expect(failures).toEqual([]);
    await page.close();
  });
});
