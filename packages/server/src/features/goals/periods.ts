import type { LeaderboardPeriod } from '@tipchat/sdk/protocol';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Where a leaderboard period began, as a calendar period in UTC: the day from 00:00, the ISO
 * week from Monday 00:00, the month from the 1st. Null for all time. `now` is a parameter so
 * that boundaries can be tested without faking the clock.
 */
export function periodStart(period: LeaderboardPeriod, now: Date): Date | null {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  switch (period) {
    case 'day':
      return new Date(today);
    case 'week': {
      // getUTCDay() counts from Sunday; ISO weeks count from Monday.
      const daysSinceMonday = (now.getUTCDay() + 6) % 7;
      return new Date(today - daysSinceMonday * DAY_MS);
    }
    case 'month':
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    case 'all':
      return null;
  }
}
