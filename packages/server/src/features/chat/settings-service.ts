import type { ChatSettings, UpdateChatSettingsBody } from '@tipchat/sdk/protocol';
import type { Queryable, TransactionSql } from '../../db/connection';
import type { Actor } from '../access/actor';
import type { ChannelInfo } from '../access/channel-access';
import type { FeatureDeps } from '../deps';
import { recordAction } from '../moderation/audit';

/** A channel without a chat_settings row chats with these. */
export const DEFAULT_CHAT_SETTINGS: ChatSettings = {
  enabled: true,
  slowModeSeconds: 0,
  signedInOnly: false,
  verifiedOnly: false,
  maxMessageLength: 200,
  linksAllowed: false,
};

/** The settings clients see, plus the chat's own state kept in the same row. */
export interface ChatState {
  settings: ChatSettings;
  pinnedMessageId: string | null;
  /** History starts after this sequence (the last 'chat.cleared' event). */
  clearedBeforeSeq: number;
}

type SettingsRow = ChatSettings & { pinnedMessageId: string | null; clearedBeforeSeq: number };

const SETTING_KEYS = Object.keys(DEFAULT_CHAT_SETTINGS) as (keyof ChatSettings)[];

function toState(row: SettingsRow | undefined): ChatState {
  if (!row) return { settings: DEFAULT_CHAT_SETTINGS, pinnedMessageId: null, clearedBeforeSeq: 0 };
  const settings = Object.fromEntries(SETTING_KEYS.map((key) => [key, row[key]])) as ChatSettings;
  return { settings, pinnedMessageId: row.pinnedMessageId, clearedBeforeSeq: row.clearedBeforeSeq };
}

export async function readChatState(q: Queryable, channelId: string): Promise<ChatState> {
  const [row] = await q<SettingsRow[]>`select * from chat_settings where channel_id = ${channelId}`;
  return toState(row);
}

/**
 * The channel's settings row, created with the defaults if missing, locked until the transaction
 * ends: pin, unpin, clear and settings changes of one channel then take turns.
 */
export async function lockChatState(tx: TransactionSql, channelId: string): Promise<ChatState> {
  await tx`insert into chat_settings (channel_id) values (${channelId}) on conflict (channel_id) do nothing`;
  const [row] = await tx<SettingsRow[]>`select * from chat_settings where channel_id = ${channelId} for update`;
  return toState(row);
}

export class ChatSettingsService {
  constructor(private readonly deps: FeatureDeps) {}

  async get(channel: ChannelInfo): Promise<ChatSettings> {
    return (await readChatState(this.deps.sql, channel.id)).settings;
  }

  /** Streamer and moderators (the route lets no one else in); the change reaches every chat view at once. */
  async update(channel: ChannelInfo, actor: Actor, patch: UpdateChatSettingsBody): Promise<ChatSettings> {
    const keys = SETTING_KEYS.filter((key) => patch[key] !== undefined);
    return this.deps.events.transaction(async (tx, events) => {
      await events.lock(channel.id);
      await lockChatState(tx, channel.id);
      const [row] = await tx<SettingsRow[]>`
        update chat_settings set ${tx(patch, keys)}, updated_at = now() where channel_id = ${channel.id} returning *`;
      const { settings } = toState(row);
      await events.append(channel.id, 'chat.settings_updated', settings, 'public');
      await recordAction(tx, {
        channelId: channel.id,
        actorUserId: actorUser(actor),
        action: 'chat_settings.updated',
        details: { changes: patch },
      });
      return settings;
    });
  }
}

/** The account behind a moderating actor (an API key acts for the account that made it). */
export function actorUser(actor: Actor): string {
  if (!actor.userId) throw new Error('tipchat: a moderating actor without an account');
  return actor.userId;
}
