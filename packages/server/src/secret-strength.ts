/**
 * A deliberately simple test of TIPCHAT_SECRET, which signs every access token: a guessable secret lets anyone
 * mint a session for any account. Refused: missing, shorter than 32 characters, fewer than 8 distinct characters
 * (`aaaa…`, `abababab…`, `0000…`), or containing a placeholder word from a README or an example file. Anything a
 * generator prints (`openssl rand -hex 32`, `openssl rand -base64 48`) passes.
 */
export const MIN_SECRET_LENGTH = 32;
const MIN_DISTINCT_CHARACTERS = 8;
const PLACEHOLDERS = [
  'changeme',
  'change-me',
  'change_me',
  'replaceme',
  'replace-me',
  'secret',
  'password',
  'example',
  'tipchat',
  'xxxxxxxx',
];

const HOW = 'generate one with `openssl rand -hex 32`';

/** Why `secret` is not good enough, or null when it is. */
export function secretProblem(secret: string | undefined): string | null {
  if (!secret) return `Required in production (${HOW}; or run \`tipchat start --demo\` to try tipchat)`;
  if (secret.length < MIN_SECRET_LENGTH) return `Too short: use at least ${MIN_SECRET_LENGTH} characters (${HOW})`;
  if (new Set(secret).size < MIN_DISTINCT_CHARACTERS) return `Too weak: it repeats a few characters (${HOW})`;
  const lower = secret.toLowerCase();
  const placeholder = PLACEHOLDERS.find((word) => lower.includes(word));
  if (placeholder) return `Too weak: it contains the placeholder "${placeholder}" (${HOW})`;
  return null;
}
