import { AppError } from '../../errors';
import { type Actor, canModerate, isStaff } from '../access/actor';

/** Anonymous callers are asked to sign in (401); known callers without the role are refused (403). */
function refuse(actor: Actor, message: string): never {
  if (actor.role === 'anonymous') throw new AppError('UNAUTHENTICATED', 'Sign in first');
  throw new AppError('FORBIDDEN', message);
}

/** The queue: whoever may see staff events (they carry the same alerts) — overlays, staff, API keys. */
export function requireQueueReader(actor: Actor): void {
  if (!isStaff(actor)) refuse(actor, 'Only the overlay, the streamer, moderators and API keys can read the alert queue');
}

/** The dashboard's history: people and API keys of the channel, not the overlay. */
export function requireHistoryReader(actor: Actor): void {
  if (!['streamer', 'moderator', 'api'].includes(actor.role))
    refuse(actor, 'Only the streamer, moderators and API keys can read alert history');
}

/** Saying an alert was played: the overlay, or staff when they run the overlay themselves. */
export function requireAcknowledger(actor: Actor): void {
  if (actor.role !== 'overlay' && !canModerate(actor)) refuse(actor, 'Only the overlay and the streamer can mark an alert shown');
}

/** Skip, replay, pause, minimum amount: the streamer and moderators (and API keys with the moderation scope). */
export function requireAlertManager(actor: Actor): void {
  if (!canModerate(actor)) refuse(actor, 'Only the streamer and moderators can manage alerts');
}
