/**
 * When a tip's funds become available for payout: after a hold of N business days (default 2),
 * skipping Saturdays, Sundays and configured holidays. Pure: dates are calendar days in UTC, and
 * the release happens at the same time of day as the payment, so a tip paid on Friday 18:00 UTC
 * is released on Tuesday 18:00 UTC.
 */
export const DEFAULT_HOLD_BUSINESS_DAYS = 2;

/** Holidays as `YYYY-MM-DD` (UTC calendar days). */
export type HolidayCalendar = ReadonlySet<string>;

export function isBusinessDay(day: Date, holidays: HolidayCalendar = new Set()): boolean {
  const weekday = day.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(day.toISOString().slice(0, 10));
}

export function holdReleaseAt(
  paidAt: Date,
  holidays: HolidayCalendar = new Set(),
  businessDays: number = DEFAULT_HOLD_BUSINESS_DAYS,
): Date {
  if (!Number.isInteger(businessDays) || businessDays < 0) {
    throw new RangeError(`hold must be a non-negative whole number of business days, got ${businessDays}`);
  }
  const release = new Date(paidAt.getTime());
  let remaining = businessDays;
  while (remaining > 0) {
    release.setUTCDate(release.getUTCDate() + 1);
    if (isBusinessDay(release, holidays)) remaining -= 1;
  }
  return release;
}
