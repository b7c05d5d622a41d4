import type { ArmName } from './arms';
import { median } from './latency';
import type { ArmRun } from './run-arm';
import { fixed, table } from './table';

/** The medians over repetitions of one arm at one N. */
export interface ArmSummary {
  arm: ArmName;
  runs: number;
  requestP50: number;
  p50: number;
  p95: number;
  p99: number;
  allP99: number;
  deliveriesPerSecond: number;
  deliveredShare: number;
  cpuPerDelivery: number;
  databaseCpuPerDelivery: number;
  serverCpuPercent: number;
  loadCpuPercent: number;
  otherCpuPercent: number;
  rssPerConnectionKB: number;
  heapPerConnectionKB: number;
  sendFailures: number;
  firstError: string | null;
}

export function summarize(arm: ArmName, runs: ArmRun[]): ArmSummary {
  const m = (pick: (r: ArmRun) => number) => median(runs.map(pick));
  return {
    arm,
    runs: runs.length,
    requestP50: m((r) => r.requestP50),
    p50: m((r) => r.probe.p50),
    p95: m((r) => r.probe.p95),
    p99: m((r) => r.probe.p99),
    allP99: m((r) => r.all.p99),
    deliveriesPerSecond: m((r) => r.deliveriesPerSecond),
    deliveredShare: m((r) => (r.expected > 0 ? r.delivered / r.expected : 0)),
    cpuPerDelivery: m((r) => r.serverCpuMicrosPerDelivery),
    databaseCpuPerDelivery: m((r) => r.databaseCpuMicrosPerDelivery),
    serverCpuPercent: m((r) => r.serverCpuPercent),
    loadCpuPercent: m((r) => r.loadCpuPercent),
    otherCpuPercent: m((r) => r.otherCpuPercent),
    rssPerConnectionKB: m((r) => r.rssPerConnectionKB),
    heapPerConnectionKB: m((r) => r.heapPerConnectionKB),
    sendFailures: runs.reduce((sum, r) => sum + r.sent.failed + r.sent.skipped, 0),
    firstError: runs.find((r) => r.sent.firstError)?.sent.firstError ?? null,
  };
}

const ratio = (a: number, b: number) =>
  Number.isFinite(a) && Number.isFinite(b) && a > 0 && b > 0 ? `×${(a / b).toFixed(a / b >= 10 ? 0 : 1)}` : '–';

/** A Markdown table per N: the arms' medians, then tipchat's ratios to each baseline. */
export function renderN(clients: number, summaries: ArmSummary[]): string {
  const header = [
    'arm',
    'send ms',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'all p99 ms',
    'deliveries/s',
    'delivered',
    'CPU µs/delivery',
    'server CPU',
    'load CPU',
    'other CPU',
    'RSS KB/conn',
    'heap KB/conn',
  ];
  const rows = summaries.map((s) => [
    s.arm,
    fixed(s.requestP50, 1),
    fixed(s.p50, 1),
    fixed(s.p95, 1),
    fixed(s.p99, 1),
    fixed(s.allP99, 1),
    fixed(s.deliveriesPerSecond, 0),
    `${fixed(100 * s.deliveredShare, 1)}%`,
    fixed(s.cpuPerDelivery, 2),
    `${fixed(s.serverCpuPercent, 0)}%`,
    `${fixed(s.loadCpuPercent, 0)}%`,
    `${fixed(s.otherCpuPercent, 0)}%`,
    fixed(s.rssPerConnectionKB, 1),
    fixed(s.heapPerConnectionKB, 1),
  ]);
  const out = [`N = ${clients} clients (medians of ${Math.max(...summaries.map((s) => s.runs))} runs)`, '', table(header, rows)];
  const tipchat = summaries.find((s) => s.arm === 'tipchat');
  const baselines = summaries.filter((s) => s.arm !== 'tipchat');
  if (tipchat && baselines.length > 0) {
    out.push(
      '',
      table(
        ['tipchat ÷', 'p50', 'p95', 'p99', 'deliveries/s', 'CPU/delivery', 'RSS/conn'],
        baselines.map((b) => [
          b.arm,
          ratio(tipchat.p50, b.p50),
          ratio(tipchat.p95, b.p95),
          ratio(tipchat.p99, b.p99),
          ratio(tipchat.deliveriesPerSecond, b.deliveriesPerSecond),
          ratio(tipchat.cpuPerDelivery, b.cpuPerDelivery),
          ratio(tipchat.rssPerConnectionKB, b.rssPerConnectionKB),
        ]),
      ),
    );
  }
  for (const s of summaries) {
    if (s.databaseCpuPerDelivery > 0)
      out.push('', `${s.arm}: CPU/delivery includes ${fixed(s.databaseCpuPerDelivery, 2)} µs in Postgres backends.`);
  }
  const failing = summaries.filter((s) => s.sendFailures > 0);
  for (const s of failing)
    out.push('', `${s.arm}: ${s.sendFailures} sends failed or skipped; first error: ${s.firstError ?? 'skipped (too many in flight)'}`);
  return out.join('\n');
}
