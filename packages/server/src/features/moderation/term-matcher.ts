import { type Cell, foldText } from './normalize';

/**
 * Blocked-term matching that survives evasion without flagging innocent words.
 *
 * Text and terms are folded alike (normalize.ts): case, width, diacritics, invisible
 * characters and look-alike letters disappear, digits and symbols written for letters become
 * letters. What remains is a stream of letter cells with the gaps between them kept and typed:
 * `mark` (punctuation, symbols, emoji) or `space` (whitespace).
 *
 * A compiled term is a string of folded letters plus two operators: `*` (pattern terms only: any
 * run of letters, possibly none) and ` ` (a word break inside a phrase term: any gap, or none,
 * so "bad word" also catches "badword"). Matching is whole-word:
 *
 * - a match starts where a word may start (text start, or after something that can be a gap)
 *   and ends where a word may end — so the term "ass" does not hit "class", "assessment" or
 *   "glass", and "hell" does not hit "hello";
 * - between two of its letters a match may cross punctuation ("b.a.d", "B-A-D", "sh.it") — a
 *   disguise — but whitespace only inside a spelled-out run, where every letter stands alone
 *   between gaps ("b a d", "b. a. d."). So "an al" never reads as "anal": "an" is a word. (The
 *   price: a spelled-out "c l a s s" does hit "ass"; spelling words out letter by letter is the
 *   evasion itself.)
 * - a term letter also absorbs repeats of itself ("baaad" hits "bad"), but the term's own
 *   doubled letters stay required: "as" does not hit "ass".
 * - a digit or symbol read as a letter may also be read as punctuation: "b4d" hits "bad", and so
 *   does "bad!", whose "!" would otherwise be the letter i.
 * - a mask (`*`, `#`) stands for any one term letter but the first ("f*ck", "f**k", "a**"), and a
 *   "v" for a term's "u" ("fvck").
 * - a word may also start at a camelCase capital ("ScamLord", "YouAreAScam") and end in a common
 *   English ending: -s, -es, -z, -ed, -er, -ers, -ing, -ings, -in' (with its apostrophe), and -d,
 *   -r, -rs after an e — the term's last letter may double first ("scams", "scammer",
 *   "fucking", "raped"). An apostrophe is a gap, never part of a word: "hell" does not hit
 *   "he'll", but does hit "hell's".
 *
 * The matcher is a hand-run NFA (no RegExp is built from user input, so nothing can backtrack):
 * per text cell it keeps a set of states (term position × crossing mode), at most
 * 6 × (term length + 1), so the work is bounded by cells × term length, per term.
 */

export interface CompiledTerm {
  /** Folded letters, `*` and ` `; equal patterns behave identically, so this is also the duplicate key. */
  pattern: string;
  letters: ReadonlySet<string>;
}

export const ANY_LETTERS = '*';
export const WORD_BREAK = ' ';

/** Where a term is written, its own punctuation and spaces are word breaks; a pattern's `*` is the wildcard. */
function foldSegment(segment: string): string {
  let out = '';
  for (const cell of foldText(segment)) {
    // A mask in a term is punctuation: "f*ck" as a term is "f ck", not a wildcard.
    if (cell.kind === 'letter' && !cell.wild) out += cell.char;
    else if (!out.endsWith(WORD_BREAK)) out += WORD_BREAK;
  }
  return out;
}

/** A term folded for matching, or null when nothing matchable is left (only `*`s, only punctuation). */
export function compileTerm(term: string, kind: 'word' | 'pattern'): CompiledTerm | null {
  const segments = kind === 'pattern' ? term.split(ANY_LETTERS) : [term];
  const pattern = segments.map(foldSegment).join(ANY_LETTERS).replace(/\*+/g, ANY_LETTERS).replace(/ +/g, WORD_BREAK).trim();
  const letters = new Set([...pattern].filter((c) => c !== ANY_LETTERS && c !== WORD_BREAK));
  return letters.size === 0 ? null : { pattern, letters };
}

// How the thread got to the current cell.
const LETTER = 0; // just matched a letter
const LETTER_SPELLED = 1; // just matched a letter of a spelled-out run
const MARK = 2; // crossing punctuation after a letter
const MARK_SPELLED = 3; // the same, after a spelled-out letter
const SPACE = 4; // crossing whitespace inside a spelled-out run: the next letter must be spelled out too
const BREAK = 5; // inside a gap that the term's own word break matches
const MODES = 6;

const canBreak = (cell: Cell | undefined) => cell === undefined || cell.kind !== 'letter' || cell.loose;
const camel = (cell: Cell | undefined) => cell?.kind === 'letter' && cell.breakBefore;

/** Endings after which a word is still the word (folded: i is l, so "ing" is "lng"). */
const SUFFIXES: ReadonlySet<string> = new Set(['s', 'es', 'z', 'ed', 'er', 'ers', 'lng', 'lngs']);
/** Endings of a word that ends in e ("rape" → "raped", "raper"). */
const SUFFIXES_AFTER_E: ReadonlySet<string> = new Set(['d', 'r', 'rs']);
/** "-in'" only with its apostrophe: "fuckin'" is "fucking", while "cumin" is a spice. */
const SUFFIX_BEFORE_APOSTROPHE = 'ln';
const LONGEST_SUFFIX = 4;

