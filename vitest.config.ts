import { defineConfig } from 'vitest/config';

/**
 * One run across the packages and the benchmark's own protocol tests. `tipchat-source` makes workspace imports resolve to TypeScript
 * sources, so tests need no build first.
 */
export default defineConfig({
  resolve: { conditions: ['tipchat-source'] },
  ssr: { resolve: { conditions: ['tipchat-source'] } },
  test: {
    projects: ['packages/*', 'bench'],
    // Vitest's default is one worker less than the CPUs: on a 2-core CI machine, one test file at a time.
    // Most files spend their time waiting (sockets, Chromium, the database, provider timeouts), so a few run
    // side by side; TIPCHAT_TEST_WORKERS overrides it.
    maxWorkers: Number(process.env.TIPCHAT_TEST_WORKERS ?? 3),
  },
});
