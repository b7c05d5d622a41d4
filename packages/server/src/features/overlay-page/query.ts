import { LEADERBOARD_PERIODS } from '@tipchat/sdk/protocol';
import { z } from 'zod';

/** The overlay elements a page can show, in the `show` list's words. */
export const OVERLAY_PARTS = ['alerts', 'goal', 'chat', 'leaderboard'] as const;
export type OverlayPart = (typeof OVERLAY_PARTS)[number];

/** An overlay key as KeyService makes them: `tco_` and 32 random bytes in base64url. */
const overlayKeySchema = z.string().regex(/^tco_[A-Za-z0-9_-]{16,128}$/, 'Not an overlay key (tco_…)');

/** `?show=alerts,goal`: known parts, each once, in the order given. */
const showSchema = z
  .string()
  .max(200)
  .transform((list) => list.split(',').filter((part) => part !== ''))
  .pipe(z.array(z.enum(OVERLAY_PARTS)).min(1, 'Name at least one of alerts, goal, chat, leaderboard'))
  .transform((parts) => [...new Set(parts)]);

const flagSchema = z.enum(['1', '0', 'true', 'false']).transform((flag) => flag === '1' || flag === 'true');

/**
 * The overlay URL's query: `?key=tco_…&show=alerts,goal,chat,leaderboard&theme=dark&lang=hi&sound=https://…&tts=1&period=week`.
 * Strict, so a mistyped option is a 400 the streamer sees while setting up OBS, not a silent default.
 */
export const overlayQuerySchema = z.strictObject({
  key: overlayKeySchema,
  show: showSchema.default([...OVERLAY_PARTS]),
  theme: z.enum(['light', 'dark']).default('dark'),
  /** The elements' language; they know `en` and `hi` and fall back to English. */
  lang: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'A language tag such as en or hi')
    .default('en'),
  /** A sound for each alert; the page's CSP allows this URL's origin for media. */
  sound: z
    .url({ protocol: /^https?$/, message: 'An http(s) URL' })
    .max(2048)
    .optional(),
  /** Speak each alert with the browser's speech synthesis. */
  tts: flagSchema.default(false),
  period: z.enum(LEADERBOARD_PERIODS).default('week'),
});

export type OverlayQuery = z.infer<typeof overlayQuerySchema>;
