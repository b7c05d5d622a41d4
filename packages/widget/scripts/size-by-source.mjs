#!/usr/bin/env node
/**
 * Where a script-tag bundle's bytes go: each source's share of the minified file, read from
 * the source map, grouped by package (lit, socket.io, the SDK, each element family). gzip
 * compresses the whole file at once, so per-source gzip figures are the minified share scaled
 * to the file's gzip size: a guide to where to cut, not an exact bill.
 *
 *   pnpm --filter @tipchat/widget size:why            # dist/tipchat.js
 *   pnpm --filter @tipchat/widget size:why tipchat-overlay.js --sources
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { distPath } from './bundles.mjs';
import { compressedSizes, kilobytes } from './compressed-size.mjs';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { sources: { type: 'boolean', default: false } } });
const file = positionals[0] ?? 'tipchat.js';
const code = readFileSync(distPath(file), 'utf8');
const map = JSON.parse(readFileSync(distPath(`${file}.map`), 'utf8'));

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes one mappings segment's base64 VLQ fields. */
function decodeSegment(segment) {
  const fields = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return fields;
}

/**
 * Bytes of generated code per source index. A segment covers the code up to the next segment,
 * across line ends too (a template literal over several lines has one mapping); code before the
 * first segment or after a segment without a source counts as index -1, unmapped.
 */
const bytesBySource = new Map();
const lines = code.split('\n');
const starts = [];
let sourceIndex = 0;
let lineOffset = 0;
map.mappings.split(';').forEach((lineMappings, lineNumber) => {
  let column = 0;
  for (const segment of lineMappings ? lineMappings.split(',') : []) {
    const fields = decodeSegment(segment);
    column += fields[0];
    if (fields.length >= 4) sourceIndex += fields[1];
    starts.push([lineOffset + Buffer.byteLength((lines[lineNumber] ?? '').slice(0, column)), fields.length >= 4 ? sourceIndex : -1]);
  }
  lineOffset += Buffer.byteLength(lines[lineNumber] ?? '') + 1;
});
const codeBytes = Buffer.byteLength(code);
bytesBySource.set(-1, starts[0]?.[0] ?? codeBytes);
starts.forEach(([start, source], i) => {
  const end = i + 1 < starts.length ? starts[i + 1][0] : codeBytes;
  bytesBySource.set(source, (bytesBySource.get(source) ?? 0) + end - start);
});

/** node_modules/.pnpm/x/node_modules/<pkg>/… → <pkg>; ../sdk/src/realtime/… → sdk/realtime; ../src/elements/widget/… → widget/elements/widget. */
function groupOf(source) {
  if (source === undefined) return '(unmapped)';
  const npm = /node_modules\/(?!\.pnpm)((?:@[^/]+\/)?[^/]+)/.exec(source.split('node_modules/.pnpm/').pop() ?? '');
  if (npm) return npm[1];
  const sdk = /sdk\/src\/([^/]+)\//.exec(source);
  if (sdk) return `@tipchat/sdk ${sdk[1]}`;
  if (/sdk\/src\/[^/]+$/.test(source)) return '@tipchat/sdk (client, http, errors)';
  const ours = /(?:^|\/)src\/((?:elements\/)?[^/]+)\//.exec(source);
  if (ours) return `widget ${ours[1]}`;
  return source.replace(/^(\.\.\/)+/, '');
}

const total = compressedSizes(Buffer.from(code));
const rows = new Map();
for (const [index, bytes] of bytesBySource) {
  const key = values.sources
    ? (map.sources[index] ?? '(unmapped)').replace(/^(\.\.\/)+(node_modules\/\.pnpm\/[^/]+\/node_modules\/)?/, '')
    : groupOf(map.sources[index]);
  rows.set(key, (rows.get(key) ?? 0) + bytes);
}
const sorted = [...rows].sort((a, b) => b[1] - a[1]);
const width = Math.max(...sorted.map(([name]) => name.length));
console.log(`${file}: ${kilobytes(total.minified)} minified, ${kilobytes(total.gzip)} gzip -9\n`);
console.log(`${'source'.padEnd(width)}  ${'minified'.padStart(10)}  ${'≈ gzip'.padStart(10)}  share`);
for (const [name, bytes] of sorted) {
  const share = bytes / total.minified;
  console.log(
    `${name.padEnd(width)}  ${kilobytes(bytes).padStart(10)}  ${kilobytes(share * total.gzip).padStart(10)}  ${(share * 100).toFixed(1).padStart(5)}%`,
  );
}
