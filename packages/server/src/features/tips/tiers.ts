import { type CurrencyCode, defaultTipTiers, type Tiers, type TipTier, tipTiersSchema } from '@tipchat/sdk/protocol';
import { notFound } from '../../errors';
import type { ChannelInfo } from '../access/channel-access';
import type { FeatureDeps } from '../deps';

/** The channel's tiers: its own list when it set one (and it still parses), else its currency's defaults. */
export function channelTiers(channel: { currency: CurrencyCode; tipTiers: unknown }): TipTier[] {
  if (channel.tipTiers !== null && channel.tipTiers !== undefined) {
    const parsed = tipTiersSchema.safeParse(channel.tipTiers);
    if (parsed.success) return parsed.data;
  }
  return defaultTipTiers(channel.currency);
}

/** Reading and setting a channel's tiers; a change applies to tips created after it (each tip keeps its tier). */
export class TierService {
  constructor(private readonly deps: FeatureDeps) {}

  async get(channel: ChannelInfo): Promise<Tiers> {
    const [row] = await this.deps.sql<{ currency: CurrencyCode; tipTiers: unknown }[]>`
      select currency, tip_tiers from channels where id = ${channel.id}`;
    if (!row) throw notFound('Channel');
    return { tiers: channelTiers(row), custom: row.tipTiers !== null };
  }

  /** The streamer's alone, whom the route alone lets in. */
  async update(channel: ChannelInfo, tiers: TipTier[] | null): Promise<Tiers> {
    const [row] = await this.deps.sql<{ currency: CurrencyCode; tipTiers: unknown }[]>`
      update channels set tip_tiers = ${tiers === null ? null : this.deps.sql.json(tiers)}, updated_at = now()
      where id = ${channel.id} returning currency, tip_tiers`;
    if (!row) throw notFound('Channel');
    return { tiers: channelTiers(row), custom: row.tipTiers !== null };
  }
}
