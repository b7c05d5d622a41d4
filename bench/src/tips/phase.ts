import { nowMicros } from '../latency';
import { type CpuMeter, type CpuUse, cpuUse } from './cpu';
import type { Overlays } from './overlay';
import { type PacedSends, sendPaced } from './pace';
import type { PendingDelivery } from './stripe';
import type { WebhookClient } from './webhook-client';

export interface PhaseSettings {
  rate: number;
  inFlight: number;
  /** With overlays: wait for each applied tip's alert, giving up after this long without a new one. */
  drainSeconds: number;
  /** Start no delivery due after this (nowMicros clock); the rest count as unsent. */
  stopAtMicros?: number;
}

export interface PhaseRun {
  /** Deliveries started (the phase's list less the unsent ones). */
  deliveries: number;
  sends: PacedSends;
  /** What the server said it did with the deliveries' events, counted. */
  outcomes: Record<string, number>;
  /** When each delivery's alert (and tip.succeeded) reached its overlay, µs; NaN if it did not. */
  alertAt: Float64Array;
  tipSucceededAt: Float64Array;
  /** Tips the server applied, so whose alert was due. */
  applied: number;
  lastEventMicros: number;
  cpu: CpuUse;
}

/**
 * Delivers `deliveries` at a fixed rate and waits for what they cause: the acknowledgements
 * and, when `overlays` are given, each applied tip's alert on its channel's overlay.
 */
export async function runPhase(
  deliveries: PendingDelivery[],
  { client, overlays, cpu }: { client: WebhookClient; overlays: Overlays | null; cpu: CpuMeter },
  settings: PhaseSettings,
): Promise<PhaseRun> {
  const outcomes: Record<string, number> = {};
  const appliedTips = new Set<string>();
  const before = await cpu.snapshot();
  const sends = await sendPaced(
    deliveries.length,
    {
      rate: settings.rate,
      maxInFlight: settings.inFlight,
      ...(settings.stopAtMicros === undefined ? {} : { stopAtMicros: settings.stopAtMicros }),
    },
    async (index) => {
      const delivery = deliveries[index];
      if (!delivery) throw new Error(`no delivery ${index}`);
      const { body, headers } = delivery.sign();
      const ack = await client.post(body, headers);
      for (const outcome of ack.outcomes) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (ack.outcomes.includes('applied')) appliedTips.add(delivery.tipId);
    },
  );
  let lastEventMicros = Math.max(...Array.from(sends.finishedAt).filter(Number.isFinite), 0);
  if (overlays) {
    await drainAlerts(overlays, appliedTips, settings.drainSeconds);
    lastEventMicros = Math.max(lastEventMicros, overlays.lastArrivalMicros);
  }
  const after = await cpu.snapshot();
  const arrival = (arrivals: Map<string, number> | undefined) =>
    Float64Array.from(deliveries, (delivery) => arrivals?.get(delivery.tipId) ?? Number.NaN);
  return {
    deliveries: deliveries.length - sends.unsent,
    sends,
    outcomes,
    alertAt: arrival(overlays?.alertAt),
    tipSucceededAt: arrival(overlays?.tipSucceededAt),
    applied: appliedTips.size,
    lastEventMicros,
    cpu: cpuUse(before, after),
  };
}

/** Until every applied tip's alert has arrived, or none has for `drainSeconds`. */
async function drainAlerts(overlays: Overlays, applied: Set<string>, drainSeconds: number): Promise<void> {
  const missing = () => [...applied].filter((tipId) => !overlays.alertAt.has(tipId)).length;
  let left = missing();
  let progressAt = nowMicros();
  while (left > 0 && nowMicros() - progressAt < drainSeconds * 1e6) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = missing();
    if (now < left) progressAt = nowMicros();
    left = now;
  }
}

function concat(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((sum, a) => sum + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/**
 * Several phases of the same kind as one: their deliveries side by side, counts and CPU summed.
 * Latencies and CPU per tip of the whole stay right; rates over time do not (the phases ran
 * apart), so a merged run's done/s and quarters mean nothing.
 */
export function mergePhaseRuns(runs: PhaseRun[]): PhaseRun {
  const first = runs[0];
  if (!first) throw new Error('mergePhaseRuns: no runs');
  const sum = (pick: (run: PhaseRun) => number) => runs.reduce((total, run) => total + pick(run), 0);
  const outcomes: Record<string, number> = {};
  const errors: Record<string, number> = {};
  for (const run of runs) {
    for (const [key, n] of Object.entries(run.outcomes)) outcomes[key] = (outcomes[key] ?? 0) + n;
    for (const [key, n] of Object.entries(run.sends.errors)) errors[key] = (errors[key] ?? 0) + n;
  }
  return {
    deliveries: sum((run) => run.deliveries),
    sends: {
      startedAt: concat(runs.map((run) => run.sends.startedAt)),
      finishedAt: concat(runs.map((run) => run.sends.finishedAt)),
      late: sum((run) => run.sends.late),
      unsent: sum((run) => run.sends.unsent),
      longestWaitMicros: Math.max(...runs.map((run) => run.sends.longestWaitMicros)),
      failed: sum((run) => run.sends.failed),
      errors,
      firstError: runs.find((run) => run.sends.firstError !== null)?.sends.firstError ?? null,
    },
    outcomes,
    alertAt: concat(runs.map((run) => run.alertAt)),
    tipSucceededAt: concat(runs.map((run) => run.tipSucceededAt)),
    applied: sum((run) => run.applied),
    lastEventMicros: Math.max(...runs.map((run) => run.lastEventMicros)),
    cpu: {
      wallMicros: sum((run) => run.cpu.wallMicros),
      server: sum((run) => run.cpu.server),
      database: sum((run) => run.cpu.database),
      bench: sum((run) => run.cpu.bench),
      other: sum((run) => run.cpu.other),
    },
  };
}
