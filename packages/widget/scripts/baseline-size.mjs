#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
/**
 * What Lit and socket.io-client cost on their own, bundled and minified exactly as the
 * script-tag bundles are (same resolution, same terser settings): the floor under the size budget. Nothing is written to disk.
 *
 *   pnpm --filter @tipchat/widget size:baseline
 */
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import { minify, withoutWebTransport } from '../rollup.config.mjs';
import { compressedSizes, kilobytes } from './compressed-size.mjs';

/**
 * socket.io-client is the SDK's dependency, not the widget's: each piece of the entry is a
 * virtual module placed in the package that depends on it, so node-resolve finds it as the real
 * bundle does.
 */
const WIDGET_DIR = fileURLToPath(new URL('../src/', import.meta.url));
const SDK_DIR = fileURLToPath(new URL('../../sdk/src/', import.meta.url));

/** Keeps every export the widgets use alive, so tree-shaking cannot make the floor look lower than it is. */
const PIECES = {
  lit: `import { LitElement, css, html, nothing, svg } from 'lit';
        import { customElement, property, state, query } from 'lit/decorators.js';
        import { classMap } from 'lit/directives/class-map.js';
        import { repeat } from 'lit/directives/repeat.js';
        window.__lit = [LitElement, css, html, nothing, svg, customElement, property, state, query, classMap, repeat];`,
  litCore: `import { LitElement, css, html } from 'lit'; window.__lit = [LitElement, css, html];`,
  socket: `import { io } from 'socket.io-client'; window.__io = [io];`,
};

/** Each bundle lists the pieces it is made of. */
const BUNDLES = {
  'lit (LitElement, css, html only)': [['litCore', WIDGET_DIR]],
  'lit (with the decorators and directives the elements use)': [['lit', WIDGET_DIR]],
  'socket.io-client': [['socket', SDK_DIR]],
  'lit + socket.io-client': [
    ['lit', WIDGET_DIR],
    ['socket', SDK_DIR],
  ],
};

/** The same bundles as the script tags build them: engine.io-client without its WebTransport transport. */
const AS_SHIPPED = new Set(['socket.io-client', 'lit + socket.io-client']);

async function bundle(pieces, extraPlugins = []) {
  const modules = new Map(pieces.map(([piece, dir]) => [`${dir}__baseline_${piece}.js`, PIECES[piece]]));
  modules.set('entry', [...modules.keys()].map((path) => `import ${JSON.stringify(path)};`).join('\n'));
  const build = await rollup({
    input: 'entry',
    plugins: [
      { name: 'virtual-entry', resolveId: (id) => (modules.has(id) ? id : null), load: (id) => modules.get(id) ?? null },
      ...extraPlugins,
      nodeResolve({ browser: true, exportConditions: ['browser', 'production', 'module', 'import', 'default'] }),
    ],
    onwarn: (warning) => {
      throw new Error(`rollup: ${warning.code}: ${warning.message}`);
    },
  });
  const { output } = await build.generate({ format: 'iife', plugins: [minify()] });
  await build.close();
  return new TextEncoder().encode(output[0].code);
}

const rows = [];
for (const [name, pieces] of Object.entries(BUNDLES)) {
  rows.push([name, compressedSizes(await bundle(pieces))]);
  if (AS_SHIPPED.has(name))
    rows.push([`${name}, without WebTransport (as in the script tags)`, compressedSizes(await bundle(pieces, [withoutWebTransport()]))]);
}

console.log('| bundle | minified | gzip -9 | brotli |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, size] of rows) {
  console.log(`| ${name} | ${kilobytes(size.minified)} | ${kilobytes(size.gzip)} | ${kilobytes(size.brotli)} |`);
}
