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
    if (cell.kind === 'letter') out += cell.char;
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

/** Whether the folded text contains the term as a whole word (see the rules above). */
export function matchesTerm(cells: readonly Cell[], term: CompiledTerm): boolean {
  const p = term.pattern;
  const m = p.length;
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
      const endsWord = canBreak(cells[i + 1]);
      let hit = false;
      // After a letter, wildcards and word breaks may match nothing: skip them too.
      const land = (k: number) => {
        let at = k;
        add(at, landed);
        while (at < m && (p[at] === ANY_LETTERS || p[at] === WORD_BREAK)) add(++at, landed);
        if (at === m && endsWord) hit = true;
      };
      const step = (k: number, mode: number) => {
        if (mode === SPACE && !cell.spelled) return;
        if (p[k] === cell.char) land(k + 1);
        else if (p[k] === ANY_LETTERS) land(k);
        if (k > 0 && p[k - 1] === cell.char) land(k);
      };
      if (canBreak(i === 0 ? undefined : cells[i - 1])) {
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
  for (const cell of cells) if (cell.kind === 'letter') present.add(cell.char);
  return terms.find(({ compiled }) => [...compiled.letters].every((c) => present.has(c)) && matchesTerm(cells, compiled));
}
