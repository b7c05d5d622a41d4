import { FOLD, LEET, MASKS, NAME_LOOKALIKES } from './confusables';

/**
 * Diacritics that NFKD splits off their letter ("bäd" → "ba" + U+0308 + "d"), and the same marks
 * stacked as "Zalgo" text. Only the generic combining blocks: the vowel signs of Indic and other
 * scripts change the word and stay.
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
/**
 * Apostrophes (and the marks typed for them) join the two halves of a contraction, not the two
 * halves of a word: "he'll" is "he" and "ll", never "hell".
 */
const APOSTROPHE = /['\u2018\u2019\u201b\u02bc\u02bb\u2032\u0060\u00b4\uff07]/u;
const LATIN = /^[a-z]$/;
const DIGIT = /^[0-9]$/;
/** Letters, numbers and marks of scripts we do not fold: words of their own, never part of a Latin one. */
const OTHER_WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;

/** Compatibility forms decomposed (fullwidth, ligatures, math letters), diacritics and invisible characters dropped. */
function decompose(text: string): string {
  return text.normalize('NFKD').replace(DIACRITICS, '').replace(INVISIBLE, '');
}

/**
 * One character's Latin skeleton: look-alikes mapped (confusables.ts, from Unicode's data), case
 * folded, and i merged into l. In the sans-serif fonts chat is read in, capital I and small l
 * are the same glyph; once case no longer counts, that makes i, I and l one letter.
 */
function skeleton(char: string): string {
  const folded = FOLD.get(char) ?? FOLD.get(char.toLowerCase()) ?? char.toLowerCase();
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
      /** A digit or symbol read as a letter ("b4d", "sh!t", "f*ck"); it may as well be punctuation ("bad!"). */
      loose: boolean;
      /** The only real letter between two whitespace gaps, as in "b a d": one letter of a spelled-out word. */
      spelled: boolean;
      /** A mask ("f*ck"): stands for any one letter, but never begins a word. */
      wild: boolean;
      /** A capital right after a small letter: a camelCase word starts here ("ScamLord"). */
      breakBefore: boolean;
    }
  /** Punctuation, symbols, emoji: they end a word, but may also sit inside a disguised one ("b.a.d"). */
  | { kind: 'mark' }
  /** Whitespace, apostrophes, and words of scripts we do not fold: a real gap. */
  | { kind: 'space'; apostrophe: boolean };

type Piece =
  /** `borrowed`: folded from another script's look-alike. `upper`: written as a capital. */
  | { kind: 'letter'; char: string; borrowed: boolean; upper: boolean }
  | { kind: 'leet'; char: string; borrowed: boolean }
  | { kind: 'mask' }
  | { kind: 'mark' }
  | { kind: 'space'; apostrophe: boolean }
  /** A letter of a script we do not fold (or a look-alike inside a word of one). */
  | { kind: 'foreign' };

/** Pieces per character, remembered: chat repeats the same few hundred characters endlessly. */
const piecesMemo = new Map<string, readonly Piece[]>();
const PIECES_MEMO_MAX = 4096;

function piecesOf(char: string): readonly Piece[] {
  let known = piecesMemo.get(char);
  if (known === undefined) {
    if (piecesMemo.size >= PIECES_MEMO_MAX) piecesMemo.clear();
    known = readPieces(char);
    piecesMemo.set(char, known);
  }
  return known;
}

function readPieces(char: string): Piece[] {
  if (WHITESPACE.test(char)) return [{ kind: 'space', apostrophe: false }];
  if (APOSTROPHE.test(char)) return [{ kind: 'space', apostrophe: true }];
  if (MASKS.has(char)) return [{ kind: 'mask' }];
  if (LEET[char] !== undefined || DIGIT.test(char)) return [{ kind: 'leet', char, borrowed: false }];
  const borrowed = (char.codePointAt(0) ?? 0) >= 0x80;
  const upper = char !== char.toLowerCase();
  return [...skeleton(char)].map((c): Piece => {
    if (LATIN.test(c)) return { kind: 'letter', char: c, borrowed, upper };
    if (DIGIT.test(c)) return { kind: 'leet', char: c, borrowed };
    return OTHER_WORD_CHARACTER.test(c) ? { kind: 'foreign' } : { kind: 'mark' };
  });
}

const inWord = (piece: Piece) => piece.kind === 'letter' || piece.kind === 'leet' || piece.kind === 'foreign';

function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  for (const char of decompose(text)) for (const piece of piecesOf(char)) out.push(piece);
  // A word with letters we cannot fold belongs to another script ("привет", "καλημέρα", "الله"):
  // its look-alike letters are that script's own, not a disguised Latin word, so none of it folds.
  for (let start = 0; start < out.length; ) {
    if (!inWord(out[start] as Piece)) {
      start++;
      continue;
    }
    let end = start;
    while (end < out.length && inWord(out[end] as Piece)) end++;
    if (out.slice(start, end).some((piece) => piece.kind === 'foreign')) {
      for (let i = start; i < end; i++) {
        const piece = out[i] as Piece;
        if ((piece.kind === 'letter' || piece.kind === 'leet') && piece.borrowed) out[i] = { kind: 'foreign' };
      }
    }
    start = end;
  }
  return out;
}

