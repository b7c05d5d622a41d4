import { defineConfig } from 'tsup';

/**
 * TIPCHAT_JS_ONLY=1 (set by the root `pnpm start`, scripts/start.mjs) skips the declaration build, which is most of
 * the build's time and nothing a running server reads; it also keeps the last full build's .d.ts files.
 */
const jsOnly = process.env.TIPCHAT_JS_ONLY === '1';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: jsOnly ? false : { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: !jsOnly,
  // Our own SDK is bundled from source; real dependencies stay external.
  noExternal: [/^@tipchat\//],
  esbuildOptions(options) {
    options.conditions = ['tipchat-source'];
  },
});
