import { describe, expect, it } from 'vitest';
import { BLOCKED, EVASIONS, INNOCENT } from './term-evasions.data';
import { type CompiledTerm, compileTerm, firstHit } from './term-matcher';

/**
 * The evasion tables (term-evasions.data.ts) against a realistic blocked list: at least 95 % of
 * the disguised terms caught, every innocent text let through. Misses are printed, so a change
 * that loses a trick says which.
 */

const terms: readonly { term: string; compiled: CompiledTerm }[] = BLOCKED.map(({ term, kind = 'word' }) => {
  const compiled = compileTerm(term, kind);
  if (!compiled) throw new Error(`"${term}" compiles to nothing`);
  return { term, compiled };
});

function termNamed(term: string) {
  const found = terms.find((candidate) => candidate.term === term);
  if (!found) throw new Error(`the table names "${term}", which is not on the blocked list`);
  return found;
}

describe('the evasion tables', () => {
  it('are big enough to mean something', () => {
    expect(EVASIONS.length).toBeGreaterThanOrEqual(100);
    expect(INNOCENT.length).toBeGreaterThanOrEqual(100);
  });

  it('catch at least 95 % of the evasions, each as the term it hides', () => {
    const missed = EVASIONS.filter(([text, term]) => firstHit(text, [termNamed(term)]) === undefined);
    if (missed.length > 0) {
      console.log(
        `Missed evasions (${missed.length} of ${EVASIONS.length}):\n${missed.map(([text, term, how]) => `  ${JSON.stringify(text)} hides "${term}" (${how})`).join('\n')}`,
      );
    }
    const caught = (EVASIONS.length - missed.length) / EVASIONS.length;
    expect(caught, `caught ${(caught * 100).toFixed(1)} %`).toBeGreaterThanOrEqual(0.95);
  });

  it('let every innocent text through', () => {
    const flagged = INNOCENT.flatMap((text) => {
      const hit = firstHit(text, terms);
      return hit ? [`${JSON.stringify(text)} hit "${hit.term}"`] : [];
    });
    expect(flagged).toEqual([]);
  });

  it('can fail: the list does hit plain text, and an empty list hits nothing', () => {
    expect(firstHit('what a scam', terms)?.term).toBe('scam');
    expect(EVASIONS.every(([text]) => firstHit(text, []) === undefined)).toBe(true);
  });
});
