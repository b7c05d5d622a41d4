import { HttpClient, type Tokens } from './http';
import type { Session } from './protocol/auth';
import { AuthResource } from './resources/auth';
import { ChannelsResource } from './resources/channels';
import { DevResource } from './resources/dev';
import { StreamsResource } from './resources/streams';
import { UserResource } from './resources/user';

export interface ClientOptions {
  /** Where the tipchat server is, e.g. `https://tips.example.com`. */
  baseUrl: string;
  /** An access token to start with (from a stored session). */
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
  dev: DevResource;
  /** The tokens the client currently holds, or null when signed out. */
  readonly tokens: Tokens | null;
}

export function createClient(options: ClientOptions): TipchatClient {
  const http = new HttpClient({
    baseUrl: options.baseUrl,
    tokens: options.token ? { accessToken: options.token, refreshToken: options.refreshToken } : undefined,
    fetch: options.fetch,
    onSessionChange: options.onSessionChange,
  });
  return {
    auth: new AuthResource(http),
    user: new UserResource(http),
    channels: new ChannelsResource(http),
    streams: new StreamsResource(http),
    dev: new DevResource(http),
    get tokens() {
      return http.currentTokens;
    },
  };
}
