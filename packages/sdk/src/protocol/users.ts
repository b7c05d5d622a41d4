import { z } from 'zod';
import { emailSchema, isoDateTimeSchema, passwordSchema, text, uuidSchema } from './common';

export const userSchema = z.object({
  id: uuidSchema,
  email: z.string(),
  displayName: z.string(),
  emailVerified: z.boolean(),
  role: z.enum(['streamer', 'admin']),
  status: z.enum(['active', 'restricted']),
  createdAt: isoDateTimeSchema,
});

export const updateUserBodySchema = z
  .strictObject({
    displayName: text(1, 64).optional(),
    email: emailSchema.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'Send at least one field to change' });

export const changePasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: passwordSchema,
});

export const restrictAccountBodySchema = z.strictObject({
  password: z.string().min(1).max(128),
});

export type User = z.infer<typeof userSchema>;
export type UpdateUserBody = z.input<typeof updateUserBodySchema>;
export type ChangePasswordBody = z.input<typeof changePasswordBodySchema>;
export type RestrictAccountBody = z.input<typeof restrictAccountBodySchema>;
