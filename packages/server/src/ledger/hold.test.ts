import { describe, expect, it } from 'vitest';
import { holdReleaseAt, isBusinessDay } from './hold';

const at = (iso: string) => new Date(iso);

describe('holdReleaseAt', () => {
  it('releases two business days later in the middle of the week', () => {
    // Monday → Wednesday, same time of day.
    expect(holdReleaseAt(at('2026-11-16T10:30:00Z'))).toEqual(at('2026-11-18T10:30:00Z'));
  });

  it('skips the weekend: Friday → Tuesday', () => {
    expect(holdReleaseAt(at('2026-11-20T18:00:00Z'))).toEqual(at('2026-11-24T18:00:00Z'));
  });

  it('treats a tip paid on the weekend as waiting for Monday and Tuesday', () => {
    expect(holdReleaseAt(at('2026-11-21T09:00:00Z'))).toEqual(at('2026-11-24T09:00:00Z'));
    expect(holdReleaseAt(at('2026-11-22T23:59:00Z'))).toEqual(at('2026-11-24T23:59:00Z'));
  });

  it('skips configured holidays', () => {
    // Wednesday 2026-12-23 → Thursday 24 business, Friday 25 holiday, weekend → Monday 28.
    const holidays = new Set(['2026-12-25']);
    expect(holdReleaseAt(at('2026-12-23T12:00:00Z'), holidays)).toEqual(at('2026-12-28T12:00:00Z'));
  });

  it('skips a holiday on Monday after a weekend: Friday → Wednesday', () => {
    const holidays = new Set(['2026-11-23']);
    expect(holdReleaseAt(at('2026-11-20T18:00:00Z'), holidays)).toEqual(at('2026-11-25T18:00:00Z'));
  });

  it('crosses months and years', () => {
    // Thursday 2026-12-31 → Friday 1 Jan is a holiday → Monday 4, Tuesday 5.
    expect(holdReleaseAt(at('2026-12-31T08:00:00Z'), new Set(['2027-01-01']))).toEqual(at('2027-01-05T08:00:00Z'));
  });

  it('takes another number of business days, and zero releases at once', () => {
    expect(holdReleaseAt(at('2026-11-20T18:00:00Z'), new Set(), 5)).toEqual(at('2026-11-27T18:00:00Z'));
    expect(holdReleaseAt(at('2026-11-21T18:00:00Z'), new Set(), 0)).toEqual(at('2026-11-21T18:00:00Z'));
  });

  it('does not modify the date it was given', () => {
    const paid = at('2026-11-20T18:00:00Z');
    holdReleaseAt(paid);
    expect(paid).toEqual(at('2026-11-20T18:00:00Z'));
  });

  it('refuses a negative or fractional hold', () => {
    expect(() => holdReleaseAt(at('2026-11-20T18:00:00Z'), new Set(), -1)).toThrow(RangeError);
    expect(() => holdReleaseAt(at('2026-11-20T18:00:00Z'), new Set(), 1.5)).toThrow(RangeError);
  });
});

describe('isBusinessDay', () => {
  it('is false on Saturdays, Sundays and holidays, true otherwise', () => {
    expect(isBusinessDay(at('2026-11-21T12:00:00Z'))).toBe(false);
    expect(isBusinessDay(at('2026-11-22T12:00:00Z'))).toBe(false);
    expect(isBusinessDay(at('2026-11-23T12:00:00Z'))).toBe(true);
    expect(isBusinessDay(at('2026-11-23T12:00:00Z'), new Set(['2026-11-23']))).toBe(false);
  });
});
