import type { MediaType } from '@tipchat/sdk/protocol';

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  bytes.length >= at + text.length && [...text].every((char, i) => bytes[at + i] === char.charCodeAt(0));

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((byte, i) => bytes[i] === byte);

/** The ISO base media brands of MP4 video (not HEIC/AVIF images or QuickTime, which share the `ftyp` box). */
const MP4_BRANDS = new Set(['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'dash', 'mmp4', 'M4V ', 'MSNV']);

/** An MPEG audio frame header of layer III (mp3 without an ID3 tag): 11 sync bits, then layer bits 01. */
const isMp3Frame = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe6) === 0xe2;

/**
 * What a file is, from its first bytes — the way browsers sniff — never from its name or the
 * type the client declared: a script renamed `cat.png` is no image, and a media type we name in
 * `Content-Type` (with `nosniff`) must be true. Null when it is none of the types alerts use.
 */
export function sniffMediaType(bytes: Uint8Array): MediaType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return 'image/gif';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'image/webp';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WAVE')) return 'audio/wav';
  if (ascii(bytes, 0, 'OggS')) return 'audio/ogg';
  if (ascii(bytes, 0, 'ID3') || isMp3Frame(bytes)) return 'audio/mpeg';
  // EBML (Matroska) whose DocType is "webm", which sits in the first few dozen bytes of the header.
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3]) && Buffer.from(bytes.subarray(0, 64)).includes('webm')) return 'video/webm';
  if (ascii(bytes, 4, 'ftyp') && MP4_BRANDS.has(Buffer.from(bytes.subarray(8, 12)).toString('latin1'))) return 'video/mp4';
  return null;
}
