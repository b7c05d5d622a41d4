import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FeatureDeps } from '../deps';

/** STUB — moderators, bans and time-outs, blocked terms, audit log. */
export const moderationRoutes: FastifyPluginAsyncZod<{ deps: FeatureDeps }> = async () => {};
