import type { Queryable, Sql } from '../../db/connection';
import { notFound } from '../../errors';
import type { AccessTokens } from '../auth/access-tokens';
import { type Actor, type ChannelRef, resolveActor } from './actor';

export interface ChannelInfo extends ChannelRef {
  slug: string;
}

/** Finds a public channel by slug and who the caller is in it. */
export class ChannelAccess {
  constructor(
    private readonly sql: Sql,
    private readonly tokens: AccessTokens,
  ) {}

  async channel(slug: string, q: Queryable = this.sql): Promise<ChannelInfo> {
    const [channel] = await q<ChannelInfo[]>`
      select c.id, c.owner_id, c.slug from channels c join users u on u.id = c.owner_id and u.status = 'active'
      where c.slug = ${slug}`;
    if (!channel) throw notFound('Channel');
    return channel;
  }

  actor(channel: ChannelRef, token: string | undefined, q: Queryable = this.sql): Promise<Actor> {
    return resolveActor(q, this.tokens, channel, token);
  }
}
