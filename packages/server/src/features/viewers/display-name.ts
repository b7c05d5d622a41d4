import { AppError } from '../../errors';
import { cleanText, codePointLength } from '../../text/clean-text';
import { nameKey } from '../moderation/normalize';
import { assertNameAllowed } from '../moderation/platform-terms';

export interface DisplayName {
  name: string;
  /** Folded for comparison: two names with one key would pass for each other. */
  key: string;
}

/**
 * A chat name as readers will see it: invisible characters and extra spaces removed (so
 * "Ali\u200Bce" is "Alice"), then still within `min`–`max` characters, not blank once folded,
 * and clear of the platform's blocked terms (platform-terms.ts; NAME_NOT_ALLOWED). The channel's
 * own list is the caller's to apply: it needs a read.
 */
export function displayName(raw: string, { min, max }: { min: number; max: number }): DisplayName {
  const name = cleanText(raw);
  const key = nameKey(name);
  const length = codePointLength(name);
  if (length < min || length > max || key.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'The request is not valid', [
      { path: 'body.displayName', message: `Must be ${min} to ${max} visible characters` },
    ]);
  }
  assertNameAllowed(name, 'displayName');
  return { name, key };
}
