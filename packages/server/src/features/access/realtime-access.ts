import type { RealtimeAccess } from '../../realtime/access';
import { isStaff } from './actor';
import type { ChannelAccess } from './channel-access';

/** Channel access as realtime asks for it: the channel of a slug, and who a credential is there. */
export function realtimeAccess(access: ChannelAccess): RealtimeAccess {
  return {
    channel: (slug) => access.channel(slug),
    identify: async (channel, token) => {
      const actor = await access.actor(channel, token);
      return { role: actor.role, viewerId: actor.viewerId, staff: isStaff(actor) };
    },
  };
}
