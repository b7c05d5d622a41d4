/**
 * Every error the API can answer with, and the HTTP status it travels with. The server throws
 * these codes; the SDK turns them back into typed errors. Codes are stable: clients branch on
 * them, so rename one only with a major release.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  REFRESH_TOKEN_INVALID: 401,
  REFRESH_TOKEN_REUSED: 401,
  EMAIL_NOT_VERIFIED: 403,
  ACCOUNT_RESTRICTED: 403,
  FORBIDDEN: 403,
  /** REGISTRATION=closed: accounts are made by the operator (the CLI), not by signing up. */
  REGISTRATION_CLOSED: 403,
  /** REGISTRATION=invite: signing up needs an invite from an admin. */
  INVITE_REQUIRED: 403,
  /** The invite is unknown, used or expired. */
  INVITE_INVALID: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  EMAIL_TAKEN: 409,
  EMAIL_ALREADY_VERIFIED: 409,
  CHANNEL_SLUG_TAKEN: 409,
  CHANNEL_ALREADY_EXISTS: 409,
  STREAM_ALREADY_LIVE: 409,
  STREAM_ALREADY_ENDED: 409,
  VERIFICATION_TOKEN_INVALID: 400,
  RESET_TOKEN_INVALID: 400,
  CHAT_DISABLED: 403,
  SIGN_IN_REQUIRED: 403,
  VERIFIED_EMAIL_REQUIRED: 403,
  BANNED: 403,
  TIMED_OUT: 403,
  BLOCKED_TERM: 422,
  /**
   * A chat display name, channel name, slug or stream title hits a blocked term (the platform's
   * list, or for chat names also the channel's). `details.field` names the field; the term is never named.
   */
  NAME_NOT_ALLOWED: 422,
  LINKS_NOT_ALLOWED: 422,
  MESSAGE_EMPTY: 422,
  MESSAGE_TOO_LONG: 422,
  SLOW_MODE: 429,
  DISPLAY_NAME_TAKEN: 409,
  ALREADY_MODERATOR: 409,
  BLOCKED_TERM_EXISTS: 409,
  BLOCKED_TERM_LIMIT: 409,
  TIP_AMOUNT_TOO_LOW: 422,
  TIP_AMOUNT_TOO_HIGH: 422,
  CURRENCY_NOT_ACCEPTED: 422,
  PROVIDER_NOT_AVAILABLE: 422,
  TIP_NOT_PAYABLE: 409,
  TIP_NOT_REFUNDABLE: 409,
  REFUND_TOO_LARGE: 422,
  WEBHOOK_SIGNATURE_INVALID: 400,
  PAYMENT_MISMATCH: 422,
  /** The channel's account is restricted by the operator: it takes no new tips for now. */
  CHANNEL_UNAVAILABLE_FOR_TIPS: 403,
  /** The operator restricted this account already (or, to lift: it is not restricted). */
  ACCOUNT_ALREADY_RESTRICTED: 409,
  ACCOUNT_NOT_RESTRICTED: 409,
  /** The provider event review was resolved already (by whom and when: `details`). */
  REVIEW_ALREADY_RESOLVED: 409,
  PAYMENT_PROVIDER_ERROR: 502,
  ALERT_SKIPPED: 409,
  ALERT_ALREADY_SHOWN: 409,
  ALERT_TIP_REVERSED: 409,
  PAYOUT_BELOW_MINIMUM: 422,
  INSUFFICIENT_BALANCE: 422,
  NO_PAYOUT_DESTINATION: 409,
  BENEFICIARY_EXISTS: 409,
  BENEFICIARY_INVALID: 422,
  PAYOUT_PROVIDER_ERROR: 502,
  /** A payout to the beneficiary is on its way: it cannot be replaced or removed until the payout settles. */
  BENEFICIARY_IN_USE: 409,
  /** Another request is changing the same beneficiary at Cashfree right now. */
  BENEFICIARY_BUSY: 409,
  /** Cashfree does not hold the beneficiary as stored (a replacement did not finish): send the update again. */
  BENEFICIARY_NOT_REGISTERED: 409,
  /**
   * The events asked for (`after` a sequence) were pruned from the channel's log. `details`:
   * `{ oldestSeq, headSeq }`. Reload the state and continue from `headSeq`.
   */
  EVENTS_PRUNED: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** The channel's uploads would pass their quota: remove some first. `details`: `{ used, quota }`. */
  MEDIA_QUOTA_EXCEEDED: 409,
  RATE_LIMITED: 429,
  /** The Idempotency-Key (or clientMessageId) was first used with a different request: use a new key for a new request. */
  IDEMPOTENCY_KEY_REUSED: 422,
  /** The first request with this Idempotency-Key is still being processed: retry shortly with the same key. */
  IDEMPOTENCY_KEY_IN_USE: 409,
  INTERNAL: 500,
  NOT_READY: 503,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
