import type { CpuUse } from './tips/cpu';

/** The cells and Markdown tables every bench report is made of, so the reports line up alike. */

/** A number with `digits` decimals, or a dash for what was not measured (NaN, infinity). */
export const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** CPU time as a share of one core over the phase's wall time. */
export const percentOfCore = (micros: number, cpu: CpuUse) => `${fixed((100 * micros) / cpu.wallMicros, 0)}%`;

/** A Markdown table: the first column left-aligned, the numbers right-aligned, every column as wide as its widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
