import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FeatureDeps } from '../deps';
import type { ChatService } from './service';

/** STUB — viewers joining, chat send/history/delete/pin/clear, chat settings. */
export const chatRoutes: FastifyPluginAsyncZod<{ deps: FeatureDeps; chat: ChatService }> = async () => {};
