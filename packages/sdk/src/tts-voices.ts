/**
 * The eSpeak-NG voices tipchat offers, by language: the ones checked to load in the engine the
 * server runs. No zod here: browser bundles import these.
 */
export const TTS_VOICES = ['en-us', 'en', 'hi', 'es', 'es-419', 'fr', 'de', 'pt-br', 'it', 'ja', 'ta', 'bn'] as const;

/** The longest text one speech request may carry: a name, an amount and the longest tip message (500), with room to spare. */
export const TTS_MAX_TEXT = 600;
