import type { CpuUse } from './cpu';
import type { PhaseRun } from './phase';
import { type LatencySummary, perSecond, spans, summarizeLatency } from './stats';

/** One measured phase, reduced to what the report prints. */
export interface PhaseSummary {
  deliveries: number;
  /** Deliveries answered 200. */
  acked: number;
  failed: number;
  late: number;
  longestWaitMs: number;
  outcomes: Record<string, number>;
  /** Deliveries started per second: the rate the server was actually offered. */
  sentPerSecond: number;
  /** What the phase counts as done (an alert at the overlay, or an acknowledgement), per second. */
  donePerSecond: number;
  done: number;
  latency: LatencySummary;
  ack: LatencySummary;
  /** Tips phase only: send → tip.succeeded at the overlay. */
  tipEvent: LatencySummary | null;
  /** Tips phase only: the 200 → the alert at the overlay (the relay and the socket, after the commit). */
  ackToAlert: LatencySummary | null;
  /** done/s over each quarter of the completions: falls over the run when each tip costs more than the one before. */
  donePerSecondByQuarter: number[];
  applied: number;
  cpu: CpuUse;
  firstError: string | null;
}

function finiteMin(values: ArrayLike<number>): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) min = Math.min(min, values[i] as number);
  return min;
}

function finiteMax(values: ArrayLike<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) max = Math.max(max, values[i] as number);
  return max;
}

/**
 * Completions per second in each quarter of them, in completion order: the first quarter from
 * the first send to the n/4-th completion, the next from there to the n/2-th, and so on.
 */
export function ratesByQuarter(firstStartMicros: number, doneAt: ArrayLike<number>): number[] {
  const done = Array.from(doneAt)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (done.length < 4) return [];
  const marks = [1, 2, 3, 4].map((k) => Math.ceil((k * done.length) / 4));
  return marks.map((mark, k) => {
    const previous = k === 0 ? 0 : (marks[k - 1] ?? 0);
    const from = k === 0 ? firstStartMicros : (done[previous - 1] ?? Number.NaN);
    return perSecond(mark - previous, from, done[mark - 1] ?? Number.NaN);
  });
}

