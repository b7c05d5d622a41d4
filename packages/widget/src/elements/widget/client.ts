/**
 * Every SDK import of the viewer widget goes through this module, but for money formatting
 * (internal/format.ts, shared with the overlays and the dashboard). It builds the client from the
 * SDK's lite entry with only what a viewer needs (the channel, chat, tips and the realtime
 * connection), so the viewer script carries none of the rest of the SDK (it has a size budget).
 */
import {
  type ChannelConnection,
  ChannelsResource,
  ChatResource,
  connectChannel,
  HttpClient,
  type RealtimeOptions,
  TipsResource,
} from '@tipchat/sdk/lite';

export type {
  Channel,
  ChannelConnection,
  ChannelEvent,
  ChatHistory,
  ChatMessage,
  ChatSettings,
  ConnectionState,
  PublicTip,
  TipOptions,
  TipperTip,
  ViewerStanding,
} from '@tipchat/sdk/lite';
export { newIdempotencyKey, TipchatError } from '@tipchat/sdk/lite';

/** What the viewer widget talks to the server with: `createClient`'s resources of the same names. */
export interface TipchatClient {
  channels: ChannelsResource;
  chat: ChatResource;
  tips: TipsResource;
  realtime(channel: string, options?: RealtimeOptions): ChannelConnection;
}

/** A client for the server at `baseUrl`; joining the chat gives it the channel's guest token. */
export function createClient(options: { baseUrl: string }): TipchatClient {
  const http = new HttpClient({ baseUrl: options.baseUrl });
  return {
    channels: new ChannelsResource(http),
    chat: new ChatResource(http),
    tips: new TipsResource(http),
    realtime: (channel, realtimeOptions) => connectChannel(http, options.baseUrl, channel, realtimeOptions),
  };
}