/** Whether one of the endings above follows the letter at `at` and closes the word. */
function suffixFollows(cells: readonly Cell[], at: number, last: string): boolean {
  let rest = '';
  for (let j = at + 1; j < cells.length && rest.length < LONGEST_SUFFIX; j++) {
    const cell = cells[j] as Cell;
    if (cell.kind !== 'letter' || cell.wild || cell.breakBefore) return false;
    rest += cell.char;
    const next = cells[j + 1];
    if (rest === SUFFIX_BEFORE_APOSTROPHE && next?.kind === 'space' && next.apostrophe) return true;
    if (!(canBreak(next) || camel(next))) continue;
    if (SUFFIXES.has(rest) || (last === 'e' && SUFFIXES_AFTER_E.has(rest))) return true;
  }
  return false;
}

/** Whether the text letter can be the term letter `t` (not an operator). */
function fits(t: string | undefined, cell: Cell & { kind: 'letter' }): boolean {
  if (t === undefined || t === ANY_LETTERS || t === WORD_BREAK) return false;
  return t === cell.char || cell.wild || (t === 'u' && cell.char === 'v');
}

/** Whether the folded text contains the term as a whole word (see the rules above). */
export function matchesTerm(cells: readonly Cell[], term: CompiledTerm): boolean {
  const p = term.pattern;
  const m = p.length;
  const last = p.replace(/[* ]+$/, '').at(-1) ?? '';
  const seenAt = new Int32Array((m + 1) * MODES).fill(-1);
  let current: number[] = [];

  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] as Cell;
    const next: number[] = [];
    const add = (k: number, mode: number) => {
      const state = k * MODES + mode;
      if (seenAt[state] === i) return;
      seenAt[state] = i;
      next.push(state);
    };

    if (cell.kind === 'letter') {
      const landed = cell.spelled ? LETTER_SPELLED : LETTER;
      // Whether a word may end here: asked only once a thread completes the term.
      let endsWord: boolean | undefined;
      const ends = () => canBreak(cells[i + 1]) || camel(cells[i + 1]) || suffixFollows(cells, i, last);
      let hit = false;
      // After a letter, wildcards and word breaks may match nothing: skip them too.
      const land = (k: number) => {
        let at = k;
        add(at, landed);
        while (at < m && (p[at] === ANY_LETTERS || p[at] === WORD_BREAK)) add(++at, landed);
        if (at === m && !hit) {
          endsWord ??= ends();
          hit = endsWord;
        }
      };
      const step = (k: number, mode: number) => {
        if (mode === SPACE && !cell.spelled) return;
        if (fits(p[k], cell)) land(k + 1);
        else if (p[k] === ANY_LETTERS) land(k);
        if (k > 0 && fits(p[k - 1], cell)) land(k);
      };
      // A word starts after a gap or at a camelCase capital, and never with a mask.
      if (!cell.wild && (i === 0 || canBreak(cells[i - 1]) || cell.breakBefore)) {
        step(0, LETTER);
        for (let k = 0; k < m && p[k] === ANY_LETTERS; ) step(++k, LETTER);
      }
      for (const state of current) step(Math.floor(state / MODES), state % MODES);
      if (hit) return true;
    }

    if (canBreak(cell)) {
      const space = cell.kind === 'space';
      for (const state of current) {
        const k = Math.floor(state / MODES);
        const mode = state % MODES;
        if (mode === LETTER || mode === LETTER_SPELLED) {
          if (p[k] === WORD_BREAK) add(k + 1, BREAK);
          if (!space) add(k, mode === LETTER_SPELLED ? MARK_SPELLED : MARK);
          else if (mode === LETTER_SPELLED) add(k, SPACE);
        } else if (mode === MARK || mode === MARK_SPELLED) {
          if (!space) add(k, mode);
          else if (mode === MARK_SPELLED) add(k, SPACE);
        } else add(k, mode);
      }
    }
    current = next;
  }
  return false;
}

/** The first of `terms` the text hits, or undefined. */
export function firstHit<T extends { compiled: CompiledTerm }>(text: string, terms: readonly T[]): T | undefined {
  const cells = foldText(text);
  const present = new Set<string>();
  let masks = 0;
  for (const cell of cells) {
    if (cell.kind !== 'letter') continue;
    if (cell.wild) masks++;
    present.add(cell.char === 'v' ? 'u' : cell.char);
    present.add(cell.char);
  }
  // A cheap filter before the matcher: every letter of the term must be in the text, or masked.
  const possible = ({ letters }: CompiledTerm) => {
    let missing = 0;
    for (const c of letters) if (!present.has(c) && ++missing > masks) return false;
    return true;
  };
  return terms.find(({ compiled }) => possible(compiled) && matchesTerm(cells, compiled));
}
