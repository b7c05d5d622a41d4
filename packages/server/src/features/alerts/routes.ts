import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FeatureDeps } from '../deps';
import type { AlertService } from './service';

export const alertRoutes: FastifyPluginAsyncZod<{ deps: FeatureDeps; alerts: AlertService }> = async () => {};
