import { randomBytes } from 'node:crypto';
import type { TipchatClient } from '@tipchat/sdk';
import type { TipFeedItem, TipFeedPage } from '@tipchat/sdk/protocol';
import { signUpVerified } from '../../../test/support/accounts';
import type { TestServer } from '../../../test/support/server';
import { insertTipRow, type TipRowFields } from '../../../test/support/tip-rows';
import type { TipRow } from './tip-view';

/** The SDK's feed options (its index does not export the type). */
export type TipFeedOptions = NonNullable<Parameters<TipchatClient['tipFeed']['list']>[1]>;

/** Test helpers for the tip feed suites: a channel with someone in every role, and tips written straight into the table. */

export interface FeedChannel {
  slug: string;
  id: string;
  owner: TipchatClient;
  ownerToken: string;
  moderator: TipchatClient;
  /** Signed in, no role in the channel. */
  fan: TipchatClient;
  /** Joined the chat as a guest. */
  guest: TipchatClient;
  guestToken: string;
  overlayKey: string;
  /** One key per scope, each with that scope alone. */
  eventsKey: string;
  moderationKey: string;
}

async function signedIn(server: TestServer, displayName: string): Promise<{ client: TipchatClient; email: string; token: string }> {
  const client = server.client();
  const { email, session } = await signUpVerified(client, { displayName });
  return { client, email, token: session.accessToken };
}

/** A channel made through the SDK as its users would, with a moderator, a fan, a guest and keys. */
export async function feedChannel(server: TestServer): Promise<FeedChannel> {
  const slug = `feed-${randomBytes(4).toString('hex')}`;
  const owner = await signedIn(server, 'Feed Streamer');
  const { id } = await owner.client.channels.create({ slug, displayName: 'Feed channel', currency: 'USD', minTip: 100 });
  const moderator = await signedIn(server, 'Feed Moderator');
  await owner.client.moderation.addModerator(slug, moderator.email);
  const fan = await signedIn(server, 'Feed Fan');
  const guest = server.client();
  const identity = await guest.chat.join(slug, { displayName: 'Guesty' });
  if (!identity.guestToken) throw new Error('a guest join answered no guest token');
  const overlayKey = await owner.client.keys.rotateOverlayKey(slug);
  const eventsKey = (await owner.client.keys.createApiKey(slug, { name: 'mirror', scopes: ['events:read'] })).key;
  const moderationKey = (await owner.client.keys.createApiKey(slug, { name: 'bot', scopes: ['moderation'] })).key;
  return {
    slug,
    id,
    owner: owner.client,
    ownerToken: owner.token,
    moderator: moderator.client,
    fan: fan.client,
    guest,
    guestToken: identity.guestToken,
    overlayKey,
    eventsKey,
    moderationKey,
  };
}

export interface FeedTipFields extends Omit<TipRowFields, 'channelId'> {
  disputedAmount?: number;
  read?: boolean;
  starred?: boolean;
  hidden?: boolean;
  /** Microseconds past `createdAt`'s millisecond (0–999): two tips in one millisecond. */
  micros?: number;
}

/** A tip row as it stands after its events (see insertTipRow), with the feed's marks set. */
export async function addTip(server: TestServer, channelId: string, fields: FeedTipFields): Promise<TipRow> {
  const { disputedAmount, read, starred, hidden, micros, ...rest } = fields;
  const inserted = await insertTipRow(server.app.sql, { channelId, ...rest });
  const [row] = await server.app.sql<TipRow[]>`
    update tips set
      disputed_amount = ${disputedAmount ?? 0},
      read_at = ${read ? inserted.createdAt : null},
      starred = ${starred ?? false},
      hidden = ${hidden ?? false},
      created_at = created_at + ${micros ?? 0} * interval '1 microsecond'
    where id = ${inserted.id}
    returning *`;
  if (!row) throw new Error('addTip: the inserted tip is gone');
  // As a paid tip's own push would: the leaderboards it moved are pushed now, not by the next tip.updated.
  await server.app.services.leaderboards.push(channelId);
  return row;
}

/** Every page of a listing, following nextCursor. */
export async function allPages(client: TipchatClient, slug: string, options: TipFeedOptions = {}): Promise<TipFeedPage[]> {
  const pages: TipFeedPage[] = [];
  for await (const page of client.tipFeed.pages(slug, options)) pages.push(page);
  return pages;
}

export const ids = (tips: readonly Pick<TipFeedItem, 'id'>[]) => tips.map((tip) => tip.id);
