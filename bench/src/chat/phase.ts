import { Histogram, nowMicros } from '../latency';
import type { Child } from '../rpc';
import { type CpuMeter, type CpuUse, cpuUse } from '../tips/cpu';
import { type PacedSends, sendPaced } from '../tips/pace';
import type { ChatPath } from './options';
import type { ReceiversReport } from './receivers';
import type { ChatRestClient } from './rest-client';
import type { Guest } from './setup';
import { leadBlocks, type SocketSenderStats, SocketSenders } from './socket-senders';

export interface ChatPhaseSettings {
  path: ChatPath;
  /** Offered messages per second. */
  rate: number;
  /** Messages in the phase (rate × seconds). */
  count: number;
  inFlight: number;
  drainSeconds: number;
  /** Starts every text of the phase, so receivers count this phase's messages only, e.g. "[p3]". */
  tag: string;
  /** Socket path: messages per sender socket, and how early it connects. */
  blockSize: number;
  leadMs: number;
}

export interface ChatPhaseContext {
  baseUrl: string;
  slug: string;
  guests: Guest[];
  rest: ChatRestClient;
  receivers: Child;
  /** Receivers connected when the phase started: each accepted message is due to each of them. */
  receiverCount: number;
  cpu: CpuMeter;
}

export interface ChatPhaseRun {
  path: ChatPath;
  rate: number;
  count: number;
  receiverCount: number;
  sends: PacedSends;
  report: ReceiversReport;
  cpu: CpuUse;
  /** The receivers process's CPU over the phase, µs (it is not the bench process, so `cpu.other` holds it too). */
  receiversCpuMicros: number;
  senders: SocketSenderStats | null;
  /** When the phase's last send started, µs: the flood limits count from there. */
  lastSendMicros: number;
}

/** A chat text carrying its phase tag and its send time (see readStamp): plain words, no links, well under any length limit. */
export function chatText(tag: string, index: number, sentAtMicros: number): string {
  return `${tag} bench message #${index} ~t${sentAtMicros}~`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One measured phase: `count` messages at `rate` a second over one path (an open loop, at most
 * `inFlight` open), then a wait until every accepted message reached every receiver or none
 * arrived for `drainSeconds` (60 s at most).
 */
export async function runChatPhase(context: ChatPhaseContext, settings: ChatPhaseSettings): Promise<ChatPhaseRun> {
  const { guests, rest, receivers } = context;
  const senders =
    settings.path === 'socket'
      ? new SocketSenders(context.baseUrl, context.slug, guests, settings.count, {
          blockSize: settings.blockSize,
          leadBlocks: leadBlocks(settings.leadMs, settings.rate, settings.blockSize),
          ackTimeoutMs: 30_000,
          connectTimeoutMs: 20_000,
        })
      : null;
  await senders?.prime();
  await receivers.call('reset', { tag: settings.tag });
  const before = await context.cpu.snapshot();
  let lastSendMicros = 0;
  const sends = await sendPaced(settings.count, { rate: settings.rate, maxInFlight: settings.inFlight }, async (index) => {
    lastSendMicros = nowMicros();
    if (senders) return senders.send(index, (at) => chatText(settings.tag, index, at));
    const guest = guests[index % guests.length];
    if (!guest) throw new Error('chat bench: no guests');
    return rest.send(chatText(settings.tag, index, nowMicros()), guest);
  });
  const senderStats = senders?.close() ?? null;

  const accepted = Array.from(sends.finishedAt).filter(Number.isFinite).length;
  const expected = accepted * context.receiverCount;
  let report = await receivers.call<ReceiversReport>('report');
  let progressAt = nowMicros();
  const drainEnd = nowMicros() + 60e6;
  while (report.deliveries < expected && nowMicros() - progressAt < settings.drainSeconds * 1e6 && nowMicros() < drainEnd) {
    await sleep(100);
    const next = await receivers.call<ReceiversReport>('report');
    if (next.deliveries > report.deliveries) progressAt = nowMicros();
    report = next;
  }
  const after = await context.cpu.snapshot();
  report = await receivers.call<ReceiversReport>('report');
  const cpu = cpuUse(before, after);
  return {
    path: settings.path,
    rate: settings.rate,
    count: settings.count,
    receiverCount: context.receiverCount,
    sends,
    report,
    cpu: { ...cpu, other: Math.max(0, cpu.other - report.cpuMicros) },
    receiversCpuMicros: report.cpuMicros,
    senders: senderStats,
    lastSendMicros,
  };
}

/** The receivers' latency histogram of a phase. */
export function deliveryHistogram(report: ReceiversReport): Histogram {
  const histogram = new Histogram();
  histogram.merge(report.histogram);
  return histogram;
}
