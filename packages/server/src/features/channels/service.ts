import {
  type Channel,
  type CreateChannelBody,
  CURRENCIES,
  DEFAULT_THEME,
  type FieldIssue,
  type Stream,
  type UpdateChannelBody,
} from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';
import { AppError, isUniqueViolation, notFound } from '../../errors';
import type { Account } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import { assertNameAllowed } from '../moderation/platform-terms';
import { type ChannelRow, type StreamRow, toChannel, toStream } from './channel-view';

/**
 * Channels joined with their live stream (if any); restricted owners' channels are gone from
 * public view. The stream comes back as JSON, whose keys postgres.js does not camelCase.
 */
const CHANNEL_SELECT = `
  select c.*, (
    select json_build_object('id', s.id, 'channelId', s.channel_id, 'title', s.title, 'startedAt', s.started_at, 'endedAt', s.ended_at)
    from streams s where s.channel_id = c.id and s.ended_at is null
  ) as live_stream
  from channels c join users u on u.id = c.owner_id and u.status = 'active'`;

type Amounts = Pick<Channel, 'minTip' | 'maxTip' | 'tipPresets'>;

/** Rules that span fields, checked after defaults and stored values are merged in. */
function amountIssues({ minTip, maxTip, tipPresets }: Amounts): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (minTip > maxTip) issues.push({ path: 'body.maxTip', message: 'Must be at least minTip' });
  tipPresets.forEach((preset, i) => {
    if (preset < minTip || preset > maxTip) {
      issues.push({ path: `body.tipPresets.${i}`, message: `Must be between minTip (${minTip}) and maxTip (${maxTip})` });
    }
  });
  if (new Set(tipPresets).size !== tipPresets.length) issues.push({ path: 'body.tipPresets', message: 'Presets must differ' });
  return issues;
}

function assertAmounts(amounts: Amounts) {
  const issues = amountIssues(amounts);
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', 'The request is not valid', issues);
}

export class ChannelService {
  constructor(private readonly deps: FeatureDeps) {}

  async create(account: Account, body: CreateChannelBody): Promise<Channel> {
    const currency = body.currency ?? 'INR';
    const defaults = CURRENCIES[currency];
    const amounts: Amounts = {
      minTip: body.minTip ?? defaults.minTip,
      maxTip: body.maxTip ?? defaults.maxTip,
      tipPresets: body.tipPresets ?? [...defaults.presets],
    };
    assertAmounts(amounts);
    // A channel has no list of its own yet: its names answer to the platform's (platform-terms.ts).
    assertNameAllowed(body.slug, 'slug');
    assertNameAllowed(body.displayName, 'displayName');
    try {
      await this.deps.sql`
        insert into channels (owner_id, slug, display_name, description, avatar_url, banner_url, links, currency, min_tip, max_tip,
                              tip_presets, theme)
        values (${account.user.id}, ${body.slug}, ${body.displayName}, ${body.description ?? ''}, ${body.avatarUrl ?? null},
                ${body.bannerUrl ?? null}, ${this.deps.sql.json(body.links ?? [])},
                ${currency}, ${amounts.minTip}, ${amounts.maxTip}, ${this.deps.sql.json(amounts.tipPresets)},
                ${this.deps.sql.json(body.theme ?? DEFAULT_THEME)})`;
    } catch (error) {
      if (isUniqueViolation(error, 'channels_slug_key')) throw new AppError('CHANNEL_SLUG_TAKEN', `The slug "${body.slug}" is taken`);
      if (isUniqueViolation(error, 'channels_owner_key'))
        throw new AppError('CHANNEL_ALREADY_EXISTS', 'This account already has a channel');
      throw error;
    }
    return this.get(body.slug);
  }

  async get(slug: string): Promise<Channel> {
    return toChannel(await this.row(slug));
  }

  async listOwned(account: Account): Promise<Channel[]> {
    const rows = await this.deps.sql.unsafe<ChannelRow[]>(`${CHANNEL_SELECT} where c.owner_id = $1 order by c.created_at`, [
      account.user.id,
    ]);
    return rows.map(toChannel);
  }

