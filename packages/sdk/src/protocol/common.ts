import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './error-codes';

const errorCodeValues = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/** One failing field of a request: where it is and what is wrong with it. */
export const fieldIssueSchema = z.object({
  path: z.string(),
  message: z.string(),
});

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(errorCodeValues),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

export const uuidSchema = z.uuid();
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

/** C0/C1 control characters (NUL, escape codes…): never meaningful in a name or a title. */
const CONTROL = /\p{Cc}/u;
/** The same, but keeping line breaks and tabs for multi-line text such as descriptions. */
const CONTROL_EXCEPT_LINES = /[^\P{Cc}\n\t]/u;

/**
 * Trimmed text with a length limit counted in characters (code points), not UTF-16 units, and
 * no control characters (a NUL would not even reach the database).
 */
export function text(min: number, max: number, options: { multiline?: boolean } = {}) {
  const control = options.multiline ? CONTROL_EXCEPT_LINES : CONTROL;
  return z
    .string()
    .trim()
    .refine((s) => !control.test(s), { message: 'Must not contain control characters' })
    .refine((s) => [...s].length >= min, { message: `Must be at least ${min} character(s)` })
    .refine((s) => [...s].length <= max, { message: `Must be at most ${max} characters` });
}

export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((s) => s.toLowerCase());

/**
 * 10–128 characters. Long passphrases are welcome; the upper bound stops a megabyte "password"
 * from tying up the hasher.
 */
export const passwordSchema = z.string().min(10, 'Must be at least 10 characters').max(128, 'Must be at most 128 characters');

export const okSchema = z.object({ ok: z.literal(true) });

export type ErrorBody = z.infer<typeof errorBodySchema>;
export type FieldIssue = z.infer<typeof fieldIssueSchema>;
