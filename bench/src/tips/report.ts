import { type Goal, goal, notMeasured, times } from '../done-when';
import { fixed, percentOfCore, table } from '../table';
import type { CpuUse } from './cpu';
import { mergePhaseRuns, type PhaseRun } from './phase';
import { type LatencySummary, perSecond, spans, steadyPerSecond, summarizeLatency } from './stats';

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
  /** done/s between the completions at 10% and at 90%: the rate the server sustained, free of start-up and drain. */
  steadyDonePerSecond: number;
  /** Deliveries never started (the run's --max-minutes). */
  unsent: number;
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
    steadyDonePerSecond: steadyPerSecond(doneAt),
    unsent: run.sends.unsent,
    applied: run.applied,
    cpu: run.cpu,
    firstError: run.sends.firstError,
  };
}

/**
 * A phase run in parts at different moments (the baseline before and after the tips): latencies and CPU over all the
 * parts together, rates from each part on its own, weighted by what each part did — a rate over the span from the first
 * part's start to the last one's end would count the time between them.
 */
export function summarizeParts(runs: PhaseRun[], options: { untilAlert: boolean }): PhaseSummary {
  const whole = summarizePhase(mergePhaseRuns(runs), options);
  const parts = runs.map((run) => summarizePhase(run, options));
  const weighted = (rate: (part: PhaseSummary) => number, weight: (part: PhaseSummary) => number) => {
    let sum = 0;
    let weights = 0;
    for (const part of parts) {
      if (!Number.isFinite(rate(part)) || weight(part) <= 0) continue;
      sum += rate(part) * weight(part);
      weights += weight(part);
    }
    return weights > 0 ? sum / weights : Number.NaN;
  };
  return {
    ...whole,
    sentPerSecond: weighted(
      (part) => part.sentPerSecond,
      (part) => part.deliveries,
    ),
    donePerSecond: weighted(
      (part) => part.donePerSecond,
      (part) => part.done,
    ),
    steadyDonePerSecond: weighted(
      (part) => part.steadyDonePerSecond,
      (part) => part.done,
    ),
    // Quarters of parts apart in time would not be quarters of one run.
    donePerSecondByQuarter: [],
  };
}

const ratio = (a: number, b: number) =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `×${(a / b).toFixed(a / b >= 10 ? 0 : 1)}` : '–';
const fixedRatio = (value: number) => (Number.isFinite(value) ? `×${value.toFixed(2)}` : '–');

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

/** The Markdown table of one rate; without a baseline (--skip-baseline) its row and ratios are left out. */
export function renderRate(rate: number, tips: PhaseSummary, baseline: PhaseSummary | null): string {
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
  ];
  if (baseline) {
    rows.push([
      'baseline: webhook → 200',
      String(baseline.deliveries),
      String(baseline.acked),
      fixed(baseline.sentPerSecond, 0),
      fixed(baseline.donePerSecond, 0),
      ...latencyCells(baseline.latency),
      ...cpuCells(baseline.cpu, baseline.acked),
    ]);
  }
  const out = [`Rate ${rate}/s`, '', table(header, rows), ''];
  // Behind the schedule, a tip's time is mostly spent queued behind the (up to --in-flight) tips sent before it.
  if (tips.donePerSecond < 0.9 * rate) {
    out.push(
      `tips: the server did not keep up with ${rate}/s (it processed ${fixed(tips.donePerSecond, 0)}/s): each tip queued at the server behind ` +
        `the earlier ones still in flight, so the tips' latencies are mostly that queue (deliveries still waiting in the bench are not counted); ` +
        'a lower --rate measures the processing itself',
    );
  }
  if (baseline) {
    out.push(
      `tip webhook → alert ÷ baseline ack: p50 ${ratio(tips.latency.p50, baseline.latency.p50)}, p95 ${ratio(tips.latency.p95, baseline.latency.p95)}, ` +
        `p99 ${ratio(tips.latency.p99, baseline.latency.p99)}; CPU each ${ratio(cpuEach(tips.cpu, tips.applied), cpuEach(baseline.cpu, baseline.acked))}; ` +
        // What the ratio hides: work shared with the baseline (HTTP, the signature, recording the event) that gets cheaper raises it.
        `a paid tip's own CPU beyond the signed webhook's ${fixed(cpuEach(tips.cpu, tips.applied) - cpuEach(baseline.cpu, baseline.acked), 2)} ms`,
    );
  }
  if (tips.tipEvent) out.push(`tip.succeeded at the overlay: p50 ${fixed(tips.tipEvent.p50, 1)} ms, p99 ${fixed(tips.tipEvent.p99, 1)} ms`);
  if (tips.ackToAlert) {
    out.push(
      `from the tip's 200 to its alert at the overlay: p50 ${fixed(tips.ackToAlert.p50, 1)} ms, p99 ${fixed(tips.ackToAlert.p99, 1)} ms`,
    );
  }
  if (tips.donePerSecondByQuarter.length > 0) {
    const quarters = tips.donePerSecondByQuarter;
    out.push(
      `tips processed per second by quarter of the run: ${quarters.map((r) => fixed(r, 0)).join(', ')} ` +
        `(last ÷ first ${fixedRatio(quarterRatio(quarters))}); steady (10%–90% of the alerts): ${fixed(tips.steadyDonePerSecond, 1)}/s`,
    );
  }
  out.push(`outcomes: tips ${outcomesText(tips.outcomes)}${baseline ? `; baseline ${outcomesText(baseline.outcomes)}` : ''}`);
  const phases: Array<[string, PhaseSummary]> = [['tips', tips]];
  if (baseline) phases.push(['baseline', baseline]);
  for (const [name, phase] of phases) {
    if (phase.late > 0)
      out.push(`${name}: ${phase.late} deliveries waited for a free connection (longest ${fixed(phase.longestWaitMs, 0)} ms)`);
    if (phase.failed > 0) out.push(`${name}: ${phase.failed} deliveries failed; first error: ${phase.firstError ?? '?'}`);
  }
  if (tips.unsent > 0) out.push(`tips: ${tips.unsent} deliveries were not sent: the run reached --max-minutes`);
  if (tips.done < tips.applied) out.push(`tips: ${tips.applied - tips.done} applied tips' alerts never reached the overlay`);
  return out.join('\n');
}

