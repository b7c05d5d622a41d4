/**
 * The SDK piece by piece, for bundles that count bytes (the widget's script tags have a size
 * budget). `createClient` builds every resource in one object, and a bundler cannot drop the
 * properties of an object literal, so a page that only chats would still ship the tip feed, keys
 * and moderation. Here each resource is a class constructed on its own over one `HttpClient`,
 * and a bundle carries only the ones it names.
 *
 * ```ts
 * import { ChannelsResource, ChatResource, connectChannel, HttpClient } from '@tipchat/sdk/lite';
 * const http = new HttpClient({ baseUrl: server });
 * const chat = new ChatResource(http);
 * const live = connectChannel(http, server, 'night-owl', { after });
 * ```
 *
 * Everything `@tipchat/sdk` exports is here too (types, errors, `createClient`), so switching an
 * import costs nothing but the names.
 */
import type { HttpClient } from './http';
import { ChannelConnection } from './realtime/connection';
import type { RealtimeOptions } from './realtime/types';
import { EventsResource } from './resources/events';

export { HttpClient, type HttpClientOptions } from './http';
export * from './index';
export { AlertsResource } from './resources/alerts';
export { AuthResource } from './resources/auth';
export { ChannelsResource } from './resources/channels';
export { ChatResource } from './resources/chat';
export { DevResource } from './resources/dev';
export { EventsResource } from './resources/events';
export { GoalsResource } from './resources/goals';
export { KeysResource } from './resources/keys';
export { MediaResource } from './resources/media';
export { ModerationResource } from './resources/moderation';
export { PayoutsResource } from './resources/payouts';
export { StreamsResource } from './resources/streams';
export { TipFeedResource } from './resources/tip-feed';
export { TipsResource } from './resources/tips';
export { TtsResource } from './resources/tts';
export { UserResource } from './resources/user';

/**
 * What `client.realtime(channel, options)` makes, for a client built piece by piece: a live
 * connection to `channel` (not yet connected: call `connect()`), using `http`'s credential (its
 * session, else the guest token a `ChatResource.join` on the same `http` gave it) unless
 * `options.token` names another.
 */
export function connectChannel(http: HttpClient, baseUrl: string, channel: string, options?: RealtimeOptions): ChannelConnection {
  return new ChannelConnection({ baseUrl, http, events: new EventsResource(http) }, channel, options);
}
