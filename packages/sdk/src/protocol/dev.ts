import { z } from 'zod';
import { isoDateTimeSchema } from './common';

/** A mail kept by the development transport instead of being sent. */
export const outboxMailSchema = z.object({
  id: z.number().int(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  /** Links found in the mail's text, so a person or a test can follow them. */
  links: z.array(z.string()),
  sentAt: isoDateTimeSchema,
});

export const outboxSchema = z.object({ mails: z.array(outboxMailSchema) });
export const outboxQuerySchema = z.strictObject({ to: z.string().max(254).optional() });

export type OutboxMail = z.infer<typeof outboxMailSchema>;
