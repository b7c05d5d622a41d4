import { ERROR_CODES, type ErrorCode } from './protocol/error-codes';

/**
 * Codes the SDK itself raises when no server answer exists to carry one. TIMEOUT: a realtime
 * request got no acknowledgement in time (it may still have taken effect); CONNECTION_CLOSED:
 * the connection was closed while the call waited.
 */
export type ClientErrorCode = 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE' | 'TIMEOUT' | 'CONNECTION_CLOSED';

export interface TipchatErrorInit {
  code: ErrorCode | ClientErrorCode;
  message: string;
  status: number;
  details?: unknown;
  cause?: unknown;
}

/** Every failure the SDK reports. Branch on `code`; the subclass tells the broad kind. */
export class TipchatError extends Error {
  override name = 'TipchatError';
  readonly code: ErrorCode | ClientErrorCode;
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  readonly details: unknown;

  constructor(init: TipchatErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.details = init.details;
  }
}

/** 400, 413, 415, 422: the request itself was wrong; `details` lists failing fields when known. */
export class ValidationError extends TipchatError {
  override name = 'ValidationError';
}
/** 401: no session, or it expired and could not be refreshed. */
export class AuthenticationError extends TipchatError {
  override name = 'AuthenticationError';
}
/** 403: signed in, but not allowed (not the owner, unverified email, restricted account). */
export class PermissionError extends TipchatError {
  override name = 'PermissionError';
}
export class NotFoundError extends TipchatError {
  override name = 'NotFoundError';
}
/** 409: the request conflicts with what exists (slug taken, already live). */
export class ConflictError extends TipchatError {
  override name = 'ConflictError';
}
export class RateLimitError extends TipchatError {
  override name = 'RateLimitError';
}
/** 5xx: the server failed; retrying later may help. */
export class ServerError extends TipchatError {
  override name = 'ServerError';
}
/** The server could not be reached at all. */
export class NetworkError extends TipchatError {
  override name = 'NetworkError';
}

const BY_STATUS: Record<number, typeof TipchatError> = {
  400: ValidationError,
  401: AuthenticationError,
  403: PermissionError,
  404: NotFoundError,
  409: ConflictError,
  413: ValidationError,
  415: ValidationError,
  422: ValidationError,
  429: RateLimitError,
};

function isErrorBody(body: unknown): body is { error: { code: ErrorCode; message: string; details?: unknown } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

/** Builds the typed error for a non-2xx response from its status and (parsed) body. */
export function errorFromResponse(status: number, body: unknown): TipchatError {
  const ErrorClass = BY_STATUS[status] ?? (status >= 500 ? ServerError : TipchatError);
  if (isErrorBody(body)) {
    return new ErrorClass({ code: body.error.code, message: body.error.message, status, details: body.error.details });
  }
  return new ErrorClass({
    code: 'UNEXPECTED_RESPONSE',
    message: `The server answered ${status} without a tipchat error body`,
    status,
    details: body,
  });
}

/**
 * The typed error for a code that arrived without an HTTP status (a realtime acknowledgement or
 * a refused socket handshake): the status is the one the code travels with over HTTP.
 */
export function errorFromCode(code: string, message: string, details?: unknown): TipchatError {
  const status = Object.hasOwn(ERROR_CODES, code) ? ERROR_CODES[code as ErrorCode] : 0;
  return errorFromResponse(status, { error: details === undefined ? { code, message } : { code, message, details } });
}
