#!/usr/bin/env node
// The bin is this file, not dist/cli.js: pnpm links workspace bins at install, before any build, and warns
// ("Failed to create bin") when the target does not exist yet.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'tipchat: the server is not built yet; run `pnpm --filter @tipchat/server build` (or `pnpm start` at the repo root).\n',
  );
  process.exit(1);
}
await import(cli.href);
