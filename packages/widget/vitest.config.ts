import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['tipchat-source'] },
  ssr: { resolve: { conditions: ['tipchat-source'] } },
  test: {
    name: 'widget',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // beforeAll builds the script-tag bundle, starts a server and launches Chromium.
    hookTimeout: 120_000,
  },
});
