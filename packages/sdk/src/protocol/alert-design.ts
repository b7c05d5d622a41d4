import { z } from 'zod';
import { ALERT_ANIMATIONS, ALERT_FONTS, ALERT_LAYOUTS, MAX_ALERT_VARIATIONS } from '../alert-design';
import { BUILTIN_SOUNDS, MEDIA_TYPES, type MediaType, mediaKind } from '../media';
import { text } from './common';

export * from '../alert-design';

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'A sha256 in lowercase hex');
const mediaTypeSchema = z.enum(MEDIA_TYPES);

/** An upload of the channel (`POST /channels/:slug/media`), named by the sha256 of its bytes. */
export const mediaRefSchema = z.strictObject({ sha256: sha256Schema, type: mediaTypeSchema });

const ofKind = (kinds: readonly string[], what: string) =>
  mediaRefSchema.refine((ref) => kinds.includes(mediaKind(ref.type as MediaType)), { message: `Must be ${what}`, path: ['type'] });

/** What an alert shows beside its text: an image, an animated GIF or a short video. */
export const alertMediaSchema = ofKind(['image', 'video'], 'an image or a video');

/** What an alert plays: one of the built-in sounds or an uploaded one. */
export const alertSoundSchema = z.union([z.strictObject({ builtin: z.enum(BUILTIN_SOUNDS) }), ofKind(['audio'], 'a sound')]);

const colourSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour such as #ff8800');

/**
 * How one alert looks and sounds. A null colour, duration or template keeps the classic alert's
 * (the tier's colour, the tier's alert seconds, "{name} tipped {amount}" in the overlay's language).
 */
export const alertVariationSchema = z.strictObject({
  /** The streamer's own label for it, shown in the dashboard only. */
  label: text(0, 40).default(''),
  media: alertMediaSchema.nullable().default(null),
  sound: alertSoundSchema.nullable().default(null),
  /**
   * `{name}`, `{amount}` and `{message}` are replaced; `**text**` is bold. Everything else is
   * shown as typed (never as markup). Without `{message}` the message shows under the text.
   */
  template: text(1, 200).nullable().default(null),
  /** Where the image or video goes: above the text, to its left, or behind it. */
  layout: z.enum(ALERT_LAYOUTS).default('above'),
  font: z.enum(ALERT_FONTS).default('system'),
  textColor: colourSchema.nullable().default(null),
  /** The name and amount, the top border and the timer. */
  highlightColor: colourSchema.nullable().default(null),
  animationIn: z.enum(ALERT_ANIMATIONS).default('zoom'),
  animationOut: z.enum(ALERT_ANIMATIONS).default('zoom'),
  durationSeconds: z.number().int().min(1).max(60).nullable().default(null),
  /** Of the sound and the video, 0–100. */
  volume: z.number().int().min(0).max(100).default(80),
  /** Speak the alert. */
  tts: z.boolean().default(false),
});

const amountSchema = z.number().int().min(0).max(1_000_000_000_000);

/** A variation for tips from `minAmount` up to, not including, `maxAmount` (null: no upper end), in the channel currency's minor units. */
export const rangedAlertVariationSchema = alertVariationSchema.extend({ minAmount: amountSchema, maxAmount: amountSchema.nullable() });

/**
 * The alert designer's result: the variation each tip plays is the one whose range holds its
 * amount, else the default. Ranges may not overlap, so the choice never depends on their order.
 */
export const alertDesignSchema = z
  .strictObject({
    default: alertVariationSchema,
    variations: z.array(rangedAlertVariationSchema).max(MAX_ALERT_VARIATIONS).default([]),
  })
  .superRefine((design, ctx) => {
    const byMin = design.variations.map((variation, index) => ({ ...variation, index })).sort((a, b) => a.minAmount - b.minAmount);
    let previous: (typeof byMin)[number] | undefined;
    for (const variation of byMin) {
      if (variation.maxAmount !== null && variation.maxAmount <= variation.minAmount) {
        ctx.addIssue({
          code: 'custom',
          message: 'The upper amount must be above the lower one',
          path: ['variations', variation.index, 'maxAmount'],
        });
      }
      if (previous && (previous.maxAmount === null || previous.maxAmount > variation.minAmount)) {
        ctx.addIssue({
          code: 'custom',
          message: `Its amounts overlap those of variation ${previous.index + 1}`,
          path: ['variations', variation.index, 'minAmount'],
        });
      }
      previous = variation;
    }
  });

export type MediaRef = z.infer<typeof mediaRefSchema>;
export type AlertSound = z.infer<typeof alertSoundSchema>;
export type AlertVariation = z.infer<typeof alertVariationSchema>;
export type RangedAlertVariation = z.infer<typeof rangedAlertVariationSchema>;
export type AlertDesign = z.infer<typeof alertDesignSchema>;
export type AlertDesignInput = z.input<typeof alertDesignSchema>;
export type AlertLayout = (typeof ALERT_LAYOUTS)[number];
export type AlertAnimation = (typeof ALERT_ANIMATIONS)[number];
export type AlertFont = (typeof ALERT_FONTS)[number];
