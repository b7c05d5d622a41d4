import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

/** Paths are absolute so the config also works when the widget test builds from the repo root. */
const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/**
 * `tipchat-source` makes `@tipchat/sdk` resolve to its TypeScript source: the widget builds
 * without the SDK being built first, and the script-tag bundle tree-shakes the SDK as source.
 * `browser` picks browser builds (socket.io's are free of Node's `debug`), and `production` is
 * explicit because node-resolve otherwise adds `development` whenever NODE_ENV is set (as in tests).
 */
const resolve = () =>
  nodeResolve({
    browser: true,
    exportConditions: ['tipchat-source', 'browser', 'production', 'module', 'import', 'default'],
    extensions: ['.ts', '.mjs', '.js'],
  });

/** Emits JavaScript only (ours and the SDK's source); `pnpm typecheck` and tsconfig.build.json do types. */
const compile = () =>
  typescript({
    tsconfig: here('./tsconfig.json'),
    filterRoot: here('.'),
    include: ['src/**/*.ts', '../sdk/src/**/*.ts'],
    noEmit: false,
    declaration: false,
    noEmitOnError: true,
  });

/** A warning usually means a broken bundle (a missing export becomes `undefined` at run time), so it fails the build. */
const onwarn = (warning) => {
  throw new Error(`rollup: ${warning.code ?? 'WARNING'}: ${warning.message}`);
};

/**
 * The script-tag bundle: lit and the SDK inlined, minified, and it registers every element when
 * it runs.
 * @type {import('rollup').RollupOptions & { output: import('rollup').OutputOptions }}
 */
export const scriptTag = {
  input: here('./src/tipchat.ts'),
  onwarn,
  plugins: [resolve(), compile()],
  output: { file: here('./dist/tipchat.js'), format: 'iife', sourcemap: true, plugins: [terser({ format: { comments: false } })] },
};

/**
 * The ESM build for bundler users. Dependencies (lit, the SDK) stay imports so an app that
 * uses them itself ships one copy.
 * @type {import('rollup').RollupOptions & { output: import('rollup').OutputOptions }}
 */
export const esm = {
  input: { index: here('./src/index.ts'), 'elements/widget/widget': here('./src/elements/widget/widget.ts') },
  external: (id) => /^(lit|@lit|@tipchat\/sdk)(\/|$)/.test(id),
  treeshake: { moduleSideEffects: 'no-external' },
  onwarn,
  plugins: [resolve(), compile()],
  output: { dir: here('./dist'), format: 'es', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js' },
};

export default [esm, scriptTag];
