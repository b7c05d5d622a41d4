import { z } from 'zod';
import { emailSchema, passwordSchema, text } from './common';
import { userSchema } from './users';

export const registerBodySchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  displayName: text(1, 64),
  /** The token of an operator's invite link; needed when the server's REGISTRATION=invite. */
  invite: z.string().min(16).max(512).optional(),
});

export const loginBodySchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(128),
});

export const refreshBodySchema = z.strictObject({
  refreshToken: z.string().min(16).max(512),
});

export const logoutBodySchema = refreshBodySchema;

export const emailOnlyBodySchema = z.strictObject({ email: emailSchema });

export const verifyEmailQuerySchema = z.strictObject({
  token: z.string().min(16).max(512),
});

export const resetPasswordBodySchema = z.strictObject({
  token: z.string().min(16).max(512),
  password: passwordSchema,
});

export const sessionSchema = z.object({
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
  refreshToken: z.string(),
  user: userSchema,
});

/**
 * The same answer whether the address was new (the account is created and mailed a verification link) or already
 * had an account (its owner is mailed instead): it never reveals who is registered. Sign in next to find out whether
 * these credentials work; the SDK's `auth.register` does.
 */
export const registerResultSchema = z.object({ accepted: z.literal(true) });

export const verifyEmailResultSchema = z.object({ verified: z.literal(true), email: z.string() });

export const acceptedSchema = z.object({
  /** Always true, whether or not the address has an account: the answer never reveals who is registered. */
  accepted: z.literal(true),
});

export type RegisterBody = z.input<typeof registerBodySchema>;
export type LoginBody = z.input<typeof loginBodySchema>;
export type ResetPasswordBody = z.input<typeof resetPasswordBodySchema>;
export type Session = z.infer<typeof sessionSchema>;
export type RegisterResult = z.infer<typeof registerResultSchema>;
/**
 * What the SDK's `auth.register` ends with: signed in (a new account, or the address's own password), or a neutral
 * "check your mail" (the address has an account and the password was not its own; its owner was mailed).
 */
export type RegisterOutcome = { status: 'signed-in'; session: Session } | { status: 'check-email' };
export type VerifyEmailResult = z.infer<typeof verifyEmailResultSchema>;
