import type { BlockedTerms } from '../moderation/checks';

/** What a blocked term is spoken as. */
export const MASK = '***';

/**
 * The text as it may be spoken on stream: every word that hits one of the channel's blocked
 * terms becomes `***`. The term matcher judges whole words after folding evasions ("b.a.d",
 * "B4D"), so a word-by-word check masks exactly the offending words. A term that still hits the
 * masked text spans words (a phrase term, or a spelled-out "b a d"): then nothing of the text is
 * worth saying, and it is all masked.
 */
export function spokenText(text: string, terms: BlockedTerms): string {
  const masked = text
    .split(/(\s+)/)
    .map((part) => (part.trim() !== '' && terms.firstIn(part) !== null ? MASK : part))
    .join('');
  return terms.firstIn(masked) === null ? masked : MASK;
}
