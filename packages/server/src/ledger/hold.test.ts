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

  it('crosses month ends: 31- and 30-day months, February in common and leap years, a holiday on the 1st', () => {
    // Friday 30 January → Monday 2, Tuesday 3 February.
    expect(holdReleaseAt(at('2026-01-30T09:00:00Z'))).toEqual(at('2026-02-03T09:00:00Z'));
    // Thursday 26 February 2026 (28 days) → Friday 27, Monday 2 March.
    expect(holdReleaseAt(at('2026-02-26T09:00:00Z'))).toEqual(at('2026-03-02T09:00:00Z'));
    // Monday 28 February 2028 (leap year) → Tuesday 29 February, Wednesday 1 March.
    expect(holdReleaseAt(at('2028-02-28T09:00:00Z'))).toEqual(at('2028-03-01T09:00:00Z'));
    // Wednesday 30 September → Thursday 1, Friday 2 October.
    expect(holdReleaseAt(at('2026-09-30T23:30:00Z'))).toEqual(at('2026-10-02T23:30:00Z'));
    // Thursday 30 April, Friday 1 May a holiday, the weekend → Monday 4, Tuesday 5 May.
    expect(holdReleaseAt(at('2026-04-30T12:00:00Z'), new Set(['2026-05-01']))).toEqual(at('2026-05-05T12:00:00Z'));
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
