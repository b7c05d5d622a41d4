import { z } from 'zod';
import { TTS_MAX_TEXT, TTS_VOICES } from '../tts-voices';

export { TTS_MAX_TEXT, TTS_VOICES };

/** A voice the server's eSpeak-NG engine speaks with (no system voices needed). */
export const ttsVoiceSchema = z.enum(TTS_VOICES);

/** How alerts are spoken on the channel's overlays. Which alerts speak is the overlay's (`tts`) or the alert design's choice. */
export const ttsSettingsSchema = z.object({
  voice: ttsVoiceSchema,
  /** Words per minute; eSpeak's own default is 175. */
  rate: z.number().int().min(80).max(400),
  /** 0–100, of the synthesised speech itself. */
  volume: z.number().int().min(0).max(100),
  /** Tips below this amount (minor units, channel currency) are not spoken, even when their alert is. */
  minAmount: z.number().int().min(0),
});

export const updateTtsSettingsBodySchema = z
  .strictObject({
    voice: ttsVoiceSchema,
    rate: z.number().int().min(80).max(400),
    volume: z.number().int().min(0).max(100),
    minAmount: z.number().int().min(0).max(1_000_000_000_000),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'Send at least one setting to change' });

/** `GET /overlay/:slug/tts?key=…&text=…`: the overlay key travels in the URL because an `<audio>` element cannot send a header. */
export const ttsQuerySchema = z.strictObject({
  /** The channel's overlay key (`tco_…`); staff may send their token as a Bearer header instead. */
  key: z.string().max(200).optional(),
  text: z.string().trim().min(1, 'Give the text to speak').max(TTS_MAX_TEXT, `At most ${TTS_MAX_TEXT} characters can be spoken at once`),
});

export type TtsVoice = z.infer<typeof ttsVoiceSchema>;
export type TtsSettings = z.infer<typeof ttsSettingsSchema>;
export type UpdateTtsSettingsBody = z.infer<typeof updateTtsSettingsBodySchema>;
