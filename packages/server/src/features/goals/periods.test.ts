import { describe, expect, it } from 'vitest';
import { utc } from './goals.test-support';
import { periodStart } from './periods';

const starts = (now: string) => ({
  day: periodStart('day', utc(now))?.toISOString(),
  week: periodStart('week', utc(now))?.toISOString(),
  month: periodStart('month', utc(now))?.toISOString(),
  all: periodStart('all', utc(now)),
});

describe('leaderboard periods', () => {
  it('are calendar periods in UTC: the day, the ISO week from Monday, the month', () => {
    // Thursday 2025-03-13.
    expect(starts('2025-03-13T15:30:00.000')).toEqual({
      day: '2025-03-13T00:00:00.000Z',
      week: '2025-03-10T00:00:00.000Z',
      month: '2025-03-01T00:00:00.000Z',
      all: null,
    });
  });

  it('start a new day at 00:00 UTC, not a second earlier', () => {
    expect(starts('2025-03-13T23:59:59.999').day).toBe('2025-03-13T00:00:00.000Z');
    expect(starts('2025-03-14T00:00:00.000').day).toBe('2025-03-14T00:00:00.000Z');
  });

  it('count Sunday as the end of the week and Monday 00:00 as the start of the next', () => {
    expect(starts('2025-03-16T23:59:59.999').week).toBe('2025-03-10T00:00:00.000Z');
    expect(starts('2025-03-17T00:00:00.000').week).toBe('2025-03-17T00:00:00.000Z');
  });

  it('cross a year: the ISO week of New Year began in December, the month and day did not', () => {
    // Wednesday 2025-01-01.
    expect(starts('2025-01-01T00:00:05.000')).toMatchObject({
      day: '2025-01-01T00:00:00.000Z',
      week: '2024-12-30T00:00:00.000Z',
      month: '2025-01-01T00:00:00.000Z',
    });
    expect(starts('2024-12-31T23:59:59.999').month).toBe('2024-12-01T00:00:00.000Z');
  });

  it('take a leap day as a day of February', () => {
    expect(starts('2024-02-29T12:00:00.000')).toMatchObject({ day: '2024-02-29T00:00:00.000Z', month: '2024-02-01T00:00:00.000Z' });
    expect(starts('2024-03-01T00:00:00.000').month).toBe('2024-03-01T00:00:00.000Z');
  });
});
