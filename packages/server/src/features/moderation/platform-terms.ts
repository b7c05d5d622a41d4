import { AppError } from '../../errors';
import type { BlockedTerms } from './checks';
import { type CompiledTerm, compileTerm, firstHit } from './term-matcher';

/**
 * The platform's own blocked list: slurs and the strongest obscenities, refused in every name a
 * stranger can make others read — channel names and slugs, stream titles, chat display names and
 * tippers' names — whatever the channel's own list says (a new channel's list is empty). Small on
 * purpose: each entry is refused everywhere, so only words with no innocent reading as a whole
 * word belong here ("dick", "cock" or "pussy" are names, birds and cats; streamers who want them
 * blocked add them to their own list), and no short abbreviations ("kys"): slugs and generated names
 * would hit them by chance. Matched by the same rules as channel terms
 * (term-matcher.ts): whole words with their common endings, through look-alikes and disguises.
 * Chat messages are not checked against it: what is said in a chat is the streamer's call.
 */
export const PLATFORM_BLOCKED_TERMS: readonly string[] = [
  'fuck',
  'motherfucker',
  'cunt',
  'cocksucker',
  'nigger',
  'nigga',
  'faggot',
  'kike',
  'tranny',
  'retard',
  'whore',
  'wetback',
  'kill yourself',
];

const compiled: readonly { term: string; compiled: CompiledTerm }[] = PLATFORM_BLOCKED_TERMS.map((term) => {
  const folded = compileTerm(term, 'word');
  if (!folded) throw new Error(`tipchat: platform blocked term "${term}" folds to nothing`);
  return { term, compiled: folded };
});

/** The platform term the text hits, or null. */
export function platformTermIn(text: string): string | null {
  return firstHit(text, compiled)?.term ?? null;
}

/**
 * Refuses a name that hits the platform list or, when given, a channel's list. The answer names
 * the field, never the term: telling someone which word tripped the filter teaches them to dodge it.
 */
export function assertNameAllowed(name: string, field: string, channelTerms?: BlockedTerms): void {
  if (platformTermIn(name) !== null || (channelTerms?.firstIn(name) ?? null) !== null) throw nameNotAllowed(field);
}

export const nameNotAllowed = (field: string) =>
  new AppError('NAME_NOT_ALLOWED', 'This name contains a word that is not allowed here. Choose another.', { field });
