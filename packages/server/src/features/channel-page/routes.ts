import { type CurrencyCode, channelParamsSchema } from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { FeatureDeps } from '../deps';
import { activeGoal } from '../goals/goal-figures';
import { topTippers } from '../goals/leaderboard-figures';
import { channelPage, channelPageCsp } from './page';

const querySchema = z.strictObject({
  theme: z.enum(['light', 'dark']).optional(),
  lang: z.enum(['en', 'hi']).optional(),
});

/** How many of the channel's all-time top tippers the page thanks by name. */
const TOP_SUPPORTERS = 5;

/** A Host header the page may name as its own origin: a hostname or IP literal, optionally with a port. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** `GET /c/:slug`: the channel's tip page (its header, goal and the viewer widget on a page of its own). */
export const channelPageRoutes: FastifyPluginAsyncZod<{ deps: FeatureDeps }> = async (app, { deps }) => {
  app.get(
    '/c/:slug',
    {
      schema: {
        tags: ['channels'],
        summary: "The channel's tip page (text/html): live chat and the tip form, for a link in a stream description",
        params: channelParamsSchema,
        querystring: querySchema,
      },
    },
    async (request, reply) => {
      if (!HOST.test(request.host)) throw new AppError('BAD_REQUEST', 'The Host header is not a host name');
      const channel = await deps.access.channel(request.params.slug);
      const [row] = await deps.sql<
        {
          displayName: string;
          description: string;
          avatarUrl: string | null;
          bannerUrl: string | null;
          links: string[];
          currency: CurrencyCode;
        }[]
      >`select display_name, description, avatar_url, banner_url, links, currency from channels where id = ${channel.id}`;
      const currency = row?.currency ?? 'USD';
      const [goal, boards] = await Promise.all([
        activeGoal(deps.sql, channel.id),
        topTippers(deps.sql, channel.id, currency, [{ period: 'all', since: null }], TOP_SUPPORTERS),
      ]);
      const server = `${request.protocol}://${request.host}`;
      const info = {
        slug: channel.slug,
        displayName: row?.displayName ?? channel.slug,
        description: row?.description ?? '',
        avatarUrl: row?.avatarUrl ?? null,
        bannerUrl: row?.bannerUrl ?? null,
        links: row?.links ?? [],
        goal,
        currency,
        topSupporters: boards.get('all') ?? [],
      };
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', channelPageCsp(deps.config.payments))
        .header('cache-control', 'no-cache')
        .send(channelPage(info, server, request.query));
    },
  );
};
