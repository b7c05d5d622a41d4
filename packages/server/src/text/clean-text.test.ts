import { describe, expect, it } from 'vitest';
import { cleanText, codePointLength } from './clean-text';

describe('cleanText', () => {
  it('turns line breaks and tabs into single spaces and trims', () => {
    expect(cleanText('  hello\r\n\tworld \n')).toBe('hello world');
    expect(cleanText('a\u0085b\u2028c')).toBe('a b c');
  });

  it('drops every other control character', () => {
    expect(cleanText('be\u0000ep \u001b[31mred\u007f')).toBe('beep [31mred');
  });

  it('removes zero-width characters, so a word cannot hide from filters', () => {
    expect(cleanText('s\u200Bp\u200Ca\u200Dm\u2060\uFEFF')).toBe('spam');
    expect(cleanText('soft\u00ADhyphen')).toBe('softhyphen');
  });

  it('removes bidi overrides, embeddings, isolates and marks', () => {
    expect(cleanText('\u202Eevil\u202C \u2066iso\u2069 \u200Fmark\u200E \u061Carabic')).toBe('evil iso mark arabic');
  });

  it('keeps the zero-width joiner inside emoji sequences', () => {
    expect(cleanText('dev 👩\u200D💻 family 👨\u200D👩\u200D👧 heart ❤\uFE0F\u200D🔥')).toBe(
      'dev 👩\u200D💻 family 👨\u200D👩\u200D👧 heart ❤\uFE0F\u200D🔥',
    );
  });

  it('collapses runs of any whitespace, including non-breaking and ideographic spaces', () => {
    expect(cleanText('a \u00A0\u3000  b')).toBe('a b');
  });

  it('composes to NFC, so one letter counts once', () => {
    const decomposed = 'e\u0301';
    expect(cleanText(decomposed)).toBe('\u00E9');
    expect(codePointLength(cleanText(decomposed))).toBe(1);
  });

  it('drops lone surrogate halves', () => {
    expect(cleanText('a\uD800b\uDC00c')).toBe('abc');
    expect(cleanText('😀')).toBe('😀');
  });

  it('leaves nothing of a message made only of invisible characters', () => {
    expect(cleanText('\u200B \u202E\n\t\uFEFF')).toBe('');
  });
});

describe('codePointLength', () => {
  it('counts characters, not UTF-16 units or bytes', () => {
    expect(codePointLength('😀😀😀')).toBe(3);
    expect('😀😀😀'.length).toBe(6);
    expect(codePointLength('नमस्ते')).toBe(6);
    expect(codePointLength('')).toBe(0);
  });
});
