import type { Queryable } from '../../db/connection';

export interface BanSubject {
  viewerId?: string | null;
  userId?: string | null;
  deviceHash?: string | null;
}

export interface ActiveBan {
  id: string;
  reason: string;
  expiresAt: Date | null;
}

/** STUB — the ban in force against any of the subject's identities in the channel, or null. */
export async function activeBan(_q: Queryable, _channelId: string, _subject: BanSubject): Promise<ActiveBan | null> {
  return null;
}

/** STUB — the blocked term the text hits after folding evasion tricks, or null. */
export async function findBlockedTerm(_q: Queryable, _channelId: string, _text: string): Promise<string | null> {
  return null;
}
