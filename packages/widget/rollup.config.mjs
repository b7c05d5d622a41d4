import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
 * Minification for the script tags, whose size has a budget (scripts/size.mjs). Two compress
 * passes find a little more to inline. The code stays ES2022 (nothing is down-levelled: every
 * browser the widget supports, evergreen ones and OBS's Chromium, runs it) and terser may use
 * ES2020 shorthands.
 */
export const minify = () => terser({ ecma: 2020, compress: { passes: 2 }, format: { comments: false } });

/**
 * engine.io-client ships a WebTransport transport that the tipchat server never offers
 * (socket.io servers enable it only when configured to, and tipchat does not), so a client
 * never picks it. The script tags leave it out: 1 KB minified. The replacement is checked
 * against the file it replaces, so an engine.io-client update that changes the transports fails
 * the build instead of silently dropping one.
 */
export const withoutWebTransport = () => ({
  name: 'tipchat-without-webtransport',
  load(id) {
    if (!/engine\.io-client[\\/]build[\\/]esm[\\/]transports[\\/]index\.js$/.test(id)) return null;
    const original = readFileSync(id, 'utf8');
    const expected = ['import { XHR } from "./polling-xhr.node.js";', 'import { WS } from "./websocket.node.js";', 'webtransport: WT,'];
    if (!expected.every((line) => original.includes(line))) {
      throw new Error(`tipchat-without-webtransport: ${id} is not the transports list this plugin knows; review the plugin`);
    }
    // The browser builds of the two transports, as the package's "browser" field maps them.
    return `import { XHR } from './polling-xhr.js';\nimport { WS } from './websocket.js';\nexport const transports = { websocket: WS, polling: XHR };\n`;
  },
});

/**
 * A script-tag bundle: lit and the SDK inlined, minified, and registering its elements when it
 * runs (each through `define()`, which skips a tag that is already taken, so loading a script
 * twice is harmless).
 * @returns {import('rollup').RollupOptions & { output: import('rollup').OutputOptions }}
 */
const iife = (entry, file) => ({
  input: here(entry),
  onwarn,
  plugins: [withoutWebTransport(), resolve(), compile()],
  output: { file: here(file), format: 'iife', sourcemap: true, plugins: [minify()] },
});

/** The viewer's script: `<tipchat-widget>`. */
export const scriptTag = iife('./src/tipchat.ts', './dist/tipchat.js');

/**
 * The overlays' script: `<tipchat-alerts>`, `<tipchat-goal>`, `<tipchat-leaderboard>`,
 * `<tipchat-chat-overlay>`. Built only once its entry exists, so the package builds while the
 * overlay elements are being written.
 */
export const overlayScriptTag = existsSync(here('./src/overlay.ts')) ? iife('./src/overlay.ts', './dist/tipchat-overlay.js') : null;

/**
 * The streamer dashboard's script: `<tipchat-dashboard>`, which the server's /dashboard page
 * loads. Built once its entry exists; it has no size budget (streamers load it, not viewers).
 */
export const dashboardScriptTag = existsSync(here('./src/dashboard.ts')) ? iife('./src/dashboard.ts', './dist/tipchat-dashboard.js') : null;

/**
 * Every element family that registers itself: `src/elements/<name>/<name>.ts` (the class lives
 * beside it in `<name>.component.ts`). Each becomes `dist/elements/<name>/<name>.js`, exported
 * as `@tipchat/widget/<name>`.
 */
const elementEntries = Object.fromEntries(
  readdirSync(here('./src/elements'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(here(`./src/elements/${entry.name}/${entry.name}.ts`)))
    .map((entry) => [`elements/${entry.name}/${entry.name}`, here(`./src/elements/${entry.name}/${entry.name}.ts`)]),
);

/**
 * The ESM build for bundler users, one entry per element family plus the index (classes only,
 * nothing registered). Dependencies (lit, the SDK) stay imports so an app that uses them itself
 * ships one copy; code the families share lands in `dist/chunks/`.
 * @type {import('rollup').RollupOptions & { output: import('rollup').OutputOptions }}
 */
export const esm = {
  input: { index: here('./src/index.ts'), ...elementEntries },
  external: (id) => /^(lit|@lit|@tipchat\/sdk)(\/|$)/.test(id),
  treeshake: { moduleSideEffects: 'no-external' },
  onwarn,
  plugins: [resolve(), compile()],
  // No hoisted bare imports of lit and the SDK into every entry: bundlers would read them as side-effect imports.
  output: { dir: here('./dist'), format: 'es', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js', hoistTransitiveImports: false },
};

const scriptTags = [scriptTag, ...[overlayScriptTag, dashboardScriptTag].filter((options) => options !== null)];

/**
 * `rollup -c --environment TIPCHAT_BUILD:scripts` (the root `pnpm start`, scripts/start.mjs) builds only the script
 * tags the server serves: running tipchat needs neither the ESM build nor its declarations.
 */
export default process.env.TIPCHAT_BUILD === 'scripts' ? scriptTags : [esm, ...scriptTags];
