import { CONFUSABLES, LEET, NAME_LOOKALIKES } from './confusables';

/**
 * Diacritics that NFKD splits off their letter ("bäd" → "ba" + U+0308 + "d"). Only the generic
 * combining blocks: the vowel signs of Indic and other scripts change the word and stay.
 */
const DIACRITICS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/gu;
/**
 * Characters that draw nothing: zero-width characters, bidi controls and every other format
 * character (Cf), the grapheme joiner, Khmer inherent vowels, variation selectors, and the "blank letters" (Hangul
 * fillers, braille blank) used for invisible names.
 */
// The combining ones are alternatives, not class members: in a class they could fuse with a neighbour.
const INVISIBLE = /[\p{Cf}\u115f\u1160\u2800\u3164\uffa0]|\u034f|\u17b4|\u17b5|\p{Variation_Selector}/gu;
const WHITESPACE = /\s/u;
const PUNCTUATION_OR_SPACE = /[\s\p{P}]/u;
const LATIN = /^[a-z]$/;
const DIGIT = /^[0-9]$/;
/** Letters, numbers and marks of scripts we do not fold: words of their own, never part of a Latin one. */
const OTHER_WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;

/** Compatibility forms decomposed (fullwidth, ligatures, math letters), diacritics and invisible characters dropped. */
function decompose(text: string): string {
  return text.normalize('NFKD').replace(DIACRITICS, '').replace(INVISIBLE, '');
}

/**
 * One character's Latin skeleton: look-alikes mapped, case folded, and i merged into l. In the
 * sans-serif fonts chat is read in, capital I and small l are the same glyph; once case no
 * longer counts, that makes i, I and l one letter.
 */
function skeleton(char: string): string {
  const lower = (CONFUSABLES[char] ?? char).toLowerCase();
  let folded = '';
  for (const c of lower) folded += CONFUSABLES[c] ?? c;
  return folded.replaceAll('i', 'l');
}

/**
 * The key two display names collide on: same key, same name to a reader. Case, width,
 * diacritics, invisible characters, whitespace and punctuation are ignored and look-alike
 * letters folded (TR39-style skeleton, plus "rn", which reads as "m"), so "Alice", "ALICE",
 * "A l i c e", "Аlice" (Cyrillic А) and "Al\u200Bice" are one name while "Alicia" is another.
 */
export function nameKey(name: string): string {
  const decomposed = decompose(name);
  let key = '';
  for (const char of decomposed) {
    if (PUNCTUATION_OR_SPACE.test(char)) continue;
    key += NAME_LOOKALIKES[char] ?? skeleton(char);
  }
  key = key.replaceAll('rn', 'm').normalize('NFC');
  if (key.length > 0) return key;
  // Nothing but punctuation: keep it, so ":)" and ":(" stay two names. Empty only if invisible.
  return decomposed.replace(/\s+/gu, '').toLowerCase().normalize('NFC');
}

/** One folded character of chat text, as the blocked-term matcher reads it. */
export type Cell =
  | {
      kind: 'letter';
      /** a–z (with i folded into l) or a digit. */
      char: string;
      /** A digit or symbol read as a letter ("b4d", "sh!t"); it may as well be punctuation ("bad!"). */
      loose: boolean;
      /** The only real letter between two whitespace gaps, as in "b a d": one letter of a spelled-out word. */
      spelled: boolean;
    }
  /** Punctuation, symbols, emoji: they end a word, but may also sit inside a disguised one ("b.a.d"). */
  | { kind: 'mark' }
  /** Whitespace, and words of scripts we do not fold: a real gap. */
  | { kind: 'space' };

type Piece = { kind: 'letter' | 'leet' | 'mark' | 'space'; char: string };

function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  for (const char of decompose(text)) {
    if (WHITESPACE.test(char)) out.push({ kind: 'space', char });
    else if (LEET[char] !== undefined || DIGIT.test(char)) out.push({ kind: 'leet', char });
    else {
      for (const c of skeleton(char)) {
        out.push({ kind: LATIN.test(c) ? 'letter' : OTHER_WORD_CHARACTER.test(c) ? 'space' : 'mark', char: c });
      }
    }
  }
  return out;
}

/**
 * Whether the text has letters of a script the matcher does not fold (Cyrillic words, Devanagari…).
 * Such a term would be matched only by its Latin-looking letters, blocking the wrong things.
 */
export function hasUnfoldableLetters(text: string): boolean {
  return pieces(text).some((piece) => piece.kind === 'space' && !WHITESPACE.test(piece.char));
}

/**
 * Chat text folded for blocked-term matching: a Latin skeleton, one cell per letter, with the
 * gaps between words kept. Digits and letter-like symbols read as letters in a chunk (a run
 * between whitespace) that has real letters or no digits: "b4d" is "bad" and "@$$" is "ass",
 * but "455" and "$50" stay a number and a price, never "ass" or "so".
 */
export function foldText(text: string): Cell[] {
  const all = pieces(text);
  const cells: Cell[] = [];
  let start = 0;
  while (start < all.length) {
    if (all[start]?.kind === 'space') {
      cells.push({ kind: 'space' });
      start++;
      continue;
    }
    let end = start;
    while (end < all.length && all[end]?.kind !== 'space') end++;
    const chunk = all.slice(start, end);
    const letters = chunk.filter((piece) => piece.kind === 'letter').length;
    // A chunk with digits and no real letter is a number, a price or a time ("455", "$50", "3:45").
    const word = letters > 0 || !chunk.some((piece) => DIGIT.test(piece.char));
    for (const piece of chunk) {
      if (piece.kind === 'letter') cells.push({ kind: 'letter', char: piece.char, loose: false, spelled: letters === 1 });
      else if (piece.kind === 'leet' && word)
        cells.push({ kind: 'letter', char: LEET[piece.char] ?? piece.char, loose: true, spelled: false });
      else if (piece.kind === 'leet' && DIGIT.test(piece.char))
        cells.push({ kind: 'letter', char: piece.char, loose: true, spelled: false });
      else cells.push({ kind: 'mark' });
    }
    start = end;
  }
  return cells;
}
