import type { HttpClient } from '../http';
import type { Goal, Leaderboard, LeaderboardPeriod, SetGoalBody } from '../protocol/goals';
import { channelPath } from './paths';

export interface LeaderboardOptions {
  /** day, week (ISO, from Monday), month — calendar periods in UTC — or all; the server's default is week. */
  period?: LeaderboardPeriod;
  /** 1–50; the server's default is 10. */
  limit?: number;
}

/** The channel goal and the top-tipper leaderboards. Reading needs no credential; live updates come as 'goal.updated' and 'leaderboard.updated'. */
export class GoalsResource {
  constructor(private readonly http: HttpClient) {}

  /** The channel's goal with its progress, or null when none is set. */
  async get(slug: string): Promise<Goal | null> {
    const { goal } = await this.http.request<{ goal: Goal | null }>('GET', channelPath(slug, 'goal'));
    return goal;
  }

  /** Sets the goal, replacing the current one (streamer only). */
  set(slug: string, body: SetGoalBody): Promise<Goal> {
    return this.http.request('PUT', channelPath(slug, 'goal'), { body, auth: true, channel: slug });
  }

  /** Ends the current goal (streamer only); a NotFoundError when there is none. */
  async remove(slug: string): Promise<void> {
    await this.http.request('DELETE', channelPath(slug, 'goal'), { auth: true, channel: slug });
  }

  leaderboard(slug: string, options: LeaderboardOptions = {}): Promise<Leaderboard> {
    return this.http.request('GET', channelPath(slug, 'leaderboard'), { query: { period: options.period, limit: options.limit } });
  }
}