/** With `untilAlert`, a delivery is done when its alert reached the overlay; otherwise when it was acknowledged. */
export function summarizePhase(run: PhaseRun, { untilAlert }: { untilAlert: boolean }): PhaseSummary {
  const { startedAt, finishedAt } = run.sends;
  const firstStart = finiteMin(startedAt);
  const doneAt = untilAlert ? run.alertAt : finishedAt;
  const ack = summarizeLatency(spans(startedAt, finishedAt));
  const latency = untilAlert ? summarizeLatency(spans(startedAt, run.alertAt)) : ack;
  return {
    deliveries: run.deliveries,
    acked: ack.count,
    failed: run.sends.failed,
    late: run.sends.late,
    longestWaitMs: run.sends.longestWaitMicros / 1000,
    outcomes: run.outcomes,
    sentPerSecond: perSecond(run.deliveries - 1, firstStart, finiteMax(startedAt)),
    donePerSecond: perSecond(latency.count, firstStart, finiteMax(doneAt)),
    done: latency.count,
    latency,
    ack,
    tipEvent: untilAlert ? summarizeLatency(spans(startedAt, run.tipSucceededAt)) : null,
    ackToAlert: untilAlert ? summarizeLatency(spans(finishedAt, run.alertAt)) : null,
    donePerSecondByQuarter: ratesByQuarter(firstStart, doneAt),
    applied: run.applied,
    cpu: run.cpu,
    firstError: run.sends.firstError,
  };
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const ratio = (a: number, b: number) =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `×${(a / b).toFixed(a / b >= 10 ? 0 : 1)}` : '–';
const percentOfCore = (micros: number, cpu: CpuUse) => `${fixed((100 * micros) / cpu.wallMicros, 0)}%`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function latencyCells(latency: LatencySummary): string[] {
  return [fixed(latency.p50, 1), fixed(latency.p95, 1), fixed(latency.p99, 1), fixed(latency.max, 1)];
}

/** CPU of the server and its Postgres backends per unit of work, ms: what the work cost, wherever it ran. */
const cpuEach = (cpu: CpuUse, units: number) => (units > 0 ? (cpu.server + cpu.database) / 1000 / units : Number.NaN);

function cpuCells(cpu: CpuUse, units: number): string[] {
  return [
    fixed(cpuEach(cpu, units), 2),
    percentOfCore(cpu.server, cpu),
    percentOfCore(cpu.database, cpu),
    percentOfCore(cpu.bench, cpu),
    percentOfCore(cpu.other, cpu),
  ];
}

const outcomesText = (outcomes: Record<string, number>) =>
  Object.entries(outcomes)
    .map(([outcome, count]) => `${count} ${outcome}`)
    .join(', ') || 'none';

/** The Markdown table of one rate: the tips (to the alert, and to the acknowledgement) beside the baseline. */
export function renderRate(rate: number, tips: PhaseSummary, baseline: PhaseSummary): string {
  const header = [
    'measured',
    'sent',
    'done',
    'sent/s',
    'done/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'CPU ms each',
    'server CPU',
    'Postgres CPU',
    'bench CPU',
    'other CPU',
  ];
  const rows = [
    [
      'tip: webhook → alert at overlay',
      String(tips.deliveries),
      String(tips.done),
      fixed(tips.sentPerSecond, 0),
      fixed(tips.donePerSecond, 0),
      ...latencyCells(tips.latency),
      ...cpuCells(tips.cpu, tips.applied),
    ],
    [
      'tip: webhook → 200',
      String(tips.deliveries),
      String(tips.acked),
      fixed(tips.sentPerSecond, 0),
      '',
      ...latencyCells(tips.ack),
      '',
      '',
      '',
      '',
      '',
    ],
    [
      'baseline: webhook → 200',
      String(baseline.deliveries),
      String(baseline.acked),
      fixed(baseline.sentPerSecond, 0),
      fixed(baseline.donePerSecond, 0),
      ...latencyCells(baseline.latency),
      ...cpuCells(baseline.cpu, baseline.acked),
    ],
  ];
  const out = [`Rate ${rate}/s`, '', table(header, rows), ''];
  // Behind the schedule, a tip's time is mostly spent queued behind the (up to --in-flight) tips sent before it.
  if (tips.donePerSecond < 0.9 * rate) {
    out.push(
      `tips: the server did not keep up with ${rate}/s (it processed ${fixed(tips.donePerSecond, 0)}/s): each tip queued at the server behind ` +
        `the earlier ones still in flight, so the tips' latencies are mostly that queue (deliveries still waiting in the bench are not counted); ` +
        'a lower --rate measures the processing itself',
    );
  }
  out.push(
    `tip webhook → alert ÷ baseline ack: p50 ${ratio(tips.latency.p50, baseline.latency.p50)}, p95 ${ratio(tips.latency.p95, baseline.latency.p95)}, ` +
      `p99 ${ratio(tips.latency.p99, baseline.latency.p99)}; CPU each ${ratio(cpuEach(tips.cpu, tips.applied), cpuEach(baseline.cpu, baseline.acked))}`,
  );
  if (tips.tipEvent) out.push(`tip.succeeded at the overlay: p50 ${fixed(tips.tipEvent.p50, 1)} ms, p99 ${fixed(tips.tipEvent.p99, 1)} ms`);
  if (tips.ackToAlert) {
    out.push(
      `from the tip's 200 to its alert at the overlay: p50 ${fixed(tips.ackToAlert.p50, 1)} ms, p99 ${fixed(tips.ackToAlert.p99, 1)} ms`,
    );
  }
  if (tips.donePerSecondByQuarter.length > 0) {
    out.push(`tips processed per second by quarter of the run: ${tips.donePerSecondByQuarter.map((r) => fixed(r, 0)).join(', ')}`);
  }
  out.push(`outcomes: tips ${outcomesText(tips.outcomes)}; baseline ${outcomesText(baseline.outcomes)}`);
  for (const [name, phase] of [
    ['tips', tips],
    ['baseline', baseline],
  ] as const) {
    if (phase.late > 0)
      out.push(`${name}: ${phase.late} deliveries waited for a free connection (longest ${fixed(phase.longestWaitMs, 0)} ms)`);
    if (phase.failed > 0) out.push(`${name}: ${phase.failed} deliveries failed; first error: ${phase.firstError ?? '?'}`);
  }
  if (tips.done < tips.applied) out.push(`tips: ${tips.applied - tips.done} applied tips' alerts never reached the overlay`);
  return out.join('\n');
}
