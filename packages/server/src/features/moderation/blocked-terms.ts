import type { BlockedTerm } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';
import { AppError, isUniqueViolation } from '../../errors';
import type { FeatureDeps } from '../deps';
import { recordAction } from './audit';
import { compiledTerm } from './checks';
import { hasUnfoldableLetters } from './normalize';
import type { StaffContext } from './staff';

/** Every message is checked against every term: the cap keeps that check cheap. */
export const MAX_BLOCKED_TERMS = 500;

type Kind = BlockedTerm['kind'];

interface TermRow {
  id: string;
  term: string;
  kind: Kind;
  createdAt: Date;
}

const toBlockedTerm = (row: TermRow): BlockedTerm => ({
  id: row.id,
  term: row.term,
  kind: row.kind,
  createdAt: row.createdAt.toISOString(),
});

export async function listBlockedTerms(q: Queryable, channelId: string): Promise<BlockedTerm[]> {
  const rows = await q<TermRow[]>`
    select id, term, kind, created_at from blocked_terms where channel_id = ${channelId} order by created_at desc, id desc`;
  return rows.map(toBlockedTerm);
}

/**
 * Adds a term. Duplicates are judged after folding ("BAD", "bäd" and "bad" are one term, and so
 * are the word "bad" and the pattern "bad"): a second copy would block nothing new.
 */
export async function addBlockedTerm(
  deps: FeatureDeps,
  { channel, userId }: StaffContext,
  body: { term: string; kind: Kind },
): Promise<BlockedTerm> {
  if (hasUnfoldableLetters(body.term)) {
    const message =
      'Blocked terms can use Latin letters (look-alikes from other scripts are folded to them); this term has letters of another script';
    throw new AppError('VALIDATION_FAILED', 'The request is not valid', [{ path: 'body.term', message }]);
  }
  const compiled = compiledTerm(body.term, body.kind);
  if (!compiled) {
    const message =
      body.kind === 'pattern' ? 'A pattern needs at least one letter or digit besides *' : 'A term needs at least one letter or digit';
    throw new AppError('VALIDATION_FAILED', 'The request is not valid', [{ path: 'body.term', message }]);
  }
  try {
    return await deps.events.transaction(async (tx, events) => {
      // The channel row lock makes concurrent adds take turns, so the duplicate and cap checks hold.
      await events.lock(channel.id);
      const existing = await tx<{ term: string; kind: Kind }[]>`select term, kind from blocked_terms where channel_id = ${channel.id}`;
      const same = existing.find((row) => compiledTerm(row.term, row.kind)?.pattern === compiled.pattern);
      if (same) throw new AppError('BLOCKED_TERM_EXISTS', `This channel already blocks "${same.term}", which matches the same text`);
      if (existing.length >= MAX_BLOCKED_TERMS) {
        throw new AppError('BLOCKED_TERM_LIMIT', `A channel can block at most ${MAX_BLOCKED_TERMS} terms; remove one first`);
      }
      const [row] = await tx<TermRow[]>`
        insert into blocked_terms (channel_id, term, kind, created_by) values (${channel.id}, ${body.term}, ${body.kind}, ${userId})
        returning id, term, kind, created_at`;
      if (!row) throw new Error('tipchat: blocked term insert returned nothing');
      await recordAction(tx, {
        channelId: channel.id,
        actorUserId: userId,
        action: 'blocked_term.added',
        details: { termId: row.id, term: row.term, kind: row.kind },
      });
      await events.append(channel.id, 'moderation.changed', { action: 'blocked_term.added' }, 'staff');
      return toBlockedTerm(row);
    });
  } catch (error) {
    // Only reachable if the lock above were bypassed; still a conflict, never a 500.
    if (isUniqueViolation(error, 'blocked_terms_unique'))
      throw new AppError('BLOCKED_TERM_EXISTS', `This channel already blocks "${body.term}"`);
    throw error;
  }
}

export async function removeBlockedTerm(deps: FeatureDeps, { channel, userId }: StaffContext, termId: string): Promise<void> {
  await deps.events.transaction(async (tx, events) => {
    await events.lock(channel.id);
    const [row] = await tx<TermRow[]>`
      delete from blocked_terms where id = ${termId} and channel_id = ${channel.id} returning id, term, kind, created_at`;
    if (!row) throw new AppError('NOT_FOUND', 'Blocked term not found in this channel');
    await recordAction(tx, {
      channelId: channel.id,
      actorUserId: userId,
      action: 'blocked_term.removed',
      details: { termId: row.id, term: row.term, kind: row.kind },
    });
    await events.append(channel.id, 'moderation.changed', { action: 'blocked_term.removed' }, 'staff');
  });
}
