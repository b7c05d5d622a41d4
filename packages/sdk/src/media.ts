/**
 * Uploaded alert media and the built-in alert sounds, without zod: the overlay and dashboard
 * bundles import these to build URLs and check files before sending them.
 */

/** The file types an upload may be, as the server sniffs them from the bytes. */
export const MEDIA_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'video/webm',
  'video/mp4',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
] as const;

export type MediaType = (typeof MEDIA_TYPES)[number];
export type MediaKind = 'image' | 'video' | 'audio';

/**
 * The extension a type is served under: its subtype, but `jpg` and `mp3` as people know them.
 * A function rather than a table, so the overlay script carries a few bytes, not the list.
 */
export function mediaExtension(type: MediaType): string {
  const subtype = type.slice(type.indexOf('/') + 1);
  return subtype === 'jpeg' ? 'jpg' : subtype === 'mpeg' ? 'mp3' : subtype;
}

/** Largest image, GIF or sound (bytes). */
export const MAX_IMAGE_OR_SOUND_BYTES = 5 * 1024 * 1024;
/** Largest video (bytes): a few seconds of alert clip. */
export const MAX_VIDEO_BYTES = 15 * 1024 * 1024;
/** What all of a channel's uploads may add up to (bytes). */
export const MEDIA_QUOTA_BYTES = 100 * 1024 * 1024;

export const mediaKind = (type: MediaType): MediaKind => type.slice(0, type.indexOf('/')) as MediaKind;

export const maxMediaBytes = (type: MediaType): number => (mediaKind(type) === 'video' ? MAX_VIDEO_BYTES : MAX_IMAGE_OR_SOUND_BYTES);

/** Where an upload is served, below the server's base URL: `/media/<sha256>.<ext>` (cached for a year: the name is the content). */
export const mediaPath = (media: { sha256: string; type: MediaType }): string => `/media/${media.sha256}.${mediaExtension(media.type)}`;

/** The sounds every server has, made for tipchat (scripts/make-sounds.mjs in the server package). */
export const BUILTIN_SOUNDS = ['chime', 'coin', 'fanfare', 'pop'] as const;
export type BuiltinSound = (typeof BUILTIN_SOUNDS)[number];

/** Where a built-in sound is served, below the server's base URL. */
export const builtinSoundPath = (name: BuiltinSound): string => `/media/sounds/${name}.wav`;
