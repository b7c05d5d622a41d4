import type { FastifyRequest } from 'fastify';
import { type Actor, requireModerator, requireStreamer } from '../access/actor';
import type { ChannelInfo } from '../access/channel-access';
import type { FeatureDeps } from '../deps';

/** Who is moderating where: the channel, and the account answerable for the action. */
export interface StaffContext {
  channel: ChannelInfo;
  actor: Actor;
  /** The streamer's, the moderator's, or for an API key its creator's account. */
  userId: string;
}

/**
 * Resolves the channel (404 when unknown) and the caller, then checks the role: anonymous
 * callers get 401, everyone else who may not act here 403.
 */
export async function staffContext(
  deps: FeatureDeps,
  request: FastifyRequest,
  slug: string,
  role: 'streamer' | 'moderator',
): Promise<StaffContext> {
  const { channel, actor } = await deps.access.forRequest(request, slug);
  if (role === 'streamer') requireStreamer(actor);
  else requireModerator(actor);
  // Every staff role has an account behind it; a missing one is a bug, not a client error.
  if (actor.userId === null) throw new Error(`tipchat: ${actor.role} actor without an account`);
  return { channel, actor, userId: actor.userId };
}