/** The last quarter's throughput over the first's: 1 when a channel does not slow down as it is tipped. */
export function quarterRatio(quarters: number[]): number {
  const first = quarters[0];
  const last = quarters[quarters.length - 1];
  return quarters.length === 4 && first !== undefined && last !== undefined && first > 0 ? last / first : Number.NaN;
}

/** The history measurement: the same tips on a new channel and on one with `pastTips` paid tips behind it. */
export interface HistoryResult {
  pastTips: number;
  rate: number;
  fresh: PhaseSummary;
  history: PhaseSummary;
}

export const historyRatios = (result: HistoryResult) => ({
  cpu: cpuEach(result.history.cpu, result.history.applied) / cpuEach(result.fresh.cpu, result.fresh.applied),
  ackP50: result.history.ack.p50 / result.fresh.ack.p50,
  alertP50: result.history.latency.p50 / result.fresh.latency.p50,
});

export function renderHistory(result: HistoryResult): string {
  const header = [
    'channel',
    'past paid tips',
    'tips',
    'applied',
    '200 p50 ms',
    '200 p95 ms',
    '200 p99 ms',
    'alert p50 ms',
    'alert p99 ms',
    'CPU ms each',
    'server CPU',
    'Postgres CPU',
    'bench CPU',
    'other CPU',
  ];
  const row = (label: string, past: number, s: PhaseSummary) => [
    label,
    String(past),
    String(s.deliveries),
    String(s.applied),
    fixed(s.ack.p50, 1),
    fixed(s.ack.p95, 1),
    fixed(s.ack.p99, 1),
    fixed(s.latency.p50, 1),
    fixed(s.latency.p99, 1),
    ...cpuCells(s.cpu, s.applied),
  ];
  const ratios = historyRatios(result);
  const out = [
    `History: paid tips at ${result.rate}/s on a new channel and on one with ${result.pastTips} past paid tips (same server, alternating halves)`,
    '',
    table(header, [row('new', 0, result.fresh), row('with history', result.pastTips, result.history)]),
    '',
    `with history ÷ new: CPU ms each ${fixedRatio(ratios.cpu)}, webhook → 200 p50 ${fixedRatio(ratios.ackP50)}, webhook → alert p50 ${fixedRatio(ratios.alertP50)}`,
  ];
  for (const [name, s] of [
    ['new', result.fresh],
    ['with history', result.history],
  ] as const) {
    if (s.failed > 0) out.push(`${name}: ${s.failed} deliveries failed; first error: ${s.firstError ?? '?'}`);
    if (s.done < s.applied) out.push(`${name}: ${s.applied - s.done} applied tips' alerts never reached the overlay`);
  }
  return out.join('\n');
}

/** One measured rate of a run, as the done-when table reads it. */
export interface RateResult {
  rate: number;
  channels: number;
  tips: PhaseSummary;
  /** Null with --skip-baseline. */
  baseline: PhaseSummary | null;
}

