import type { TipperTip } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';
import type { Actor } from '../access/actor';
import { fingerprintOf } from '../idempotency/key';
import { findKey, sameRequest } from '../idempotency/store';

/** A tip creation's idempotency key, scoped to the channel and the caller. */
export interface TipKey {
  scope: string;
  key: string;
  fingerprint: string;
}

/**
 * The caller as precisely as the request names them: their chat identity, else their account,
 * else their device token, else (a tipper with nothing at all) their address. One caller's key
 * never answers with another caller's tip and its payment secret.
 */
export function tipKey(channelId: string, actor: Actor, deviceHash: string | null, ip: string, key: string, body: unknown): TipKey {
  const caller = actor.viewerId ? `v:${actor.viewerId}` : actor.userId ? `u:${actor.userId}` : deviceHash ? `d:${deviceHash}` : `ip:${ip}`;
  return { scope: `tip:${channelId}:${caller}`, key, fingerprint: fingerprintOf(body) };
}

/**
 * What the key's first request answered; null when the key is unused. 422 when it was used with
 * another body; 'pending' while the first request is still at the payment provider.
 */
export async function firstTipAnswer(q: Queryable, key: TipKey): Promise<TipperTip | 'pending' | null> {
  const record = await findKey(q, key.scope, key.key);
  if (!record) return null;
  sameRequest(record, key.fingerprint);
  return record.response === null ? 'pending' : (record.response as TipperTip);
}
