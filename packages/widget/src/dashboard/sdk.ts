/**
 * Every import the dashboard makes from the SDK, in one place: the dashboard talks to the server
 * only through @tipchat/sdk, and this module is where to look to see what of it the bundle uses
 * (money formatting aside: that comes through internal/format.ts, shared with the other bundles).
 * Payout types come from the protocol module as types only (erased from the bundle).
 */

export type {
  Alert,
  AlertQueue,
  AlertSettings,
  AuditEntry,
  Balance,
  Ban,
  Beneficiary,
  BeneficiaryDetails,
  BlockedTerm,
  Channel,
  ChannelConnection,
  ChannelEvent,
  ChannelEventMap,
  ChannelEventType,
  ChannelTheme,
  ChatHistory,
  ChatMessage,
  ChatSettings,
  ConnectionState,
  CurrencyCode,
  FieldIssue,
  Goal,
  Moderator,
  Payout,
  PayoutSchedule,
  PayoutStatus,
  Session,
  Stream,
  StripeAccount,
  TipchatClient,
  TipFeedItem,
  TipFeedOptions,
  TipFeedPage,
  TipFeedSort,
  TipStatus,
  TipTier,
  TipTotals,
  UpdateChannelBody,
  User,
} from '@tipchat/sdk';
export { CURRENCIES, createClient, OVERLAY_ELEMENTS, type OverlayElement, overlayUrl, TipchatError } from '@tipchat/sdk';
