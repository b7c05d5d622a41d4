import { type Goal, goal, notMeasured, renderGoals } from '../done-when';
import { fixed, percentOfCore, table } from '../table';
import type { CpuUse } from '../tips/cpu';
import { type LatencySummary, spans, steadyPerSecond, summarizeLatency } from '../tips/stats';
import type { ChatPath } from './options';
import { type ChatPhaseRun, deliveryHistogram } from './phase';
import type { SocketSenderStats } from './socket-senders';

/** One phase reduced to what the report prints. */
export interface ChatPhaseSummary {
  path: ChatPath;
  rate: number;
  /** Messages the schedule had. */
  offered: number;
  /** Answered: 201 (REST) or an ok ack (socket). */
  accepted: number;
  /** Refused or failed sends, by code (RATE_LIMITED, TIMEOUT, …). */
  refused: Record<string, number>;
  firstError: string | null;
  /** Accepted per second in the steady part of the phase (between 10% and 90% of the answers). */
  acceptedPerSecond: number;
  /** Send → answer, ms. */
  ack: LatencySummary;
  /** Send → delivery to a receiver, ms, from 1% buckets. */
  delivery: { p50: number; p95: number; p99: number };
  deliveries: number;
  /** Deliveries due: accepted × receivers. */
  expected: number;
  receivers: number;
  /** Server and Postgres CPU per accepted message, ms. */
  cpuMsPerMessage: number;
  cpu: CpuUse;
  receiversCpuMicros: number;
  /** Sends due while `in-flight` were still open: they started late. */
  late: number;
  senders: SocketSenderStats | null;
}

export function summarizeChatPhase(run: ChatPhaseRun): ChatPhaseSummary {
  const { startedAt, finishedAt } = run.sends;
  const accepted = Array.from(finishedAt).filter(Number.isFinite).length;
  const histogram = deliveryHistogram(run.report);
  const ms = (q: number) => histogram.quantile(q) / 1000;
  return {
    path: run.path,
    rate: run.rate,
    offered: run.count,
    accepted,
    refused: run.sends.errors,
    firstError: run.sends.firstError,
    acceptedPerSecond: steadyPerSecond(finishedAt),
    ack: summarizeLatency(spans(startedAt, finishedAt)),
    delivery: { p50: ms(0.5), p95: ms(0.95), p99: ms(0.99) },
    deliveries: run.report.deliveries,
    expected: accepted * run.receiverCount,
    receivers: run.receiverCount,
    cpuMsPerMessage: accepted > 0 ? (run.cpu.server + run.cpu.database) / 1000 / accepted : Number.NaN,
    cpu: run.cpu,
    receiversCpuMicros: run.receiversCpuMicros,
    late: run.sends.late,
    senders: run.senders,
  };
}

const refusedCount = (s: ChatPhaseSummary) => Object.values(s.refused).reduce((sum, n) => sum + n, 0);

/** Every phase in one Markdown table, then what went wrong or needs saying, one line each. */
export function renderChatPhases(summaries: ChatPhaseSummary[]): string {
  const header = [
    'path',
    'offered/s',
    'sent',
    'accepted',
    'refused',
    'accepted/s',
    'ack p50 ms',
    'ack p99 ms',
    'delivery p50 ms',
    'p95 ms',
    'p99 ms',
    'delivered',
    'CPU ms/msg',
    'server CPU',
    'Postgres CPU',
    'bench CPU',
    'receivers CPU',
    'other CPU',
  ];
  const rows = summaries.map((s) => [
    s.path,
    fixed(s.rate, 0),
    String(s.offered),
    String(s.accepted),
    String(refusedCount(s)),
    fixed(s.acceptedPerSecond, 0),
    fixed(s.ack.p50, 1),
    fixed(s.ack.p99, 1),
    fixed(s.delivery.p50, 1),
    fixed(s.delivery.p95, 1),
    fixed(s.delivery.p99, 1),
    s.expected > 0 ? `${fixed((100 * s.deliveries) / s.expected, 1)}%` : '–',
    fixed(s.cpuMsPerMessage, 2),
    percentOfCore(s.cpu.server, s.cpu),
    percentOfCore(s.cpu.database, s.cpu),
    percentOfCore(s.cpu.bench, s.cpu),
    percentOfCore(s.receiversCpuMicros, s.cpu),
    percentOfCore(s.cpu.other, s.cpu),
  ]);
  const notes: string[] = [];
  for (const s of summaries) {
    const at = `${s.path} at ${fixed(s.rate, 0)}/s`;
    const refused = Object.entries(s.refused).map(([code, n]) => `${n} ${code}`);
    if (refused.length > 0) notes.push(`${at}: refused ${refused.join(', ')}; first: ${s.firstError ?? '?'}`);
    if (s.late > 0) notes.push(`${at}: ${s.late} sends waited for one of the in-flight slots (the server was behind)`);
    if (s.acceptedPerSecond < 0.95 * s.rate)
      notes.push(`${at}: the server did not keep up (it accepted ${fixed(s.acceptedPerSecond, 0)}/s)`);
    if (s.senders) {
      notes.push(
        `${at}: sender sockets ${s.senders.connects} (one per ${Math.round(s.offered / Math.max(1, s.senders.connects))} messages), ` +
          `online at once ${fixed(s.senders.averageOnline, 1)} on average, ${s.senders.maxOnline} at most; ` +
          `${s.senders.lateConnects} sends waited for their socket; ${s.senders.connectFailures} failed to connect`,
      );
    }
  }
  return [table(header, rows), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

/** The chat targets: at 500 messages/s offered on one channel with 50 receivers. */
export function chatGoals(summaries: ChatPhaseSummary[]): Goal[] {
  const goals: Goal[] = [];
  for (const path of ['rest', 'socket'] as const) {
    const label = path === 'rest' ? 'REST' : 'socket chat:send';
    const at500 = summaries.find((s) => s.path === path && s.rate === 500);
    const command = `pnpm bench:chat --rate 500 --paths ${path}`;
    if (!at500) {
      goals.push(notMeasured(`one channel, ${label}: messages accepted/s at 500/s offered`, '≥ 500', command));
      goals.push(notMeasured(`one channel, ${label}: send → delivery p99 at 500/s`, '≤ 250 ms', command));
      continue;
    }
    const how = `${at500.offered} msgs at 500/s, ${at500.receivers} receivers; ${refusedCount(at500)} refused`;
    const fiftyClients = at500.receivers === 50;
    goals.push(
      goal(`one channel, ${label}: messages accepted/s at 500/s offered`, Math.round(at500.acceptedPerSecond), {
        atLeast: 500,
        format: (v) => fixed(v, 0),
        how,
        comparable: fiftyClients,
      }),
      goal(`one channel, ${label}: send → delivery p99 at 500/s`, at500.delivery.p99, {
        atMost: 250,
        format: (v) => `${fixed(v, 1)} ms`,
        target: '≤ 250 ms',
        how,
        comparable: fiftyClients,
      }),
    );
  }
  return goals;
}

export const renderChatGoals = (summaries: ChatPhaseSummary[]) =>
  renderGoals('Done when (issue 11, chat on one channel)', chatGoals(summaries));
