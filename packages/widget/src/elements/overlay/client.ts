/**
 * Every SDK import of the overlay elements goes through this module, but for money formatting
 * (internal/format.ts, shared with the viewer widget and the dashboard). It builds the client from
 * the SDK's lite entry: only the resources overlays use (alerts, chat, goals) and the realtime
 * connection, so the overlay script carries none of the rest of the SDK (it has a size budget).
 */
import {
  AlertsResource,
  type ChannelConnection,
  ChatResource,
  connectChannel,
  GoalsResource,
  HttpClient,
  type RealtimeOptions,
  TtsResource,
} from '@tipchat/sdk/lite';

export type {
  Alert,
  AlertDesign,
  AlertSettings,
  AlertVariation,
  ChannelConnection,
  ChatMessage,
  ConnectionState,
  Goal,
  LeaderboardEntry,
  LeaderboardPeriod,
  PublicTip,
  RealtimeReset,
} from '@tipchat/sdk/lite';
export { builtinSoundPath, mediaPath, speechUrl, TipchatError } from '@tipchat/sdk/lite';

/** What an overlay element talks to the server with. */
export interface TipchatClient {
  alerts: AlertsResource;
  chat: ChatResource;
  goals: GoalsResource;
  /** How alerts are spoken (the speech itself is audio at `speechUrl`). */
  tts: TtsResource;
  realtime(channel: string, options?: RealtimeOptions): ChannelConnection;
}

/** A client for `baseUrl`, presenting `token` (the overlay key) when given. */
export function createClient(options: { baseUrl: string; token?: string }): TipchatClient {
  const http = new HttpClient({ baseUrl: options.baseUrl, tokens: options.token ? { accessToken: options.token } : undefined });
  return {
    alerts: new AlertsResource(http),
    chat: new ChatResource(http),
    goals: new GoalsResource(http),
    tts: new TtsResource(http),
    realtime: (channel, realtimeOptions) => connectChannel(http, options.baseUrl, channel, realtimeOptions),
  };
}
