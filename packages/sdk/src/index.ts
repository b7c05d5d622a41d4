export { type ClientOptions, createClient, type TipchatClient } from './client';
export {
  AuthenticationError,
  type ClientErrorCode,
  ConflictError,
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
export type { LoginBody, RegisterBody, RegisterResult, ResetPasswordBody, Session, VerifyEmailResult } from './protocol/auth';
export type { Channel, ChannelTheme, CreateChannelBody, StartStreamBody, Stream, UpdateChannelBody } from './protocol/channels';
export type { ErrorBody, FieldIssue } from './protocol/common';
export { CURRENCIES, type CurrencyCode, minorUnitsPerMajor } from './protocol/currencies';
export type { OutboxMail } from './protocol/dev';
export type { ErrorCode } from './protocol/error-codes';
export type { ChangePasswordBody, RestrictAccountBody, UpdateUserBody, User } from './protocol/users';
