import { HttpError } from './http';
import { nowMicros, stampText } from './latency';

export interface SendResult {
  attempted: number;
  ok: number;
  failed: number;
  /** Sends not even started because `maxInFlight` were still waiting: the server fell behind. */
  skipped: number;
  /** Failures by error code. */
  errors: Record<string, number>;
  firstError: string | null;
  /** How long each successful send request took, µs (the API's answer, before any fan-out reached a client). */
  requestMicros: number[];
  startedAtMicros: number;
  endedAtMicros: number;
}

/**
 * Sends `rate` messages a second for `seconds` on a fixed schedule (an open loop: a slow server
 * does not slow the sender down, it only makes requests pile up, at most `maxInFlight`). Every
 * text carries its send time.
 */
export async function sendAtRate(
  send: (text: string, index: number) => Promise<void>,
  { rate, seconds, maxInFlight = 200 }: { rate: number; seconds: number; maxInFlight?: number },
): Promise<SendResult> {
  const total = Math.max(1, Math.round(rate * seconds));
  const intervalMicros = 1e6 / rate;
  const result: SendResult = {
    attempted: 0,
    ok: 0,
    failed: 0,
    skipped: 0,
    errors: {},
    firstError: null,
    requestMicros: [],
    startedAtMicros: nowMicros(),
    endedAtMicros: 0,
  };
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < total; i++) {
    const due = result.startedAtMicros + i * intervalMicros;
    const wait = (due - nowMicros()) / 1000;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (inFlight.size >= maxInFlight) {
      result.skipped++;
      continue;
    }
    result.attempted++;
    const at = nowMicros();
    const sent = send(stampText(i, at), i).then(
      () => {
        result.ok++;
        result.requestMicros.push(nowMicros() - at);
      },
      (error: unknown) => {
        result.failed++;
        const code = error instanceof HttpError ? error.code : error instanceof Error ? error.name : 'ERROR';
        result.errors[code] = (result.errors[code] ?? 0) + 1;
        result.firstError ??= error instanceof Error ? error.message : String(error);
      },
    );
    const tracked = sent.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }
  await Promise.all(inFlight);
  result.endedAtMicros = nowMicros();
  return result;
}
