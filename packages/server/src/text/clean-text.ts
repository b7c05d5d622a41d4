/**
 * Chat text is plain text that many people see: it must not carry what a reader cannot see.
 * `cleanText` removes invisible and direction-changing characters (which hide words from blocked-
 * term checks and make names pass for each other), turns line breaks into spaces (chat lines are
 * single lines) and tidies whitespace. Pure, so it is unit-tested on its own.
 */

/** C0/C1 controls that separate words: they become a space rather than glue words together. */
const LINE_CONTROLS = /[\t\n\v\f\r\u0085]/g;
/** Every other control character (NUL, ESC…): dropped. */
const CONTROLS = /\p{Cc}/gu;
/**
 * Zero-width characters, bidi marks, overrides and isolates (U+200B–U+200F, U+202A–U+202E,
 * U+2060–U+2069, U+FEFF), and other invisible formatters (soft hyphen, combining grapheme joiner,
 * Arabic letter mark, Mongolian vowel separator). U+200D is handled apart, below.
 */
// U+034F is a combining mark: outside the class, where it cannot merge with its neighbour.
const INVISIBLE = /[\u00AD\u061C\u180E\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2069\uFEFF]|\u034F/g;
/**
 * The zero-width joiner, except between two pictographs: there it builds one emoji out of
 * several (👩‍💻, 👨‍👩‍👧) and hides nothing.
 */
const ZERO_WIDTH_JOINER = /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;
/** Halves of a surrogate pair without their other half: not text at all. */
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(raw: string): string {
  return raw
    .replace(LONE_SURROGATES, '')
    .normalize('NFC')
    .replace(LINE_CONTROLS, ' ')
    .replace(CONTROLS, '')
    .replace(INVISIBLE, '')
    .replace(ZERO_WIDTH_JOINER, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Length as a reader counts it: code points, not UTF-16 units or bytes. */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}
