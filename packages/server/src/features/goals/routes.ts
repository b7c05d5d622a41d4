import {
  channelParamsSchema,
  errorBodySchema,
  goalResponseSchema,
  goalSchema,
  leaderboardQuerySchema,
  leaderboardSchema,
  okSchema,
  setGoalBodySchema,
} from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearerSecurity } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import { staffContext } from '../moderation/staff';
import type { GoalService } from './service';

const tags = ['goals'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

/**
 * The channel goal (read by anyone, set and removed by the streamer) and the top-tipper
 * leaderboards (read by anyone). Changes reach widgets as 'goal.updated' and 'leaderboard.updated'.
 */
export const goalRoutes: FastifyPluginAsyncZod<{ deps: FeatureDeps; goals: GoalService }> = async (app, { deps, goals }) => {
  app.get(
    '/channels/:slug/goal',
    {
      schema: {
        tags,
        summary: "The channel's goal and how far tips have carried it, or null; public",
        params: channelParamsSchema,
        response: { 200: goalResponseSchema, ...errors },
      },
    },
    async (request) => {
      const channel = await deps.access.channel(request.params.slug);
      return { goal: await goals.goal(channel.id) };
    },
  );

  app.put(
    '/channels/:slug/goal',
    {
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
      const { channel } = await staffContext(deps, request, request.params.slug, 'streamer');
      return goals.set(channel.id, request.body);
    },
  );

  app.delete(
    '/channels/:slug/goal',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'End the current goal (streamer only)',
        params: channelParamsSchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const { channel } = await staffContext(deps, request, request.params.slug, 'streamer');
      await goals.remove(channel.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/channels/:slug/leaderboard',
    {
      schema: {
        tags,
        summary: 'Top tippers of the day, ISO week or month (calendar periods in UTC) or of all time; public',
        params: channelParamsSchema,
        querystring: leaderboardQuerySchema,
        response: { 200: leaderboardSchema, ...errors },
      },
    },
    async (request) => {
      const channel = await deps.access.channel(request.params.slug);
      return goals.leaderboard(channel.id, request.query);
    },
  );
};
