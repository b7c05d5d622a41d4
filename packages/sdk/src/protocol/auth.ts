import { z } from 'zod';
import { emailSchema, passwordSchema, text } from './common';
import { userSchema } from './users';

export const registerBodySchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  displayName: text(1, 64),
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

export const registerResultSchema = z.object({
  user: userSchema,
  /** Registration sends a verification mail; the account can log in, but not create a channel, until verified. */
  verificationSent: z.literal(true),
});

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
export type VerifyEmailResult = z.infer<typeof verifyEmailResultSchema>;
