#!/usr/bin/env node
/**
 * `pnpm start`: builds only what a running server needs and only when its sources changed since the last build, then
 * runs `tipchat start --demo`. A full `pnpm build` (ESM, CJS and declarations for publishing) takes minutes; running
 * needs two outputs, built JavaScript-only:
 *   - the widget's script tags (the server serves them), built from the widget's and the SDK's sources;
 *   - the server's dist/cli.js, which bundles the SDK from source (so the SDK itself is never built here).
 * Extra arguments go to `tipchat start` (e.g. `pnpm start -- --help`); PORT, HOST and every other variable pass through.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = (name) => join(root, 'packages', name);

/** What to build: its inputs (files or folders), the outputs that must be newer than all of them, and how. */
const targets = [
  {
    name: 'widget script tags',
    cwd: pkg('widget'),
    inputs: [
      'widget/src',
      'widget/package.json',
      'widget/rollup.config.mjs',
      'widget/tsconfig.json',
      'widget/scripts',
      'sdk/src',
      'sdk/package.json',
    ],
    outputs: ['widget/dist/tipchat.js', 'widget/dist/tipchat-overlay.js', 'widget/dist/tipchat-dashboard.js', 'widget/dist/integrity.json'],
    commands: [
      ['pnpm', ['exec', 'rollup', '-c', '--environment', 'TIPCHAT_BUILD:scripts']],
      ['node', ['scripts/integrity.mjs']],
    ],
  },
  {
    name: 'server',
    cwd: pkg('server'),
    inputs: ['server/src', 'server/package.json', 'server/tsup.config.ts', 'server/tsconfig.json', 'sdk/src', 'sdk/package.json'],
    outputs: ['server/dist/cli.js', 'server/dist/index.js'],
    commands: [['pnpm', ['exec', 'tsup']]],
  },
];

/** Tests sit beside the sources but are never bundled: editing one needs no build. */
const isTest = (name) => /\.test\.ts$/.test(name);

/** The newest file under `path` (a file or a folder), as { file, mtime }. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return { file: path, mtime: stat.mtimeMs };
  let best = { file: path, mtime: 0 };
  for (const entry of readdirSync(path)) {
    if (isTest(entry)) continue;
    const found = newest(join(path, entry));
    if (found.mtime > best.mtime) best = found;
  }
  return best;
}

/** Why `target` needs a build, or null when its outputs are newer than every input. */
function staleReason(target) {
  const outputs = target.outputs.map((output) => join(root, 'packages', output));
  const missing = outputs.find((output) => !existsSync(output));
  if (missing) return `${relative(root, missing)} does not exist`;
  const built = Math.min(...outputs.map((output) => statSync(output).mtimeMs));
  for (const input of target.inputs) {
    const path = join(root, 'packages', input);
    if (!existsSync(path)) continue;
    const latest = newest(path);
    if (latest.mtime > built) return `${relative(root, latest.file)} changed since the last build`;
  }
  return null;
}

function build(target, reason) {
  process.stdout.write(`tipchat: building the ${target.name} (${reason})\n`);
  const started = Date.now();
  for (const [command, args] of target.commands) {
    const result = spawnSync(command, args, { cwd: target.cwd, stdio: 'inherit', env: { ...process.env, TIPCHAT_JS_ONLY: '1' } });
    if (result.status !== 0) {
      process.stderr.write(`tipchat: building the ${target.name} failed (${command} ${args.join(' ')})\n`);
      process.exit(result.status ?? 1);
    }
  }
  process.stdout.write(`tipchat: built the ${target.name} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

for (const target of targets) {
  const reason = staleReason(target);
  if (reason) build(target, reason);
  else process.stdout.write(`tipchat: the ${target.name} build is up to date\n`);
}

const args = process.argv.slice(2).filter((arg) => arg !== '--');
// `--build-only`: bring these builds up to date and stop (the installed-server test runs it before packing).
if (args.includes('--build-only')) process.exit(0);
const server = spawn(process.execPath, [join(pkg('server'), 'dist/cli.js'), 'start', '--demo', ...args], { stdio: 'inherit' });

/**
 * Ctrl+C reaches the whole process group; a signal sent to this process alone is passed on. The server shuts down
 * once however many signals arrive and exits 0; this process exits with its code, so pnpm reports no failure.
 */
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)));
