import {
  channelParamsSchema,
  goalResponseSchema,
  goalSchema,
  leaderboardQuerySchema,
  leaderboardSchema,
  okSchema,
  setGoalBodySchema,
} from '@tipchat/sdk/protocol';
import { errorResponses } from '../../plugins/error-responses';
import { channelScoped } from '../access/channel-routes';
import { bearerSecurity } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import type { GoalService } from './service';

const tags = ['goals'];
const errors = errorResponses(400, 401, 403, 404);

/**
 * The channel goal (read by anyone, set and removed by the streamer) and the top-tipper
 * leaderboards (read by anyone). Changes reach widgets as 'goal.updated' and 'leaderboard.updated'.
 */
export const goalRoutes = channelScoped<{ deps: FeatureDeps; goals: GoalService }>(async (app, { goals }) => {
  app.get(
    '/goal',
    {
      config: { channelRole: 'public' },
      schema: {
        tags,
        summary: "The channel's goal and how far tips have carried it, or null; public",
        params: channelParamsSchema,
        response: { 200: goalResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { channel } = request.channelContext;
      return { goal: await goals.goal(channel.id) };
    },
  );

  app.put(
    '/goal',
    {
      config: { channelRole: 'streamer' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Set the goal, replacing the current one (streamer only); counts paid tips in the channel currency from startsAt',
        params: channelParamsSchema,
        body: setGoalBodySchema,
        response: { 200: goalSchema, ...errors },
      },
    },
    async (request) => {
      const { channel } = request.channelContext;
      return goals.set(channel.id, request.body);
    },
  );

  app.delete(
    '/goal',
    {
      config: { channelRole: 'streamer' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'End the current goal (streamer only)',
        params: channelParamsSchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const { channel } = request.channelContext;
      await goals.remove(channel.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/leaderboard',
    {
      config: { channelRole: 'public' },
      schema: {
        tags,
        summary: 'Top tippers of the day, ISO week or month (calendar periods in UTC) or of all time; public',
        params: channelParamsSchema,
        querystring: leaderboardQuerySchema,
        response: { 200: leaderboardSchema, ...errors },
      },
    },
    async (request) => {
      const { channel } = request.channelContext;
      return goals.leaderboard(channel.id, request.query);
    },
  );
});
