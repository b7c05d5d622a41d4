#!/usr/bin/env node
/**
 * Bundles src/main.tsx into dist/app.js with esbuild; `--serve` also serves this folder on
 * http://127.0.0.1:8081 and rebuilds on every page load.
 *
 * In your own app `@tipchat/widget` comes from npm and any bundler resolves it. Here it is the
 * build in this repository (packages/widget/dist), which npm cannot install (its package.json
 * names its workspace siblings as `workspace:*`), so a small plugin resolves the import from the
 * widget package's own folder: exactly what `import '@tipchat/widget/widget'` gives an npm user.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const widgetDir = fileURLToPath(new URL('../../packages/widget/', import.meta.url));
if (!existsSync(`${widgetDir}dist/index.js`)) {
  console.error('The widget is not built. From the repository root: pnpm build (or pnpm start, which builds it).');
  process.exit(1);
}

/** @type {esbuild.Plugin} */
const widgetFromThisRepository = {
  name: 'tipchat-widget-from-this-repository',
  setup(build) {
    build.onResolve({ filter: /^@tipchat\/widget(\/|$)/ }, (args) =>
      // Resolved from inside the widget package, its package.json `exports` apply (a self-reference).
      args.pluginData === 'self' ? undefined : build.resolve(args.path, { kind: args.kind, resolveDir: widgetDir, pluginData: 'self' }),
    );
  },
};

const options = {
  entryPoints: ['src/main.tsx'],
  outfile: 'dist/app.js',
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: true,
  target: 'es2022',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [widgetFromThisRepository],
  logLevel: 'info',
};

if (process.argv.includes('--serve')) {
  const context = await esbuild.context(options);
  const { port } = await context.serve({ servedir: '.', host: '127.0.0.1', port: 8081 });
  console.log(`React example on http://127.0.0.1:${port}/ (the tipchat server must run on http://127.0.0.1:4000)`);
} else {
  await esbuild.build(options);
}
