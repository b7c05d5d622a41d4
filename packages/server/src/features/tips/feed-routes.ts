import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FeatureDeps } from '../deps';
import type { TipFeedService } from './feed-service';

export const tipFeedRoutes: FastifyPluginAsyncZod<{ deps: FeatureDeps; feed: TipFeedService }> = async () => {};
