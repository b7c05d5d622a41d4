import type { Channel, ChannelTheme, CurrencyCode, Stream } from '@tipchat/sdk/protocol';

export interface ChannelRow {
  id: string;
  ownerId: string;
  slug: string;
  displayName: string;
  description: string;
  avatarUrl: string | null;
  bannerUrl: string | null;
  links: string[];
  currency: CurrencyCode;
  minTip: number;
  maxTip: number;
  tipPresets: number[];
  theme: ChannelTheme;
  createdAt: Date;
  liveStream: StreamRow | null;
}

export interface StreamRow {
  id: string;
  channelId: string;
  title: string;
  startedAt: Date | string;
  endedAt: Date | string | null;
}

/** Timestamps that went through json_build_object arrive as strings; plain columns as Dates. */
const iso = (value: Date | string) => new Date(value).toISOString();

export function toStream(row: StreamRow): Stream {
  return {
    id: row.id,
    channelId: row.channelId,
    title: row.title,
    startedAt: iso(row.startedAt),
    endedAt: row.endedAt === null ? null : iso(row.endedAt),
  };
}

export function toChannel(row: ChannelRow): Channel {
  return {
    id: row.id,
    slug: row.slug,
    displayName: row.displayName,
    description: row.description,
    avatarUrl: row.avatarUrl,
    bannerUrl: row.bannerUrl,
    links: row.links,
    currency: row.currency,
    minTip: row.minTip,
    maxTip: row.maxTip,
    tipPresets: row.tipPresets,
    theme: row.theme,
    live: row.liveStream !== null,
    currentStream: row.liveStream ? toStream(row.liveStream) : null,
    createdAt: row.createdAt.toISOString(),
  };
}
