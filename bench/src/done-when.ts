/**
 * The "done when" of a piece of work, as figures next to their targets: what a bench run
 * measured of it, and whether that meets it. A figure the run did not measure says which run
 * does.
 */
export interface Goal {
  /** What is measured, e.g. "one channel: paid tips/s". */
  figure: string;
  /** The target as a person reads it, e.g. "≥ 150". */
  target: string;
  /** The measured value, formatted, or '' when this run did not measure it. */
  measured: string;
  /** Whether the measured value meets the target; null when not measured or not comparable. */
  met: boolean | null;
  /** How it was measured, or how to measure it when this run did not. */
  how: string;
}

/** A goal of the form `value ≤ limit` or `value ≥ limit`; NaN is "not measured". */
export function goal(
  figure: string,
  value: number,
  {
    atMost,
    atLeast,
    format,
    target: targetText,
    how,
    comparable = true,
  }: {
    atMost?: number;
    atLeast?: number;
    format: (value: number) => string;
    /** How the target reads, when `format` of the limit reads worse (e.g. "≤ 250 ms", not "≤ 250.0 ms"). */
    target?: string;
    how: string;
    /** False when the run measured something close to, but not exactly, the target's condition. */
    comparable?: boolean;
  },
): Goal {
  const limit = atMost ?? atLeast;
  if (limit === undefined) throw new Error(`goal ${figure}: give atMost or atLeast`);
  const target = targetText ?? `${atMost !== undefined ? '≤' : '≥'} ${format(limit)}`;
  if (!Number.isFinite(value)) return { figure, target, measured: '', met: null, how };
  const met = atMost !== undefined ? value <= atMost : value >= limit;
  return { figure, target, measured: format(value), met: comparable ? met : null, how };
}

/** A goal this run did not measure, with the command that does. */
export function notMeasured(figure: string, target: string, how: string): Goal {
  return { figure, target, measured: '', met: null, how };
}

export const times = (value: number) => `×${value.toFixed(2)}`;

function verdict(g: Goal): string {
  if (g.measured === '') return 'not measured';
  if (g.met === null) return 'indicative';
  return g.met ? 'met' : 'NOT MET';
}

/** A Markdown table: figure, target, measured, verdict, how. */
export function renderGoals(title: string, goals: Goal[]): string {
  const header = ['done when', 'target', 'measured', 'verdict', 'how'];
  const rows = goals.map((g) => [g.figure, g.target, g.measured || '–', verdict(g), g.how]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [title, '', line(header), rule, ...rows.map(line)].join('\n');
}
