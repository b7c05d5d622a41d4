import { z } from 'zod';

export const healthSchema = z.object({ status: z.literal('ok') });
export const readinessSchema = z.object({
  status: z.literal('ready'),
  database: z.literal('ok'),
  /** `not-configured`: no REDIS_URL (one process, in-process limits and fan-out). */
  redis: z.enum(['ok', 'not-configured']),
  migrations: z.number().int(),
});
