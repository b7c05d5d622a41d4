import { quantile } from '../latency';

/** Latency percentiles in milliseconds, nearest-rank over every sample (no histogram: a run has thousands, not millions). */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarizeLatency(samplesMicros: Iterable<number>): LatencySummary {
  const sorted = [...samplesMicros].filter(Number.isFinite).sort((a, b) => a - b);
  const ms = (q: number) => quantile(sorted, q) / 1000;
  return { count: sorted.length, p50: ms(0.5), p95: ms(0.95), p99: ms(0.99), max: ms(1) };
}

/**
 * Events per second from `count` events between `fromMicros` and `toMicros`. The window is the
 * first send to the last completion, so a server that falls behind the schedule shows a lower
 * rate than was offered.
 */
export function perSecond(count: number, fromMicros: number, toMicros: number): number {
  const seconds = (toMicros - fromMicros) / 1e6;
  return count > 0 && seconds > 0 ? count / seconds : Number.NaN;
}

/** The differences `end[i] - start[i]` where both exist. */
export function spans(start: ArrayLike<number>, end: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < start.length; i++) {
    const span = (end[i] ?? Number.NaN) - (start[i] ?? Number.NaN);
    if (Number.isFinite(span)) out.push(span);
  }
  return out;
}

/**
 * Completions per second in the steady part of a run: between the completion at 10% and the one
 * at 90% of them (in time order), so neither the start (nothing done yet) nor the drain (the
 * last ones' latency) counts. A server that keeps up shows the offered rate; one that falls
 * behind shows what it processes. NaN with fewer than 10 completions.
 */
export function steadyPerSecond(doneAt: ArrayLike<number>): number {
  const done = Array.from(doneAt)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (done.length < 10) return Number.NaN;
  const from = Math.floor(done.length * 0.1);
  const to = Math.ceil(done.length * 0.9) - 1;
  return perSecond(to - from, done[from] ?? Number.NaN, done[to] ?? Number.NaN);
}
