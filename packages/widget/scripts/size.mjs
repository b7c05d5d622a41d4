#!/usr/bin/env node
/**
 * Checks the script-tag bundles against their size budgets: minified and gzipped at level 9,
 * everything included (lit, socket.io-client, the SDK). Prints a table; exits 1 naming each
 * bundle over its budget, or missing. Run after the build:
 *
 *   pnpm --filter @tipchat/widget build && pnpm size
 */
import { existsSync, readFileSync } from 'node:fs';
import { BUNDLES, distPath, expectedBundles } from './bundles.mjs';
import { compressedSizes, kilobytes } from './compressed-size.mjs';

const expected = expectedBundles();
const rows = [];
const failures = [];

for (const bundle of BUNDLES) {
  const path = distPath(bundle.file);
  const budget = bundle.budget === null ? 'none' : kilobytes(bundle.budget);
  if (!expected.includes(bundle)) {
    rows.push([bundle.file, '—', '—', '—', budget, `not built yet (no ${bundle.entry})`]);
    continue;
  }
  if (!existsSync(path)) {
    rows.push([bundle.file, '—', '—', '—', budget, 'MISSING']);
    failures.push(`dist/${bundle.file} is missing: build the widget first (pnpm --filter @tipchat/widget build).`);
    continue;
  }
  const size = compressedSizes(readFileSync(path));
  if (bundle.budget === null) {
    rows.push([bundle.file, kilobytes(size.minified), kilobytes(size.gzip), kilobytes(size.brotli), budget, 'for information']);
    continue;
  }
  const left = bundle.budget - size.gzip;
  rows.push([
    bundle.file,
    kilobytes(size.minified),
    kilobytes(size.gzip),
    kilobytes(size.brotli),
    budget,
    left >= 0 ? `ok, ${kilobytes(left)} left` : `OVER by ${kilobytes(-left)}`,
  ]);
  if (left < 0) {
    failures.push(
      `dist/${bundle.file} (the ${bundle.name} script) is ${size.gzip} bytes minified + gzipped, ` +
        `${-left} bytes (${kilobytes(-left)}) over its budget of ${bundle.budget} bytes (${kilobytes(bundle.budget)}).`,
    );
  }
}

const header = ['bundle', 'minified', 'gzip -9', 'brotli', 'budget (gzip)', 'status'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
const line = (cells) =>
  cells.map((cell, column) => (column === 0 || column === 5 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
console.log(line(header));
console.log(widths.map((width) => '-'.repeat(width)).join('  '));
for (const row of rows) console.log(line(row));

if (failures.length > 0) {
  console.error('');
  for (const failure of failures) console.error(`size: ${failure}`);
  console.error('size: see docs/benchmarks.md ("Widget size") for what the bytes go to and how to look into a bundle.');
  process.exit(1);
}
