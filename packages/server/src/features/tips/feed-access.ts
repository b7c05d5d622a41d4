import { AppError } from '../../errors';
import { type Actor, canModerate } from '../access/actor';

/**
 * Who reads the tip feed: the streamer, moderators, API keys with `events:read` (an integration
 * that mirrors tips), and keys with `moderation`, which act as moderators everywhere. Overlay
 * keys are refused: an overlay shows alerts, it has no business with money or held messages.
 */
export function requireFeedReader(actor: Actor): void {
  if (actor.role === 'anonymous') throw new AppError('UNAUTHENTICATED', 'Sign in first');
  if (canModerate(actor)) return;
  if (actor.role === 'api' && actor.scopes !== 'all' && actor.scopes.has('events:read')) return;
  throw new AppError('FORBIDDEN', 'Only the streamer, moderators and API keys with the events:read scope can read the tip feed');
}
