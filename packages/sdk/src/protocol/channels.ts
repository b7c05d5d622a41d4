import { z } from 'zod';
import { isoDateTimeSchema, text, uuidSchema } from './common';
import { CURRENCY_CODES } from './currencies';

/** Slugs that would collide with routes or confuse viewers. */
export const RESERVED_SLUGS = [
  'api',
  'admin',
  'app',
  'dashboard',
  'docs',
  'embed',
  'help',
  'login',
  'new',
  'overlay',
  'overlays',
  'register',
  'settings',
  'static',
  'support',
  'tipchat',
  'widget',
  'www',
] as const;

export const slugSchema = z
  .string()
  .min(3, 'Must be at least 3 characters')
  .max(32, 'Must be at most 32 characters')
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Use lowercase letters, digits and inner hyphens')
  .refine((s) => !(RESERVED_SLUGS as readonly string[]).includes(s), { message: 'This slug is reserved' });

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a #rrggbb colour');

export const themeSchema = z.strictObject({
  primaryColor: hexColor,
  backgroundColor: hexColor,
  textColor: hexColor,
});

export const DEFAULT_THEME: z.infer<typeof themeSchema> = {
  primaryColor: '#6d28d9',
  backgroundColor: '#ffffff',
  textColor: '#111827',
};

/** Integer amount in the currency's minor unit. Never a float. */
export const minorAmountSchema = z.number().int('Amounts are integers in the minor unit').positive().max(1_000_000_000_000);

const avatarUrlSchema = z
  .url({ protocol: /^https?$/, message: 'Use an http(s) URL' })
  .max(2048)
  .nullable();

/** The streamer's own links on the tip page (their stream, socials): https only, shown in the order given. */
export const CHANNEL_LINKS_MAX = 5;
const channelLinksSchema = z
  .array(z.url({ protocol: /^https$/, message: 'Use an https:// link' }).max(512))
  .max(CHANNEL_LINKS_MAX, `At most ${CHANNEL_LINKS_MAX} links`);

/** Every setting a streamer may change, each optional in a change. */
const channelSettingsSchema = z
  .strictObject({
    displayName: text(1, 64),
    description: text(0, 500, { multiline: true }),
    avatarUrl: avatarUrlSchema,
    /** A wide image across the top of the tip page. */
    bannerUrl: avatarUrlSchema,
    links: channelLinksSchema,
    currency: z.enum(CURRENCY_CODES),
    minTip: minorAmountSchema,
    maxTip: minorAmountSchema,
    tipPresets: z.array(minorAmountSchema).min(1).max(6),
    theme: themeSchema,
  })
  .partial();

/** Only slug and display name are required; the rest defaults from the currency table. */
export const createChannelBodySchema = channelSettingsSchema.extend({
  slug: slugSchema,
  displayName: text(1, 64),
});

export const updateChannelBodySchema = channelSettingsSchema.refine((b) => Object.keys(b).length > 0, {
  message: 'Send at least one field to change',
});

/** Any slug-shaped value; one that cannot exist is a 404, one that is not even slug-shaped a 400. */
export const channelParamsSchema = z.strictObject({
  slug: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'Not a channel slug'),
});

export const streamSchema = z.object({
  id: uuidSchema,
  channelId: uuidSchema,
  title: z.string(),
  startedAt: isoDateTimeSchema,
  endedAt: isoDateTimeSchema.nullable(),
});

export const channelSchema = z.object({
  id: uuidSchema,
  slug: z.string(),
  displayName: z.string(),
  description: z.string(),
  avatarUrl: z.string().nullable(),
  bannerUrl: z.string().nullable(),
  links: z.array(z.string()),
  currency: z.enum(CURRENCY_CODES),
  minTip: z.number().int(),
  maxTip: z.number().int(),
  tipPresets: z.array(z.number().int()),
  theme: themeSchema,
  live: z.boolean(),
  currentStream: streamSchema.nullable(),
  createdAt: isoDateTimeSchema,
});

export const channelListSchema = z.object({ channels: z.array(channelSchema) });

export const startStreamBodySchema = z.strictObject({
  title: text(1, 140).optional(),
});

export const streamParamsSchema = z.strictObject({ id: uuidSchema });

export const streamListSchema = z.object({ streams: z.array(streamSchema) });

export type Channel = z.infer<typeof channelSchema>;
export type ChannelTheme = z.infer<typeof themeSchema>;
export type CreateChannelBody = z.input<typeof createChannelBodySchema>;
export type UpdateChannelBody = z.input<typeof updateChannelBodySchema>;
export type Stream = z.infer<typeof streamSchema>;
export type StartStreamBody = z.input<typeof startStreamBodySchema>;
