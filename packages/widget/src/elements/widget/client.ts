/**
 * Every import the viewer widget makes from the SDK, in one place: the script-tag bundle can later
 * point this module at a slimmer SDK entry (chat, tips and realtime only) without touching the rest.
 */

export type {
  Channel,
  ChannelConnection,
  ChannelEvent,
  ChatMessage,
  ChatSettings,
  ConnectionState,
  NextAction,
  PublicTip,
  TipchatClient,
  TipOptions,
  TipperTip,
} from '@tipchat/sdk';
export { createClient, TipchatError } from '@tipchat/sdk';
