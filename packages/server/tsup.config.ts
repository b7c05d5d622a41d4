import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  // Our own SDK is bundled from source; real dependencies stay external.
  noExternal: [/^@tipchat\//],
  esbuildOptions(options) {
    options.conditions = ['tipchat-source'];
  },
});
