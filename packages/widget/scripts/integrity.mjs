#!/usr/bin/env node
/**
 * Writes dist/integrity.json after the build: for each script-tag bundle its Subresource
 * Integrity hash (sha384, what `<script integrity>` takes) and the content-hashed name the tipchat
 * server also serves it under (/widget/v1/<name>.<hash>.js, cacheable forever). Published with
 * each release, so a page can pin exactly the script it was tested with.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { BUNDLES, distPath } from './bundles.mjs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * The tipchat server computes the same two values from the bytes it serves
 * (packages/server/src/features/widget-assets/asset.ts); keep them in step.
 */
function describe(file, bytes) {
  const digest = createHash('sha384').update(bytes).digest();
  const hashedName = file.replace(/\.js$/, `.${digest.toString('hex').slice(0, 16)}.js`);
  return { integrity: `sha384-${digest.toString('base64')}`, bytes: bytes.byteLength, hashedName };
}

const files = {};
for (const { file } of BUNDLES) {
  const path = distPath(file);
  if (existsSync(path)) files[file] = describe(file, readFileSync(path));
}
if (Object.keys(files).length === 0) {
  console.error('integrity: no bundle in dist/ to hash; run rollup first.');
  process.exit(1);
}
writeFileSync(distPath('integrity.json'), `${JSON.stringify({ package: '@tipchat/widget', version, files }, null, 2)}\n`);
for (const [file, { integrity }] of Object.entries(files)) console.log(`integrity: ${file}  ${integrity}`);
