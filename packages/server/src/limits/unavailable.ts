import { AppError } from '../errors';

/**
 * A limit that cannot be counted (Redis away) is refused, not skipped: letting floods through
 * while Redis is down would make Redis the attacker's off switch. The client retries shortly.
 */
export function countersUnavailable(cause: unknown, message = 'This is briefly unavailable. Try again in a moment.'): AppError {
  return new AppError('SERVICE_UNAVAILABLE', message, { retryAfterSeconds: 1 }, cause);
}
