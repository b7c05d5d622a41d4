import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

/**
 * The tests start real servers from the server's sources. The widget does not list @tipchat/server as a dependency
 * (the server depends on the widget, to serve its scripts; a dependency back would be a workspace cycle), so the name
 * is mapped here and in test/tsconfig.json.
 */
const server = fileURLToPath(new URL('../server/src/index.ts', import.meta.url));

export default defineProject({
  resolve: { conditions: ['tipchat-source'], alias: { '@tipchat/server': server } },
  ssr: { resolve: { conditions: ['tipchat-source'] } },
  test: {
    name: 'widget',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // Builds the script tags and a migrated template database once per run (see the file).
    globalSetup: ['test/global-setup.ts'],
    // Files share a worker's module cache (the server's sources among them) instead of importing it all again each.
    isolate: false,
    testTimeout: 60_000,
    // expect.poll's own default (1 s) is a timing assertion in disguise: a loaded CI machine takes longer to get there.
    expect: { poll: { timeout: 15_000 } },
    // beforeAll starts a server and launches Chromium; the global setup builds three bundles.
    hookTimeout: 120_000,
  },
});
