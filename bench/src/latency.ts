/**
 * End-to-end latency: the sender writes the send time into the message text, and whoever
 * receives the message subtracts it from its own clock. process.hrtime is CLOCK_MONOTONIC on
 * Linux, one clock for every process of the machine, so sender and receivers may be different
 * processes.
 */
export function nowMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

const MARK = '~t';
const END = '~';

/** Plain text (no links, no control characters) that passes any chat filter. */
export function stampText(seq: number, sentAtMicros: number = nowMicros()): string {
  return `fanout #${seq} ${MARK}${sentAtMicros}${END}`;
}

/**
 * The send time stamped into a frame, read without parsing the frame: a receiver handles
 * thousands of frames a second and only needs this number. -1 when the frame has no stamp.
 */
export function readStamp(frame: Buffer | string): number {
  const at = frame.indexOf(MARK);
  if (at === -1) return -1;
  let value = 0;
  for (let i = at + MARK.length; i < frame.length; i++) {
    const c = typeof frame === 'string' ? frame.charCodeAt(i) : frame[i];
    if (c === undefined || c < 48 || c > 57) return c === END.charCodeAt(0) ? value : -1;
    value = value * 10 + (c - 48);
  }
  return -1;
}

/** Log buckets 1% wide from 1 µs to ~30 min: small enough to ship between processes, precise enough for percentiles. */
const GROWTH = 1.01;
const BUCKETS = 2_200;
const LOG_GROWTH = Math.log(GROWTH);

export class Histogram {
  readonly counts = new Uint32Array(BUCKETS);
  total = 0;

  record(micros: number): void {
    const index = micros <= 1 ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(micros) / LOG_GROWTH));
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.total++;
  }

  /** The value at quantile q (0..1), in microseconds; NaN when empty. */
  quantile(q: number): number {
    if (this.total === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return GROWTH ** i;
    }
    return GROWTH ** (BUCKETS - 1);
  }

  merge(other: SparseHistogram): void {
    for (const [index, count] of other) {
      this.counts[index] = (this.counts[index] ?? 0) + count;
      this.total += count;
    }
  }

  /** Non-empty buckets only, for IPC. */
  sparse(): SparseHistogram {
    const out: SparseHistogram = [];
    this.counts.forEach((count, index) => {
      if (count > 0) out.push([index, count]);
    });
    return out;
  }
}

export type SparseHistogram = Array<[index: number, count: number]>;

/** Exact quantile of a small sample (the probes'), nearest-rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const mid = finite.length >> 1;
  return finite.length % 2 ? (finite[mid] ?? Number.NaN) : ((finite[mid - 1] ?? 0) + (finite[mid] ?? 0)) / 2;
}
