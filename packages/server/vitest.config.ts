import { defineProject } from 'vitest/config';

/**
 * Suites under test/postgres need a real Postgres server; they join the run when DATABASE_URL is set. test/packaging
 * (the installed-server test) starts its own embedded server whatever the environment says: it runs on the embedded
 * pass only.
 */
const include = ['test/**/*.test.ts', 'src/**/*.test.ts'];
const exclude = process.env.DATABASE_URL ? ['test/packaging/**'] : ['test/postgres/**'];

export default defineProject({
  resolve: { conditions: ['tipchat-source'] },
  ssr: { resolve: { conditions: ['tipchat-source'] } },
  test: {
    name: 'server',
    // Files share a worker's module cache instead of importing the whole server again each (an isolated run spent
    // more time importing than testing). Safe because no test mocks modules or leaves globals behind: every file
    // starts servers of its own on databases of its own.
    isolate: false,
    environment: 'node',
    // One migrated database per run that every test server copies (see the file).
    globalSetup: ['test/support/template-database.ts'],
    include,
    exclude: ['**/node_modules/**', ...exclude],
    testTimeout: 30_000,
    // expect.poll's own default (1 s) is a timing assertion in disguise: a loaded CI machine takes longer to get there.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 60_000,
  },
});
