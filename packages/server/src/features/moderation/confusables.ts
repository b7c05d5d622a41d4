import { createRequire } from 'node:module';

/**
 * Look-alike characters and the Latin letters they pass for, generated once at start-up from
 * Unicode's own data rather than typed by hand.
 *
 * Source: the npm package `unhomoglyph` 1.0.6 (MIT, nodeca/unhomoglyph), whose data.json is
 * Unicode Technical Standard #39's confusables.txt, version 13.0.0
 * (https://www.unicode.org/Public/security/13.0.0/confusables.txt), as a map from one character
 * to its prototype. Updating the package updates the table; nothing here needs regenerating.
 *
 * From that map we keep the characters whose prototype, decomposed (NFKD) and stripped of
 * diacritics, is plain Latin letters or digits ("а" → "a", "ꓢ" → "S", "ø" → "o̸" → "o",
 * "з" → "3"). TR39 compares lower case with lower case, so it does not call the Cyrillic "м" an
 * "m" (it is drawn like a small capital) although its capital "М" is one: the lower-case form of
 * every capital that passes for a Latin letter is taken in too ("м" → "m", Greek "κ" → "k",
 * "н" → "h"). Blocked terms compare without case, so that is the right reading for them.
 */

const DIACRITICS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/gu;
const LATIN_OR_DIGITS = /^[a-z0-9]+$/;

/**
 * Look-alikes that TR39 does not list, each with its reason. Kept tiny on purpose.
 * - Latin small capitals (ᴀ, ʙ…): TR39 tells them apart from lower case, but "ꜱᴍᴀʟʟ ᴄᴀᴘꜱ" fonts
 *   are the commonest way to dress a word up; TR39 already has ᴄ, ᴏ, ꜱ, ᴜ, ᴠ, ᴡ, ʏ, ᴢ, ɪ.
 * - ß: German sharp s, read "ss" (its case folding), which TR39 leaves alone.
 * - Cyrillic п: printed and handwritten like "n", the way filter dodgers use it; TR39 maps it to π.
 */
// biome-ignore format: a table reads best in rows
const SUPPLEMENT: Readonly<Record<string, string>> = {
  ᴀ: 'a', ʙ: 'b', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n', ᴘ: 'p', ꞯ: 'q', ᴛ: 't',
  ß: 'ss', п: 'n',
};

function readPrototypes(): Record<string, string> {
  const data: unknown = createRequire(import.meta.url)('unhomoglyph/data.json');
  if (typeof data !== 'object' || data === null) throw new Error('tipchat: unhomoglyph/data.json is not a map');
  return data as Record<string, string>;
}

/** A prototype as Latin letters or digits, lower case, or undefined if it is not made of them. */
function latinOf(prototype: string): string | undefined {
  const folded = prototype.normalize('NFKD').replace(DIACRITICS, '').toLowerCase();
  return LATIN_OR_DIGITS.test(folded) ? folded : undefined;
}

const isSingleNonAscii = (char: string) => char.length > 0 && [...char].length === 1 && (char.codePointAt(0) ?? 0) >= 0x80;

function buildFold(): ReadonlyMap<string, string> {
  const prototypes = Object.entries(readPrototypes());
  const fold = new Map<string, string>();
  // ASCII keeps its own meaning here: digits and symbols are the leet tables' business, and
  // TR39's "m" → "rn" and "I" → "l" are handled where names and terms are folded.
  for (const [source, prototype] of prototypes) {
    const latin = typeof prototype === 'string' && isSingleNonAscii(source) ? latinOf(prototype) : undefined;
    if (latin !== undefined) fold.set(source, latin);
  }
  for (const [source, prototype] of prototypes) {
    const lower = source.toLowerCase();
    if (lower === source || !isSingleNonAscii(lower) || fold.has(lower) || typeof prototype !== 'string') continue;
    const latin = latinOf(prototype);
    if (latin !== undefined) fold.set(lower, latin);
  }
  for (const [source, latin] of Object.entries(SUPPLEMENT)) if (!fold.has(source)) fold.set(source, latin);
  return fold;
}

/** Non-ASCII character → the lower-case Latin letters (or digits) it passes for. Built once, read per character. */
export const FOLD: ReadonlyMap<string, string> = buildFold();

/**
 * Digits and symbols written for letters ("b4d", "sh!t", "@$$"). Used for blocked terms only:
 * in a display name "Team4" is not trying to be "Teama". `1`, `!` and `|` need one target each
 * because i and l are the same letter after folding (see `skeleton`).
 */
// biome-ignore format: a table reads best in rows
export const LEET: Readonly<Record<string, string>> = {
  '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g',
  '@': 'a', $: 's', '!': 'l', '|': 'l', '¡': 'l', '€': 'e',
};

/** Symbols written in place of a letter to mask it ("f*ck", "sh#t"): any one letter, never the first. */
export const MASKS: ReadonlySet<string> = new Set(['*', '#']);

/** The few digits and symbols that are drawn like letters, so they fold in names too (TR39 maps them). */
export const NAME_LOOKALIKES: Readonly<Record<string, string>> = { '0': 'o', '1': 'l', '|': 'l' };
