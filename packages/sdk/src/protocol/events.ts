import { z } from 'zod';
import type { Alert, AlertSettings } from './alerts';
import type { Channel, Stream } from './channels';
import type { ChatMessage, ChatSendPayload, ChatSettings } from './chat';
import type { Goal, Leaderboards } from './goals';
import type { Payout } from './payouts';
import type { ProviderEventFlagged } from './reviews';
import type { PublicTip, TipFeedItem } from './tips';

/**
 * Every event a channel's log can hold, by type, with its payload. Widgets, overlays, the
 * dashboard, the plain-WebSocket feed and polling clients all read this one log.
 */
export interface ChannelEventMap {
  'chat.message': ChatMessage;
  'chat.message_deleted': { messageId: string };
  /** A ban with "delete recent messages": these disappear from every chat view. */
  'chat.messages_removed': { viewerId: string; messageIds: string[] };
  /** Everything before this event is cleared from chat views. */
  'chat.cleared': Record<string, never>;
  'chat.pinned': { message: ChatMessage };
  'chat.unpinned': { messageId: string };
  'chat.settings_updated': ChatSettings;
  'viewer.banned': { viewerId: string; displayName: string; expiresAt: string | null };
  'viewer.unbanned': { viewerId: string };
  'channel.updated': Channel;
  'stream.started': Stream;
  'stream.ended': Stream;
  /** Staff only. */
  'moderation.changed': { action: string };
  /** A tip was paid (public: overlays, goal and leaderboard widgets). Its highlighted chat message comes as 'chat.message'. */
  'tip.succeeded': PublicTip;
  /** Staff only. A tip changed as the streamer sees it (paid, refunded, disputed, marked). */
  'tip.updated': TipFeedItem;
  /** Staff only. An alert entered the queue (a new tip, or a replay). */
  'alert.queued': Alert;
  /** Staff only. An overlay played the alert. */
  'alert.shown': Alert;
  /** Staff only. Skipped from the dashboard: overlays drop it (or stop it if playing). */
  'alert.skipped': Alert;
  /**
   * Staff only. The dashboard's test button: play it like an alert, but it is not in the queue and
   * is never acknowledged (its tip does not exist and no money moved).
   */
  'alert.test': Alert;
  /** Staff only. Paused, resumed, or the minimum amount changed. */
  'alert.settings_updated': AlertSettings;
  /** Staff only. A payout was requested or changed status (succeeded, failed, reversed). */
  'payout.updated': Payout;
  /**
   * Staff only. A provider event about one of the channel's tips was refused or flagged for an
   * operator's review (a dispute larger than the tip left, an overpayment…); see the admin review queue.
   */
  'provider_event.flagged': ProviderEventFlagged;
  /** The goal was set, replaced, removed, or tips moved it. */
  'goal.updated': { goal: Goal | null };
  /**
   * Tips changed a leaderboard: the top 10 of each period, as they stand when pushed. Coalesced per
   * channel: at once after a quiet spell, then at most once a second while tips keep coming.
   */
  'leaderboard.updated': Leaderboards;
  /**
   * Staff only. A credential lost its access (overlay key rotated, API key revoked, moderator
   * removed): open connections are checked again and cut or demoted.
   */
  'access.changed': { reason: 'overlay_key_rotated' | 'api_key_revoked' | 'moderator_removed' };
}

export type ChannelEventType = keyof ChannelEventMap;

export interface ChannelEventOf<K extends ChannelEventType> {
  channelId: string;
  /** Strictly increasing per channel, without gaps. */
  seq: number;
  type: K;
  data: ChannelEventMap[K];
  at: string;
  /**
   * On live pushes only: the sequence of the previous event this connection may see. If it is
   * above the last sequence you have, you missed something: fetch the gap with `after`.
   */
  prev?: number;
}

export type ChannelEvent = { [K in ChannelEventType]: ChannelEventOf<K> }[ChannelEventType];

/** The envelope as OpenAPI describes it; payloads are typed by ChannelEventMap. */
export const channelEventSchema = z.object({
  channelId: z.uuid(),
  seq: z.number().int(),
  type: z.string(),
  data: z.unknown(),
  at: z.iso.datetime({ offset: true }),
});

export const eventsQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1_000).default(500),
});

export const eventPageSchema = z.object({
  events: z.array(channelEventSchema),
  /**
   * Everything up to this sequence has been considered: continue with `after=lastSeq`. Equal to
   * the log's head unless the page was full.
   */
  lastSeq: z.number().int(),
});

export type EventPage = { events: ChannelEvent[]; lastSeq: number };

/**
 * `details` of an `EVENTS_PRUNED` error (HTTP 410, a refused socket.io handshake, or the
 * WebSocket feed's error frame): the events asked for are older than the log keeps.
 */
export interface EventsPrunedDetails {
  /** The first sequence the log still holds: `after` must be at least `oldestSeq - 1`. */
  oldestSeq: number;
  /** The log's head when asked: reload the state, then continue after it. */
  headSeq: number;
}

/** What the socket.io handshake sends as `auth`. */
export interface RealtimeAuth {
  channel: string;
  /** An account access token, guest token, overlay key or API key. Absent: anonymous, public events only. */
  token?: string;
  /**
   * The last sequence the client has, when resuming. If the log no longer holds the events after
   * it, the handshake is refused with `EVENTS_PRUNED` (reload, then connect without it).
   */
  after?: number;
}

export type ChatSendResult =
  | { ok: true; message: ChatMessage }
  | { ok: false; error: { code: string; message: string; details?: unknown } };

/** Events the server emits to a socket. */
export interface ServerToClientEvents {
  event: (event: ChannelEvent) => void;
  /** Sent once after connecting: who the socket is and where the log stands. */
  ready: (info: {
    lastSeq: number;
    role: 'anonymous' | 'viewer' | 'moderator' | 'streamer' | 'overlay' | 'api';
    viewerId: string | null;
  }) => void;
}

/** Events a socket may emit to the server. */
export interface ClientToServerEvents {
  /** `clientMessageId`: an idempotency key; sending again with the same one answers with the first message. */
  'chat:send': (body: ChatSendPayload, ack: (result: ChatSendResult) => void) => void;
}
