export { ALERT_ANIMATIONS, ALERT_FONTS, ALERT_LAYOUTS, MAX_ALERT_VARIATIONS } from './alert-design';
export { type ClientOptions, createClient, type TipchatClient } from './client';
export {
  AuthenticationError,
  type ClientErrorCode,
  ConflictError,
  errorFromCode,
  errorFromResponse,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  TipchatError,
  ValidationError,
} from './errors';
export type { Tokens } from './http';
export { type IdempotentOptions, newIdempotencyKey } from './idempotency';
export {
  BUILTIN_SOUNDS,
  type BuiltinSound,
  builtinSoundPath,
  MAX_IMAGE_OR_SOUND_BYTES,
  MAX_VIDEO_BYTES,
  MEDIA_QUOTA_BYTES,
  MEDIA_TYPES,
  type MediaKind,
  type MediaType,
  maxMediaBytes,
  mediaExtension,
  mediaKind,
  mediaPath,
} from './media';
export type { CreateInviteBody, Invite } from './protocol/admin';
export type {
  AlertAnimation,
  AlertDesign,
  AlertDesignInput,
  AlertFont,
  AlertLayout,
  AlertSound,
  AlertVariation,
  MediaRef,
  RangedAlertVariation,
} from './protocol/alert-design';
export type { Alert, AlertQueue, AlertSettings, AlertStatus, UpdateAlertSettingsBody } from './protocol/alerts';
export type {
  LoginBody,
  RegisterBody,
  RegisterOutcome,
  RegisterResult,
  ResetPasswordBody,
  Session,
  VerifyEmailResult,
} from './protocol/auth';
export type { Channel, ChannelTheme, CreateChannelBody, StartStreamBody, Stream, UpdateChannelBody } from './protocol/channels';
export type { ChatHistory, ChatMessage, ChatRole, ChatSendPayload, ChatSettings, UpdateChatSettingsBody } from './protocol/chat';
export type { ErrorBody, FieldIssue } from './protocol/common';
export { CURRENCIES, type CurrencyCode, minorUnitsPerMajor } from './protocol/currencies';
export type { OutboxMail } from './protocol/dev';
export { ERROR_CODES, type ErrorCode } from './protocol/error-codes';
export type {
  ChannelEvent,
  ChannelEventMap,
  ChannelEventOf,
  ChannelEventType,
  ChatSendResult,
  ClientToServerEvents,
  EventPage,
  EventsPrunedDetails,
  RealtimeAuth,
  ServerToClientEvents,
} from './protocol/events';
export type { Goal, Leaderboard, LeaderboardEntry, LeaderboardPeriod, Leaderboards, SetGoalBody } from './protocol/goals';
export type { ApiKey, ApiKeyScope, CreateApiKeyBody, CreatedApiKey } from './protocol/keys';
export type { MediaList, MediaUpload } from './protocol/media-uploads';
export type { AuditEntry, AuditLog, Ban, BanBody, BlockedTerm, BlockedTermBody, ModerationAction, Moderator } from './protocol/moderation';
export {
  currencyMinorDigits,
  type DecimalStringOptions,
  formatMoney,
  minorToDecimalString,
  parseMoneyInput,
} from './protocol/money';
export type {
  AdminAuditEntry,
  AdminAuditLog,
  AdminAuditQuery,
  DirectoryQuery,
  MyRestriction,
  OperatorChannel,
  OperatorChannelPage,
  OperatorReasonBody,
  OperatorRefundBody,
  OperatorRestriction,
  OperatorUser,
  OperatorUserPage,
  PlatformDayTotals,
  PlatformFeeSetting,
  PlatformFees,
  PlatformTotals,
  PlatformTotalsQuery,
  RegistrationPolicy,
  SetPlatformFeeBody,
} from './protocol/operator';
export type { PayoutAvailability } from './protocol/payout-availability';
export type {
  Balance,
  Beneficiary,
  BeneficiaryDetails,
  BeneficiaryHistoryEntry,
  Payout,
  PayoutRequestBody,
  PayoutSchedule,
  PayoutStatus,
  StripeAccount,
  StripeOnboarding,
} from './protocol/payouts';
export type {
  ProviderEventFlagged,
  ProviderEventReview,
  ProviderEventReviewList,
  ProviderEventReviewListQuery,
  ProviderEventReviewReason,
  ResolveProviderEventReviewBody,
} from './protocol/reviews';
export type { TipTier } from './protocol/tiers';
export type {
  CreateTipBody,
  DevCheckoutOutcome,
  FeeBreakdown,
  FeeSchedule,
  MarkTipBody,
  NextAction,
  PaymentProviderName,
  PublicTip,
  RefundTipBody,
  Tiers,
  TipFeedItem,
  TipFeedPage,
  TipFeedQuery,
  TipOptions,
  TipperTip,
  TipStatus,
  TipTierView,
  TipTotals,
} from './protocol/tips';
export type { TtsSettings, TtsVoice, UpdateTtsSettingsBody } from './protocol/tts';
export type { ChangePasswordBody, RestrictAccountBody, UpdateUserBody, User } from './protocol/users';
export type { ChatIdentity, JoinChatBody, Viewer, ViewerStanding } from './protocol/viewers';
export { ChannelConnection } from './realtime/connection';
export type { ConnectionState, ReadyInfo, RealtimeOptions, RealtimeReset, TipchatSocket, TokenSource } from './realtime/types';
export type { AlertListOptions, AlertsResource } from './resources/alerts';
export type { ChatResource } from './resources/chat';
export type { EventsAfterOptions, EventsResource } from './resources/events';
export type { GoalsResource, LeaderboardOptions } from './resources/goals';
export type { KeysResource } from './resources/keys';
export type { MediaResource } from './resources/media';
export type { ModerationResource } from './resources/moderation';
export { OVERLAY_ELEMENTS, type OverlayElement, type OverlayUrlOptions, overlayUrl } from './resources/overlay-url';
export type { PayoutListOptions, PayoutsResource, StatementOptions } from './resources/payouts';
export type { TipFeedOptions, TipFeedResource, TipFeedSort } from './resources/tip-feed';
export type { TipsResource } from './resources/tips';
export { speechUrl, type TtsResource } from './resources/tts';
export { TTS_MAX_TEXT, TTS_VOICES } from './tts-voices';
