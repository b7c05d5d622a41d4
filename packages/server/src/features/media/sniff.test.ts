import { describe, expect, it } from 'vitest';
import { sniffMediaType } from './sniff';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

describe('sniffing a file from its first bytes', () => {
  it.each([
    ['image/png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR')],
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF')],
    ['image/gif', bytes('GIF89a', [1, 0, 1, 0])],
    ['image/gif', bytes('GIF87a', [1, 0, 1, 0])],
    ['image/webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')],
    ['audio/wav', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt ')],
    ['audio/ogg', bytes('OggS', [0, 2])],
    ['audio/mpeg', bytes('ID3', [4, 0, 0])],
    ['audio/mpeg', bytes([0xff, 0xfb, 0x90, 0x64])],
    ['video/webm', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84], 'webm')],
    ['video/mp4', bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0])],
  ])('knows %s', (type, file) => {
    expect(sniffMediaType(file)).toBe(type);
  });

  it.each([
    ['text', bytes('<script>alert(1)</script>')],
    ['an SVG (it can carry script)', bytes('<svg xmlns="http://www.w3.org/2000/svg"></svg>')],
    ['Matroska that is not WebM', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x88], 'matroska')],
    ['a HEIC image (ftyp, not an MP4 brand)', bytes([0, 0, 0, 0x18], 'ftypheic')],
    ['AAC in ADTS (not layer III)', bytes([0xff, 0xf1, 0x50, 0x80])],
    ['nothing', bytes()],
  ])('refuses %s', (_what, file) => {
    expect(sniffMediaType(file)).toBeNull();
  });
});