/**
 * Whether the text has letters of a script the matcher does not fold (Cyrillic words, Devanagari…).
 * Such a term would be matched only by its Latin-looking letters, blocking the wrong things.
 */
export function hasUnfoldableLetters(text: string): boolean {
  return pieces(text).some((piece) => piece.kind === 'foreign');
}

/**
 * Chat text folded for blocked-term matching: a Latin skeleton, one cell per letter, with the
 * gaps between words kept. Digits, letter-like symbols and masks read as letters in a chunk (a
 * run between whitespace) that has real letters or no digits: "b4d" is "bad", "@$$" is "ass" and
 * "f*ck" a masked word, but "455", "$50" and "5*" stay a number, a price and a rating.
 */
export function foldText(text: string): Cell[] {
  const all = pieces(text);
  const cells: Cell[] = [];
  const gap = (piece: Piece | undefined) => piece === undefined || piece.kind === 'space' || piece.kind === 'foreign';
  let start = 0;
  while (start < all.length) {
    const first = all[start] as Piece;
    if (gap(first)) {
      cells.push({ kind: 'space', apostrophe: first.kind === 'space' && first.apostrophe });
      start++;
      continue;
    }
    let end = start;
    while (end < all.length && !gap(all[end])) end++;
    const chunk = all.slice(start, end);
    const letters = chunk.filter((piece) => piece.kind === 'letter').length;
    // A chunk with digits and no real letter is a number, a price or a time ("455", "$50", "3:45").
    const word = letters > 0 || !chunk.some((piece) => piece.kind === 'leet' && DIGIT.test(piece.char));
    let previous: Piece | undefined;
    for (const piece of chunk) {
      cells.push(cellOf(piece, word, letters === 1, previous));
      previous = piece;
    }
    start = end;
  }
  return cells;
}

function cellOf(piece: Piece, word: boolean, alone: boolean, previous: Piece | undefined): Cell {
  const letter = (char: string, loose: boolean, wild = false, breakBefore = false): Cell => ({
    kind: 'letter',
    char,
    loose,
    spelled: !loose && alone,
    wild,
    breakBefore,
  });
  switch (piece.kind) {
    case 'letter': {
      const camel = piece.upper && previous?.kind === 'letter' && !previous.upper;
      return letter(piece.char, false, false, camel);
    }
    case 'leet':
      if (word) return letter(LEET[piece.char] ?? piece.char, true);
      return DIGIT.test(piece.char) ? letter(piece.char, true) : { kind: 'mark' };
    case 'mask':
      return word ? letter('?', true, true) : { kind: 'mark' };
    default:
      return { kind: 'mark' };
  }
}
