import { z } from 'zod';
import { MEDIA_TYPES } from '../media';
import { isoDateTimeSchema } from './common';

export * from '../media';

/** An uploaded file as the API describes it. */
export const mediaUploadSchema = z.object({
  sha256: z.string(),
  type: z.enum(MEDIA_TYPES),
  size: z.number().int(),
  /** Below the server's base URL: `/media/<sha256>.<ext>`. */
  path: z.string(),
  createdAt: isoDateTimeSchema,
});

export const mediaListSchema = z.object({
  uploads: z.array(mediaUploadSchema),
  /** Bytes used of `quota`. */
  used: z.number().int(),
  quota: z.number().int(),
});

export const mediaFileParamsSchema = z.strictObject({
  file: z.string().regex(/^[0-9a-f]{64}\.[a-z0-9]{2,4}$/, 'A file name such as <sha256>.png'),
});

export type MediaUpload = z.infer<typeof mediaUploadSchema>;
export type MediaList = z.infer<typeof mediaListSchema>;
