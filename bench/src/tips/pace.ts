import { nowMicros } from '../latency';

/** When the i-th of a fixed-rate schedule is due, µs after its start. */
export function dueOffsetMicros(index: number, ratePerSecond: number): number {
  return (index * 1e6) / ratePerSecond;
}

export interface PacedSends {
  /** When each send started, µs (NaN if it was never started). */
  startedAt: Float64Array;
  /** When each send finished without an error, µs (NaN if it failed). */
  finishedAt: Float64Array;
  /** Sends that were due while `maxInFlight` were still open, and so started late. */
  late: number;
  /** Sends never started: they were due after `stopAtMicros`. */
  unsent: number;
  /** The longest such wait, µs. */
  longestWaitMicros: number;
  failed: number;
  /** Failures by what the send threw (its `code` when it has one). */
  errors: Record<string, number>;
  firstError: string | null;
}

/** `count` sends of which none has started yet: where a paced run starts counting. */
export function noSendsYet(count: number): PacedSends {
  return {
    startedAt: new Float64Array(count).fill(Number.NaN),
    finishedAt: new Float64Array(count).fill(Number.NaN),
    late: 0,
    unsent: 0,
    longestWaitMicros: 0,
    failed: 0,
    errors: {},
    firstError: null,
  };
}

/**
 * Starts `send(0)`, `send(1)`, … on a fixed schedule of `rate` a second: an open loop, so a
 * slow server does not slow the sender down and its backlog shows as latency. At most
 * `maxInFlight` sends are open at once, as a webhook sender keeps a bounded number of
 * connections; a send due while all are busy starts as soon as one finishes, and is counted late.
 * Sends due after `stopAtMicros` (nowMicros clock) are not started: a bound on a long run.
 */
export async function sendPaced(
  count: number,
  { rate, maxInFlight, stopAtMicros = Number.POSITIVE_INFINITY }: { rate: number; maxInFlight: number; stopAtMicros?: number },
  send: (index: number) => Promise<void>,
): Promise<PacedSends> {
  const result = noSendsYet(count);
  const open = new Set<Promise<void>>();
  const origin = nowMicros();
  for (let index = 0; index < count; index++) {
    const due = origin + dueOffsetMicros(index, rate);
    if (due > stopAtMicros || nowMicros() > stopAtMicros) {
      result.unsent = count - index;
      break;
    }
    const wait = (due - nowMicros()) / 1000;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (open.size >= maxInFlight) {
      while (open.size >= maxInFlight) await Promise.race(open);
      result.late++;
      result.longestWaitMicros = Math.max(result.longestWaitMicros, nowMicros() - due);
    }
    result.startedAt[index] = nowMicros();
    const running = send(index).then(
      () => {
        result.finishedAt[index] = nowMicros();
      },
      (error: unknown) => {
        result.failed++;
        const code = errorCode(error);
        result.errors[code] = (result.errors[code] ?? 0) + 1;
        result.firstError ??= error instanceof Error ? error.message : String(error);
      },
    );
    const tracked = running.finally(() => open.delete(tracked));
    open.add(tracked);
  }
  await Promise.all(open);
  return result;
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : 'ERROR';
}
