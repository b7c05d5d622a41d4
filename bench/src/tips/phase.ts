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
}

export interface PhaseRun {
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
  const sends = await sendPaced(deliveries.length, { rate: settings.rate, maxInFlight: settings.inFlight }, async (index) => {
    const delivery = deliveries[index];
    if (!delivery) throw new Error(`no delivery ${index}`);
    const { body, headers } = delivery.sign();
    const ack = await client.post(body, headers);
    for (const outcome of ack.outcomes) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    if (ack.outcomes.includes('applied')) appliedTips.add(delivery.tipId);
  });
  let lastEventMicros = Math.max(...Array.from(sends.finishedAt).filter(Number.isFinite), 0);
  if (overlays) {
    await drainAlerts(overlays, appliedTips, settings.drainSeconds);
    lastEventMicros = Math.max(lastEventMicros, overlays.lastArrivalMicros);
  }
  const after = await cpu.snapshot();
  const arrival = (arrivals: Map<string, number> | undefined) =>
    Float64Array.from(deliveries, (delivery) => arrivals?.get(delivery.tipId) ?? Number.NaN);
  return {
    deliveries: deliveries.length,
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
