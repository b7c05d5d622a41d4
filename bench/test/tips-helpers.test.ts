import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_ADMIN_URL, parseTipsOptions } from '../src/tips/options';
import { dueOffsetMicros, noSendsYet, sendPaced } from '../src/tips/pace';
import { mergePhaseRuns, type PhaseRun } from '../src/tips/phase';
import {
  type HistoryResult,
  quarterRatio,
  type RateResult,
  ratesByQuarter,
  renderHistory,
  renderRate,
  summarizeParts,
  summarizePhase,
  tipsGoals,
} from '../src/tips/report';
import { perSecond, spans, steadyPerSecond, summarizeLatency } from '../src/tips/stats';
import { paymentIdOfClientSecret } from '../src/tips/stripe';

describe('latency summaries', () => {
  it('gives nearest-rank percentiles in milliseconds from microsecond samples', () => {
    const micros = Array.from({ length: 100 }, (_, i) => (100 - i) * 1000);
    expect(summarizeLatency(micros)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('leaves out samples that never completed, and is NaN with nothing to summarize', () => {
    expect(summarizeLatency([2000, Number.NaN, 4000])).toEqual({ count: 2, p50: 2, p95: 4, p99: 4, max: 4 });
    const empty = summarizeLatency([Number.NaN]);
    expect(empty.count).toBe(0);
    expect(empty.p50).toBeNaN();
  });

  it('pairs starts and ends, skipping the pairs with a missing side', () => {
    expect(spans([10, 20, Number.NaN, 40], [15, Number.NaN, 35, 47])).toEqual([5, 7]);
  });

  it('counts per second over the window, and has no rate for an empty window', () => {
    expect(perSecond(100, 1_000_000, 3_000_000)).toBe(50);
    expect(perSecond(0, 0, 1_000_000)).toBeNaN();
    expect(perSecond(5, 7, 7)).toBeNaN();
  });
});

describe('the fixed-rate schedule', () => {
  it('spaces sends by 1/rate', () => {
    expect([0, 1, 2, 200].map((i) => dueOffsetMicros(i, 200))).toEqual([0, 5_000, 10_000, 1_000_000]);
  });

  it('never has more than maxInFlight sends open, starts every send once and counts the ones that had to wait', async () => {
    const release: Array<() => void> = [];
    let open = 0;
    let most = 0;
    const started: number[] = [];
    const run = sendPaced(10, { rate: 1e9, maxInFlight: 3 }, (index) => {
      started.push(index);
      open++;
      most = Math.max(most, open);
      return new Promise<void>((resolve) =>
        release.push(() => {
          open--;
          resolve();
        }),
      );
    });
    for (let finished = 0; finished < 10; finished++) {
      await vi.waitFor(() => expect(release.length).toBeGreaterThan(0));
      release.shift()?.();
    }
    const result = await run;
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(3);
    expect(result.late).toBeGreaterThanOrEqual(1);
    expect(result.failed).toBe(0);
    expect([...result.startedAt].every(Number.isFinite)).toBe(true);
    expect([...result.finishedAt].every(Number.isFinite)).toBe(true);
  });

  it('counts failures by their code and keeps the first message; a failed send has no finish time', async () => {
    const refused = (code: string) => Object.assign(new Error(`refused with ${code}`), { code });
    const result = await sendPaced(4, { rate: 1e9, maxInFlight: 4 }, async (index) => {
      if (index === 1) throw refused('WEBHOOK_SIGNATURE_INVALID');
      if (index === 3) throw new TypeError('socket hang up');
    });
    expect(result.failed).toBe(2);
    expect(result.errors).toEqual({ WEBHOOK_SIGNATURE_INVALID: 1, TypeError: 1 });
    expect(result.firstError).toBe('refused with WEBHOOK_SIGNATURE_INVALID');
    expect([...result.finishedAt].map(Number.isFinite)).toEqual([true, false, true, false]);
  });
});

describe('completions per second by quarter', () => {
  it('splits the completions in four, in the order they happened, the first quarter counted from the first send', () => {
    const seconds = [4, 1, 2, 3, 6, 8, 12, 16].map((s) => s * 1e6);
    expect(ratesByQuarter(0, seconds)).toEqual([1, 1, 0.5, 0.25]);
  });

  it('has no quarters with fewer than four completions', () => {
    expect(ratesByQuarter(0, [1e6, 2e6, Number.NaN])).toEqual([]);
  });
});

describe('a phase summary', () => {
  const run: PhaseRun = {
    deliveries: 4,
    sends: {
      startedAt: Float64Array.from([0, 100_000, 200_000, 300_000]),
      finishedAt: Float64Array.from([10_000, 120_000, 230_000, Number.NaN]),
      late: 0,
      unsent: 0,
      longestWaitMicros: 0,
      failed: 1,
      errors: { TIMEOUT: 1 },
      firstError: 'no answer',
    },
    outcomes: { applied: 3 },
    alertAt: Float64Array.from([50_000, 160_000, 400_000, Number.NaN]),
    tipSucceededAt: Float64Array.from([40_000, 150_000, 390_000, Number.NaN]),
    applied: 3,
    lastEventMicros: 400_000,
    cpu: { wallMicros: 400_000, server: 20_000, database: 10_000, bench: 4_000, other: 0 },
  };

  it('measures tips to their alert, and the rate from the first send to the last alert', () => {
    const tips = summarizePhase(run, { untilAlert: true });
    expect(tips).toMatchObject({ deliveries: 4, acked: 3, failed: 1, done: 3, applied: 3 });
    expect(tips.latency).toEqual({ count: 3, p50: 60, p95: 200, p99: 200, max: 200 });
    expect(tips.ack).toEqual({ count: 3, p50: 20, p95: 30, p99: 30, max: 30 });
    expect(tips.donePerSecond).toBeCloseTo(7.5);
    expect(tips.sentPerSecond).toBe(10);
  });

  it('measures the baseline to its acknowledgement', () => {
    const baseline = summarizePhase({ ...run, alertAt: new Float64Array(4).fill(Number.NaN) }, { untilAlert: false });
    expect(baseline.latency).toEqual(baseline.ack);
    expect(baseline.tipEvent).toBeNull();
    expect(baseline.donePerSecond).toBeCloseTo(3 / 0.23);
  });

  it('renders a table with the CPU per tip of server and Postgres, and says what went wrong', () => {
    const text = renderRate(200, summarizePhase(run, { untilAlert: true }), summarizePhase(run, { untilAlert: false }));
    expect(text).toContain('| tip: webhook → alert at overlay |');
    expect(text).toContain('10.00');
    expect(text).toContain('tips: 1 deliveries failed; first error: no answer');
    expect(text).toContain('the server did not keep up with 200/s');
  });
});

describe('bench:tips options', () => {
  it('has defaults that run in about a minute, and the admin URL of a local Postgres', () => {
    expect(parseTipsOptions([], {})).toEqual({
      tips: 1000,
      rates: [200],
      inFlight: 64,
      channels: 1,
      warmup: 2000,
      setupConcurrency: 8,
      drainSeconds: 10,
      adminUrl: DEFAULT_ADMIN_URL,
      history: false,
      pastTips: 100_000,
      historyTips: 300,
      historyRate: 20,
      maxMinutes: 15,
      skipBaseline: false,
    });
  });

  it('takes count and rate from the environment, and flags over both', () => {
    const env = { BENCH_TIPS: '500', BENCH_RATE: '50', DATABASE_URL: 'postgres://admin@db:5432/postgres' };
    expect(parseTipsOptions([], env)).toMatchObject({ tips: 500, rates: [50], adminUrl: 'postgres://admin@db:5432/postgres' });
    expect(parseTipsOptions(['--tips', '100', '--rate', '100,400'], env)).toMatchObject({ tips: 100, rates: [100, 400] });
  });

  it('refuses a rate that is not a positive number, and answers --help with null', () => {
    expect(() => parseTipsOptions(['--rate', '0'], {})).toThrow('--rate must be a positive number');
    expect(() => parseTipsOptions(['--tips', 'many'], {})).toThrow('--tips');
    expect(parseTipsOptions(['--help'], {})).toBeNull();
  });
});

describe('PaymentIntent ids', () => {
  it('are read from the client secret the browser gets', () => {
    expect(paymentIdOfClientSecret('pi_3abc123_secret_XyZ')).toBe('pi_3abc123');
    expect(() => paymentIdOfClientSecret('seti_1_secret_2')).toThrow('not a PaymentIntent client secret');
  });
});

describe('throughput helpers', () => {
  it('measures the steady rate between 10% and 90% of the completions, and has none with fewer than ten', () => {
    // 100 completions 10 ms apart, then a long drain for the last one.
    const done = Array.from({ length: 100 }, (_, i) => (i === 99 ? 60e6 : i * 10_000));
    expect(steadyPerSecond(done)).toBeCloseTo(100);
    expect(steadyPerSecond([1, 2, 3])).toBeNaN();
  });

  it('gives the last quarter over the first', () => {
    expect(quarterRatio([100, 90, 80, 50])).toBe(0.5);
    expect(quarterRatio([])).toBeNaN();
  });

  it('stops starting sends due after the stop time and counts them as unsent', async () => {
    const started: number[] = [];
    const result = await sendPaced(10, { rate: 1e9, maxInFlight: 10, stopAtMicros: 0 }, async (index) => {
      started.push(index);
    });
    expect(started).toEqual([]);
    expect(result.unsent).toBe(10);
  });
});

function phase(tips: number, cpuMicros: number, ackMicros: number): PhaseRun {
  return {
    deliveries: tips,
    sends: {
      ...noSendsYet(tips),
      startedAt: Float64Array.from({ length: tips }, (_, i) => i * 50_000),
      finishedAt: Float64Array.from({ length: tips }, (_, i) => i * 50_000 + ackMicros),
    },
    outcomes: { applied: tips },
    alertAt: Float64Array.from({ length: tips }, (_, i) => i * 50_000 + ackMicros + 2_000),
    tipSucceededAt: Float64Array.from({ length: tips }, (_, i) => i * 50_000 + ackMicros + 1_000),
    applied: tips,
    lastEventMicros: tips * 50_000,
    cpu: { wallMicros: tips * 50_000, server: cpuMicros * 0.4, database: cpuMicros * 0.6, bench: 0, other: 0 },
  };
}

describe('the history measurement', () => {
  it('merges the halves of a channel into one run', () => {
    const merged = mergePhaseRuns([phase(10, 100_000, 10_000), phase(20, 300_000, 20_000)]);
    expect(merged.deliveries).toBe(30);
    expect(merged.sends.startedAt).toHaveLength(30);
    expect(merged.applied).toBe(30);
    expect(merged.outcomes).toEqual({ applied: 30 });
    expect(merged.cpu.server + merged.cpu.database).toBeCloseTo(400_000);
    expect(() => mergePhaseRuns([])).toThrow('no runs');
  });

  it('gives a baseline run in two parts, before and after the tips, the rate of each part, not of the span between them', () => {
    const minuteLater = (run: PhaseRun): PhaseRun => {
      const shift = (times: Float64Array) => times.map((micros) => micros + 60e6);
      return {
        ...run,
        sends: { ...run.sends, startedAt: shift(run.sends.startedAt), finishedAt: shift(run.sends.finishedAt) },
        alertAt: shift(run.alertAt),
        tipSucceededAt: shift(run.tipSucceededAt),
      };
    };
    const before = phase(100, 400_000, 2_000);
    const after = minuteLater(phase(100, 400_000, 2_000));
    const parts = summarizeParts([before, after], { untilAlert: false });
    expect(parts.sentPerSecond).toBeCloseTo(20);
    expect(parts.donePerSecond).toBeCloseTo(20, 0);
    // The same two parts as one run: the minute between them counts as time spent.
    expect(summarizePhase(mergePhaseRuns([before, after]), { untilAlert: false }).sentPerSecond).toBeLessThan(4);
    expect(parts.deliveries).toBe(200);
    expect(parts.acked).toBe(200);
    expect(parts.ack.p50).toBe(2);
    expect(parts.cpu.server + parts.cpu.database).toBeCloseTo(800_000);
    expect(parts.donePerSecondByQuarter).toEqual([]);
  });

  const history: HistoryResult = {
    pastTips: 100_000,
    rate: 20,
    fresh: summarizePhase(phase(100, 1_000_000, 10_000), { untilAlert: true }),
    history: summarizePhase(phase(100, 1_500_000, 30_000), { untilAlert: true }),
  };

  it('prints both channels and the ratios', () => {
    const text = renderHistory(history);
    expect(text).toContain('| with history |         100000 |');
    expect(text).toContain('CPU ms each ×1.50, webhook → 200 p50 ×3.00');
  });

  it('holds history, throughput, CPU and latency against the issue targets', () => {
    const oneChannel: RateResult = {
      rate: 150,
      channels: 1,
      tips: summarizePhase(phase(100, 1_000_000, 10_000), { untilAlert: true }),
      baseline: summarizePhase(phase(100, 400_000, 2_000), { untilAlert: false }),
    };
    const goals = tipsGoals(history, [oneChannel]);
    const byFigure = new Map(goals.map((g) => [g.figure, g]));
    expect(byFigure.get('paid tip, channel with 100,000 past tips ÷ new channel: CPU ms')).toMatchObject({ measured: '×1.50', met: true });
    expect(byFigure.get('paid tip, channel with 100,000 past tips ÷ new channel: webhook → 200 p50')).toMatchObject({ met: false });
    // 100 tips 50 ms apart: 20/s, well short of 150.
    expect(byFigure.get('one channel: paid tips/s sustained')).toMatchObject({ measured: '20', met: false });
    // Over 100 tips, not 20,000: shown, but not a verdict.
    expect(byFigure.get('one channel, 20,000 tips: last quarter ÷ first quarter tips/s')?.met).toBeNull();
    expect(byFigure.get('CPU per paid tip ÷ signed-webhook baseline, 150/s on 1 channel(s)')).toMatchObject({
      measured: '×2.50',
      met: false,
    });
    expect(byFigure.get('one server, 8 channels: paid tips/s sustained')).toMatchObject({
      measured: '',
      how: 'pnpm bench:tips --channels 8 --rate 300 --tips 3000',
    });
    expect(byFigure.get('one channel at 50 tips/s: webhook → overlay alert p99')?.how).toBe('pnpm bench:tips --rate 50 --tips 1000');
  });

  it('takes the history options', () => {
    expect(parseTipsOptions(['--history', '--past-tips', '5000', '--history-rate', '10'], {})).toMatchObject({
      history: true,
      pastTips: 5000,
      historyRate: 10,
      historyTips: 300,
    });
    expect(parseTipsOptions([], { BENCH_PAST_TIPS: '2000' })).toMatchObject({ history: false, pastTips: 2000 });
  });
});
