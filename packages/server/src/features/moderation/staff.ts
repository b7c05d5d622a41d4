import type { Actor } from '../access/actor';
import type { ChannelInfo } from '../access/channel-access';
import type { ChannelContext } from '../access/channel-routes';

/** Who is moderating where: the channel, and the account answerable for the action. */
export interface StaffContext {
  channel: ChannelInfo;
  actor: Actor;
  /** The streamer's, the moderator's, or for an API key its creator's account. */
  userId: string;
}

/** The staff behind a route that let only the streamer or moderators in (channelRole). */
export function staffOf({ channel, actor }: ChannelContext): StaffContext {
  // Every staff role has an account behind it; a missing one is a bug, not a client error.
  if (actor.userId === null) throw new Error(`tipchat: ${actor.role} actor without an account`);
  return { channel, actor, userId: actor.userId };
}
