import { HttpClient, type Tokens } from './http';
import type { Session } from './protocol/auth';
import { ChannelConnection } from './realtime/connection';
import type { RealtimeOptions } from './realtime/types';
import { AdminResource } from './resources/admin';
import { AlertsResource } from './resources/alerts';
import { AuthResource } from './resources/auth';
import { ChannelsResource } from './resources/channels';
import { ChatResource } from './resources/chat';
import { DevResource } from './resources/dev';
import { EventsResource } from './resources/events';
import { GoalsResource } from './resources/goals';
import { KeysResource } from './resources/keys';
import { MediaResource } from './resources/media';
import { ModerationResource } from './resources/moderation';
import { PayoutsResource } from './resources/payouts';
import { StreamsResource } from './resources/streams';
import { TipFeedResource } from './resources/tip-feed';
import { TipsResource } from './resources/tips';
import { TtsResource } from './resources/tts';
import { UserResource } from './resources/user';

export interface ClientOptions {
  /** Where the tipchat server is, e.g. `https://tips.example.com`. */
  baseUrl: string;
  /**
   * A credential to start with: an access token from a stored session — or an overlay key, API
   * key or guest token, which the client then presents on every call.
   */
  token?: string;
  /** The refresh token that goes with it, so the client can renew the session by itself. */
  refreshToken?: string;
  /** A fetch implementation; defaults to the global one (browsers, Node 20+). */
  fetch?: typeof globalThis.fetch;
  /** Called whenever the session changes (login, refresh, logout) — persist it here. */
  onSessionChange?: (session: Session | null) => void;
}

export interface TipchatClient {
  auth: AuthResource;
  user: UserResource;
  channels: ChannelsResource;
  streams: StreamsResource;
  chat: ChatResource;
  moderation: ModerationResource;
  keys: KeysResource;
  events: EventsResource;
  /** Paying a tip (viewers) and the channel's tip options and tiers. */
  tips: TipsResource;
  /** The streamer's tip feed: filters, sorting, marks, totals. */
  tipFeed: TipFeedResource;
  /** The alert queue: overlays play and acknowledge, the dashboard pauses, skips and replays. */
  alerts: AlertsResource;
  /** The channel goal and the top-tipper leaderboards. */
  goals: GoalsResource;
  /** How alerts are spoken (the speech itself: `speechUrl`). */
  tts: TtsResource;
  /** Uploaded alert media: images, GIFs, short videos and sounds (the streamer). */
  media: MediaResource;
  /** The streamer's payouts: where to be paid (beneficiaries) and the payouts themselves. */
  payouts: PayoutsResource;
  dev: DevResource;
  /** Operator tasks (admin accounts): the operator console's accounts, restrictions, totals, fee, refunds, review queue, invites. */
  admin: AdminResource;
  /** The tokens the client currently holds, or null when signed out. */
  readonly tokens: Tokens | null;
  /**
   * A live connection to `channel`'s events (not yet connected: call `connect()`). It uses the
   * client's credential unless `options.token` names another.
   */
  realtime(channel: string, options?: RealtimeOptions): ChannelConnection;
}

export function createClient(options: ClientOptions): TipchatClient {
  const http = new HttpClient({
    baseUrl: options.baseUrl,
    tokens: options.token ? { accessToken: options.token, refreshToken: options.refreshToken } : undefined,
    fetch: options.fetch,
    onSessionChange: options.onSessionChange,
  });
  const events = new EventsResource(http);
  return {
    auth: new AuthResource(http),
    user: new UserResource(http),
    channels: new ChannelsResource(http),
    streams: new StreamsResource(http),
    chat: new ChatResource(http),
    moderation: new ModerationResource(http),
    keys: new KeysResource(http),
    events,
    tips: new TipsResource(http),
    tipFeed: new TipFeedResource(http),
    alerts: new AlertsResource(http),
    goals: new GoalsResource(http),
    tts: new TtsResource(http),
    media: new MediaResource(http),
    payouts: new PayoutsResource(http),
    dev: new DevResource(http),
    admin: new AdminResource(http),
    get tokens() {
      return http.currentTokens;
    },
    realtime: (channel, realtimeOptions) => new ChannelConnection({ baseUrl: options.baseUrl, http, events }, channel, realtimeOptions),
  };
}
