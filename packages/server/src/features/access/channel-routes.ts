import type { FastifyRequest, RouteOptions } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Actor, ANONYMOUS, bearerOf, requireModerator, requireStreamer } from './actor';
import type { ChannelAccess, ChannelInfo } from './channel-access';

/**
 * Who may call a channel route. The plain rules are checked here, before the handler; rules that
 * depend on more than the role (an API key's scopes, a message's author, the overlay) are the
 * service's, which gets the caller as `anyone` resolved them.
 * - `public`: everyone; the credential is not even read, so the caller counts as anonymous.
 * - `anyone`: everyone, anonymous included, but a credential sent must be valid in this channel.
 * - `moderator`: the streamer, moderators and API keys with the `moderation` scope.
 * - `streamer`: the channel's owner.
 */
export type ChannelRole = 'public' | 'anyone' | 'moderator' | 'streamer';

/** The channel a route's `:slug` names and who is calling in it. */
export interface ChannelContext {
  channel: ChannelInfo;
  actor: Actor;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this channel route; every route registered through channelScoped names it. */
    channelRole?: ChannelRole;
  }
  interface FastifyRequest {
    /** Set before the handler of every route registered through channelScoped. */
    channelContext: ChannelContext;
  }
}

function slugOf(request: FastifyRequest): string {
  const { params } = request;
  if (typeof params === 'object' && params !== null && 'slug' in params && typeof params.slug === 'string') return params.slug;
  throw new Error(`tipchat: ${request.routeOptions.url} has no :slug parameter`);
}

/**
 * Unknown channel 404 first, then a bad credential 401, then the role (anonymous 401, anyone
 * else without it 403): the order every channel route answered in when each resolved its own.
 */
function resolver(access: ChannelAccess, role: ChannelRole) {
  return async function resolveChannelContext(request: FastifyRequest): Promise<void> {
    const channel = await access.channel(slugOf(request));
    if (role === 'public') {
      request.channelContext = { channel, actor: ANONYMOUS };
      return;
    }
    const actor = await access.actor(channel, bearerOf(request.headers.authorization));
    if (role === 'moderator') requireModerator(actor);
    if (role === 'streamer') requireStreamer(actor);
    request.channelContext = { channel, actor };
  };
}

type PreHandlers = NonNullable<RouteOptions['preHandler']>;
const asList = (handlers: PreHandlers | undefined) => (handlers === undefined ? [] : Array.isArray(handlers) ? handlers : [handlers]);

/** What channelScoped needs of a feature's options: the channel access its deps carry. */
export interface ChannelScopedOptions {
  deps: { access: ChannelAccess };
}

/**
 * Registers `routes` under `/channels/:slug`. Each route names its `config.channelRole`; the
 * channel and the caller are resolved once, as the route's last preHandler — after validation
 * and after the route's own preHandlers (rate limits, the idempotency key), as the handlers did
 * it before — and handed to the handler as `request.channelContext`.
 */
export function channelScoped<Options extends ChannelScopedOptions>(
  routes: FastifyPluginAsyncZod<Options>,
): FastifyPluginAsyncZod<Options> {
  return async (app, options) => {
    if (!app.hasRequestDecorator('channelContext')) app.decorateRequest('channelContext');
    app.addHook('onRoute', (route) => {
      const role = route.config?.channelRole;
      if (role === undefined) throw new Error(`tipchat: channel route ${route.method} ${route.url} names no config.channelRole`);
      route.preHandler = [...asList(route.preHandler), resolver(options.deps.access, role)];
    });
    await app.register(routes, { ...options, prefix: '/channels/:slug' });
  };
}
