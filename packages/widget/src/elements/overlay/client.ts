/**
 * Every SDK import of the overlay elements goes through this module, so the overlay bundle can
 * later point at a slimmer SDK entry in one place.
 */

export type {
  Alert,
  AlertSettings,
  ChannelConnection,
  ChatMessage,
  ConnectionState,
  Goal,
  LeaderboardEntry,
  LeaderboardPeriod,
  TipchatClient,
} from '@tipchat/sdk';
export { createClient, TipchatError } from '@tipchat/sdk';