  /** Changing the currency without new amounts resets them to that currency's defaults: ₹10 is not ¥10. */
  async update(account: Account, slug: string, body: UpdateChannelBody): Promise<Channel> {
    const current = await this.owned(account, slug);
    const currencyChanged = body.currency !== undefined && body.currency !== current.currency;
    const base =
      currencyChanged && body.currency ? { ...CURRENCIES[body.currency], tipPresets: [...CURRENCIES[body.currency].presets] } : current;
    const amounts: Amounts = {
      minTip: body.minTip ?? base.minTip,
      maxTip: body.maxTip ?? base.maxTip,
      tipPresets: body.tipPresets ?? base.tipPresets,
    };
    assertAmounts(amounts);
    // Only a new name is checked: a later addition to the platform list must not lock a channel's other settings.
    if (body.displayName !== undefined && body.displayName !== current.displayName) assertNameAllowed(body.displayName, 'displayName');
    return this.deps.events.transaction(async (tx, events) => {
      await events.lock(current.id);
      await tx`
      update channels set
        display_name = ${body.displayName ?? current.displayName},
        description = ${body.description ?? current.description},
        avatar_url = ${body.avatarUrl === undefined ? current.avatarUrl : body.avatarUrl},
        banner_url = ${body.bannerUrl === undefined ? current.bannerUrl : body.bannerUrl},
        links = ${this.deps.sql.json(body.links ?? current.links)},
        currency = ${body.currency ?? current.currency},
        min_tip = ${amounts.minTip},
        max_tip = ${amounts.maxTip},
        tip_presets = ${this.deps.sql.json(amounts.tipPresets)},
        theme = ${this.deps.sql.json(body.theme ?? current.theme)},
        updated_at = now()
      where id = ${current.id}`;
      const channel = toChannel(await this.row(slug, tx));
      await events.append(channel.id, 'channel.updated', channel);
      return channel;
    });
  }

  async startStream(account: Account, slug: string, title: string | undefined): Promise<Stream> {
    const channel = await this.owned(account, slug);
    if (title !== undefined) assertNameAllowed(title, 'title');
    try {
      return await this.deps.events.transaction(async (tx, events) => {
        await events.lock(channel.id);
        const [row] = await tx<StreamRow[]>`
          insert into streams (channel_id, title) values (${channel.id}, ${title ?? `${channel.displayName} live`}) returning *`;
        if (!row) throw new Error('tipchat: stream insert returned nothing');
        const stream = toStream(row);
        await events.append(channel.id, 'stream.started', stream);
        return stream;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'streams_one_live_per_channel')) {
        throw new AppError('STREAM_ALREADY_LIVE', 'This channel is already live; end the current stream first');
      }
      throw error;
    }
  }

  async endStream(account: Account, streamId: string): Promise<Stream> {
    const [found] = await this.deps.sql<(StreamRow & { ownerId: string })[]>`
      select s.*, c.owner_id from streams s join channels c on c.id = s.channel_id where s.id = ${streamId}`;
    // Someone else's stream answers exactly like a missing one: ids are not an oracle.
    if (!found || found.ownerId !== account.user.id) throw notFound('Stream');
    return this.deps.events.transaction(async (tx, events) => {
      await events.lock(found.channelId);
      const [ended] = await tx<StreamRow[]>`
        update streams set ended_at = now() where id = ${streamId} and ended_at is null returning *`;
      if (!ended) throw new AppError('STREAM_ALREADY_ENDED', 'This stream has already ended');
      const stream = toStream(ended);
      await events.append(stream.channelId, 'stream.ended', stream);
      return stream;
    });
  }

  async listStreams(slug: string, limit: number): Promise<Stream[]> {
    const channel = await this.row(slug);
    const rows = await this.deps.sql<StreamRow[]>`
      select * from streams where channel_id = ${channel.id} order by started_at desc limit ${limit}`;
    return rows.map(toStream);
  }

  private async row(slug: string, q: Queryable = this.deps.sql): Promise<ChannelRow> {
    const [row] = await q.unsafe<ChannelRow[]>(`${CHANNEL_SELECT} where c.slug = $1`, [slug]);
    if (!row) throw notFound('Channel');
    return row;
  }

  /** The channel, if the caller owns it. Others get 403: the channel is public, so its existence is no secret. */
  private async owned(account: Account, slug: string): Promise<ChannelRow> {
    const row = await this.row(slug);
    if (row.ownerId !== account.user.id) throw new AppError('FORBIDDEN', 'Only the channel owner can do this');
    return row;
  }
}
