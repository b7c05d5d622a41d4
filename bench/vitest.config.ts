import { defineProject } from 'vitest/config';

/** Only the fast protocol tests; the benchmark itself runs through `pnpm bench:fanout`. */
export default defineProject({
  test: {
    name: 'bench',
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});
