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
  },
});
