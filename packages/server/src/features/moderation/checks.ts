import type { Queryable } from '../../db/connection';
import { type CompiledTerm, compileTerm, firstHit } from './term-matcher';

export interface BanSubject {
  viewerId?: string | null;
  userId?: string | null;
  deviceHash?: string | null;
}

export interface ActiveBan {
  id: string;
  reason: string;
  /** Null: permanent. Otherwise a time-out that lifts itself then. */
  expiresAt: Date | null;
}

/** The ban in force against a chat identity, the account behind it or the device it chats from (see activeBan). */
export async function activeBanOfViewer(q: Queryable, channelId: string, viewerId: string): Promise<ActiveBan | null> {
  const [ban] = await q<ActiveBan[]>`
    select b.id, b.reason, b.expires_at from bans b, viewers v
    where v.id = ${viewerId} and b.channel_id = ${channelId} and b.lifted_at is null and (b.expires_at is null or b.expires_at > now())
      and (b.viewer_id = v.id or b.user_id = v.user_id or b.device_hash = v.device_hash)
    order by b.expires_at desc nulls first
    limit 1`;
  return ban ?? null;
}

/**
 * The ban in force against any of the subject's identities in the channel — the chat identity,
 * the account behind it, or the device it joined from (so a banned guest's new names are
 * refused too) — or null. A permanent ban wins over a time-out; of time-outs, the longest.
 */
export async function activeBan(q: Queryable, channelId: string, subject: BanSubject): Promise<ActiveBan | null> {
  const viewerId = subject.viewerId ?? null;
  const userId = subject.userId ?? null;
  const deviceHash = subject.deviceHash ?? null;
  if (viewerId === null && userId === null && deviceHash === null) return null;
  const [ban] = await q<ActiveBan[]>`
    select id, reason, expires_at from bans
    where channel_id = ${channelId} and lifted_at is null and (expires_at is null or expires_at > now())
      and (viewer_id = ${viewerId}::uuid or user_id = ${userId}::uuid or device_hash = ${deviceHash}::text)
    order by expires_at desc nulls first
    limit 1`;
  return ban ?? null;
}

type Kind = 'word' | 'pattern';

/**
 * Compiled terms by kind and text. Compiling is a pure function of those two, so this memo can
 * never go stale, in this process or any other; it only saves refolding on every message.
 */
const compiled = new Map<string, CompiledTerm | null>();
const COMPILED_MAX = 20_000;

export function compiledTerm(term: string, kind: Kind): CompiledTerm | null {
  const key = `${kind}:${term}`;
  if (compiled.has(key)) return compiled.get(key) ?? null;
  if (compiled.size >= COMPILED_MAX) compiled.clear();
  const result = compileTerm(term, kind);
  compiled.set(key, result);
  return result;
}

/**
 * The channel's blocked term the text hits after folding evasion tricks (see term-matcher.ts),
 * or null. Terms are read on every call: an indexed read, and a term added or removed through
 * any server process applies to the very next message.
 */
export async function findBlockedTerm(q: Queryable, channelId: string, text: string): Promise<string | null> {
  return (await readBlockedTerms(q, channelId)).firstIn(text);
}

/** The channel's blocked terms, compiled: read once, matched against several texts (a name and a message). */
export interface BlockedTerms {
  /** The first term the text hits, or null. */
  firstIn(text: string): string | null;
}

export async function readBlockedTerms(q: Queryable, channelId: string): Promise<BlockedTerms> {
  const rows = await q<{ term: string; kind: Kind }[]>`
    select term, kind from blocked_terms where channel_id = ${channelId} order by created_at, id`;
  const terms = rows.flatMap((row) => {
    const term = compiledTerm(row.term, row.kind);
    return term ? [{ term: row.term, compiled: term }] : [];
  });
  return { firstIn: (text) => (terms.length === 0 ? null : (firstHit(text, terms)?.term ?? null)) };
}
