import { defineProject } from 'vitest/config';

/** Suites under test/postgres need a real Postgres server; they join the run when DATABASE_URL is set. */
const include = ['test/**/*.test.ts', 'src/**/*.test.ts'];
const exclude = process.env.DATABASE_URL ? [] : ['test/postgres/**'];

export default defineProject({
  resolve: { conditions: ['tipchat-source'] },
  ssr: { resolve: { conditions: ['tipchat-source'] } },
  test: {
    name: 'server',
    environment: 'node',
    include,
    exclude: ['**/node_modules/**', ...exclude],
    testTimeout: 30_000,
    // expect.poll's own default (1 s) is a timing assertion in disguise: a loaded CI machine takes longer to get there.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 60_000,
  },
});
