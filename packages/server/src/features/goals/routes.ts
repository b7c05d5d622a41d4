import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FeatureDeps } from '../deps';
import type { GoalService } from './service';

export const goalRoutes: FastifyPluginAsyncZod<{ deps: FeatureDeps; goals: GoalService }> = async () => {};