/** The issue's tip targets, from whatever this run measured; the rest say which run measures them. */
export function tipsGoals(history: HistoryResult | null, rates: RateResult[]): Goal[] {
  const goals: Goal[] = [];
  const historyHow = 'pnpm bench:tips --history';
  if (history) {
    const ratios = historyRatios(history);
    const how = `${history.pastTips} past tips; ${history.fresh.deliveries} + ${history.history.deliveries} tips at ${history.rate}/s`;
    const comparable = history.pastTips >= 100_000;
    goals.push(
      goal('paid tip, channel with 100,000 past tips ÷ new channel: CPU ms', ratios.cpu, { atMost: 1.5, format: times, how, comparable }),
      goal('paid tip, channel with 100,000 past tips ÷ new channel: webhook → 200 p50', ratios.ackP50, {
        atMost: 1.5,
        format: times,
        how,
        comparable,
      }),
    );
  } else {
    goals.push(
      notMeasured('paid tip, channel with 100,000 past tips ÷ new channel: CPU ms', '≤ ×1.50', historyHow),
      notMeasured('paid tip, channel with 100,000 past tips ÷ new channel: webhook → 200 p50', '≤ ×1.50', historyHow),
    );
  }

  const oneChannel = rates.filter((r) => r.channels === 1);
  const longest = [...oneChannel].sort((a, b) => b.tips.done - a.tips.done)[0];
  const longHow = 'pnpm bench:tips --tips 20000 --rate 150';
  const quarters = longest ? quarterRatio(longest.tips.donePerSecondByQuarter) : Number.NaN;
  goals.push(
    longest && Number.isFinite(quarters)
      ? goal('one channel, 20,000 tips: last quarter ÷ first quarter tips/s', quarters, {
          atLeast: 0.9,
          format: (v) => v.toFixed(2),
          how: `over ${longest.tips.done} tips at ${longest.rate}/s${longest.tips.done < 20_000 ? ` (not 20,000: ${longHow})` : ''}`,
          comparable: longest.tips.done >= 20_000,
        })
      : notMeasured('one channel, 20,000 tips: last quarter ÷ first quarter tips/s', '≥ 0.90', longHow),
  );

  const best = (runs: RateResult[]) => [...runs].sort((a, b) => b.tips.steadyDonePerSecond - a.tips.steadyDonePerSecond)[0];
  const single = best(oneChannel.filter((r) => r.rate >= 150));
  goals.push(
    single
      ? goal('one channel: paid tips/s sustained', Math.round(single.tips.steadyDonePerSecond), {
          atLeast: 150,
          format: (v) => v.toFixed(0),
          how: `steady done/s, ${single.tips.deliveries} tips offered at ${single.rate}/s`,
        })
      : notMeasured('one channel: paid tips/s sustained', '≥ 150', 'pnpm bench:tips --rate 150 --tips 3000'),
  );
  const node = best(rates.filter((r) => r.channels >= 8 && r.rate >= 300));
  goals.push(
    node
      ? goal('one server, 8 channels: paid tips/s sustained', Math.round(node.tips.steadyDonePerSecond), {
          atLeast: 300,
          format: (v) => v.toFixed(0),
          how: `steady done/s, ${node.tips.deliveries} tips offered at ${node.rate}/s over ${node.channels} channels`,
        })
      : notMeasured('one server, 8 channels: paid tips/s sustained', '≥ 300', 'pnpm bench:tips --channels 8 --rate 300 --tips 3000'),
  );

  let withBaseline = 0;
  for (const { rate, channels, tips, baseline } of rates) {
    if (!baseline) continue;
    withBaseline++;
    const tipCpu = cpuEach(tips.cpu, tips.applied);
    const baselineCpu = cpuEach(baseline.cpu, baseline.acked);
    goals.push(
      goal(`CPU per paid tip ÷ signed-webhook baseline, ${rate}/s on ${channels} channel(s)`, tipCpu / baselineCpu, {
        atMost: 2,
        format: times,
        how: `${fixed(tipCpu, 2)} ms ÷ ${fixed(baselineCpu, 2)} ms`,
      }),
    );
  }
  if (withBaseline === 0) {
    goals.push(notMeasured('CPU per paid tip ÷ signed-webhook baseline (server + Postgres)', '≤ ×2.00', 'pnpm bench:tips'));
  }

  const at50 = oneChannel.find((r) => r.rate === 50);
  goals.push(
    at50
      ? goal('one channel at 50 tips/s: webhook → overlay alert p99', at50.tips.latency.p99, {
          atMost: 150,
          format: (v) => `${v.toFixed(1)} ms`,
          target: '≤ 150 ms',
          how: `${at50.tips.done} alerts`,
        })
      : notMeasured('one channel at 50 tips/s: webhook → overlay alert p99', '≤ 150 ms', 'pnpm bench:tips --rate 50 --tips 1000'),
  );
  return goals;
}
