import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['tipchat-source'] },
  ssr: { resolve: { conditions: ['tipchat-source'] } },
  test: {
    name: 'widget',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // expect.poll's own default (1 s) is a timing assertion in disguise: a loaded CI machine takes longer to get there.
    expect: { poll: { timeout: 15_000 } },
    // beforeAll builds the script-tag bundle, starts a server and launches Chromium.
    hookTimeout: 120_000,
  },
});
