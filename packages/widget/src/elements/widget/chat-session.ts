import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isViewerKey, type ViewerKey } from './catalogs';
import { ChatLog } from './chat-log';
import {
  type Channel,
  type ChannelConnection,
  type ChannelEvent,
  type ChatHistory,
  type ChatMessage,
  type ChatSettings,
  type ConnectionState,
  createClient,
  type TipchatClient,
  TipchatError,
  type ViewerStanding,
} from './client';
import { readIdentity, type StoredIdentity, writeIdentity } from './identity-store';
import { SendKey } from './send-key';

/** How far loading the channel got; `ready` once the channel, its settings and history are in. */
export type LoadState = 'unconfigured' | 'loading' | 'ready' | 'not-found' | 'unreachable' | 'error';

/** What the session tells its element, which turns it into events and announcements. */
export interface SessionListener {
  ready(channel: Channel): void;
  message(message: ChatMessage): void;
  sent(message: ChatMessage): void;
  failed(code: string, message: string): void;
}

export const errorCode = (error: unknown): string => (error instanceof TipchatError ? error.code : 'ERROR');

/**
 * One viewer's session in one channel's chat: loads the channel, its settings and recent
 * history, follows its events live (the SDK resumes after drops without gaps or repeats), and
 * joins and sends as this browser's guest.
 */
export class ChatSession implements ReactiveController {
  load: LoadState = 'unconfigured';
  client: TipchatClient | undefined;
  slug = '';
  channel: Channel | undefined;
  settings: ChatSettings | undefined;
  connection: ConnectionState = 'disconnected';
  readonly log = new ChatLog(200);
  me: StoredIdentity = {};
  /** A ban or time-out of this viewer; `until` null for a ban, the end of a time-out otherwise. */
  ban: { until: string | null } | undefined;
  /** When slow mode lets this viewer send again (epoch ms). */
  slowUntil = 0;
  /** The last refused join or send, in the widget's words. */
  problem: ViewerKey | undefined;

  private server = '';
  private realtime: ChannelConnection | undefined;
  /** While reloading after a reset: live events, applied on top of what the reload reads. */
  private held: ChannelEvent[] | undefined;
  /** Bumped by every start and stop, so answers for an earlier channel are dropped. */
  private generation = 0;
  /** Sending the same text again after no answer is the same send (the server stores it once). */
  private readonly sendKey = new SendKey();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly listener: SessionListener,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  stop(): void {
    this.generation++;
    this.realtime?.close();
    this.realtime = undefined;
    this.held = undefined;
    this.connection = 'disconnected';
  }

  async start(server: string, slug: string): Promise<void> {
    this.stop();
    const generation = this.generation;
    Object.assign(this, { server, slug, channel: undefined, ban: undefined, problem: undefined, slowUntil: 0 });
    this.log.clear();
    if (!server || !slug) return this.update('unconfigured');
    this.update('loading');
    this.me = readIdentity(server, slug);
    const client = createClient({ baseUrl: server });
    this.client = client;
    if (this.me.guestToken) client.chat.useGuestToken(slug, this.me.guestToken);
    let history: ChatHistory;
    let standing: ViewerStanding | null;
    try {
      [this.channel, this.settings, history, standing] = await Promise.all([
        client.channels.get(slug),
        client.chat.settings(slug),
        client.chat.history(slug),
        // A returning guest learns of a ban now, not when they press Send or Tip; a token the server forgot is handled below.
        this.me.guestToken
          ? client.chat.standing(slug).catch((error) => {
              if (errorCode(error) === 'TOKEN_INVALID') throw error;
              return null;
            })
          : null,
      ]);
    } catch (error) {
      if (generation !== this.generation) return;
      const code = errorCode(error);
      // A guest token the server no longer knows (the chat was reset): carry on as a newcomer.
      if (code === 'TOKEN_INVALID' && this.me.guestToken) {
        this.forget();
        return this.start(server, slug);
      }
      this.listener.failed(code, (error as Error).message);
      return this.update(code === 'NETWORK_ERROR' ? 'unreachable' : code === 'NOT_FOUND' ? 'not-found' : 'error');
    }
    if (generation !== this.generation) return;
    if (standing?.ban) this.ban = { until: standing.ban.expiresAt };
    for (const message of history.messages) this.log.add(message);
    this.log.pinned = history.pinned;
    // Events after the newest message shown: nothing falls between history and live, nothing twice.
    const realtime = client.realtime(slug, { after: history.messages.at(-1)?.seq });
    this.realtime = realtime;
    realtime.onAny((event) => (this.held ? this.held.push(event) : this.apply(event)));
    realtime.onReset(() => void this.reload(client, slug, generation));
    realtime.onState((state) => {
      this.connection = state;
      this.host.requestUpdate();
    });
    this.update('ready');
    this.listener.ready(this.channel as Channel);
    this.connect();
  }

  /**
   * The server no longer held the events this session missed (away longer than its retention):
   * read the channel, settings and chat again, then apply the live events that came meanwhile.
   * Each event carries the whole of what it changes, so replaying them on a newer read is right.
   */
  private async reload(client: TipchatClient, slug: string, generation: number): Promise<void> {
    this.held ??= [];
    try {
      const [channel, settings, history] = await Promise.all([
        client.channels.get(slug),
        client.chat.settings(slug),
        client.chat.history(slug),
      ]);
      if (generation !== this.generation) return;
      Object.assign(this, { channel, settings, ban: undefined });
      this.log.clear();
      for (const message of history.messages) this.log.add(message);
      this.log.pinned = history.pinned;
    } catch (error) {
      // Keeps what it shows; the events go on.
      this.listener.failed(errorCode(error), (error as Error).message);
    } finally {
      const held = this.held ?? [];
      this.held = undefined;
      if (generation === this.generation) for (const event of held) this.apply(event);
      this.host.requestUpdate();
    }
  }

  /** (Re)opens the live connection; a first connect that fails shows the connection as down, with a retry. */
  connect(): void {
    this.realtime?.connect().catch((error: unknown) => this.listener.failed(errorCode(error), (error as Error).message));
  }

  async join(displayName: string): Promise<void> {
    const { client, slug, server } = this;
    if (!client) return;
    this.problem = undefined;
    try {
      const { viewer, guestToken, deviceToken } = await client.chat.join(slug, { displayName, deviceToken: this.me.deviceToken });
      this.me = { viewerId: viewer.id, name: viewer.displayName, guestToken: guestToken ?? undefined, deviceToken };
      writeIdentity(server, slug, this.me);
    } catch (error) {
      this.refused(error);
    }
    this.host.requestUpdate();
  }

  /** True when the message was stored (the box may be emptied). */
  async send(text: string): Promise<boolean> {
    const { client, slug } = this;
    if (!client) return false;
    this.problem = undefined;
    try {
      const message = await client.chat.send(slug, text, { idempotencyKey: this.sendKey.for(text) });
      this.sendKey.settle();
      // Shown now rather than when its event arrives; the log keeps it once. Not announced: the viewer wrote it.
      this.log.add(message);
      // The streamer and moderators are not slowed.
      const slow = this.settings?.slowModeSeconds;
      if (slow && message.author.role === 'viewer') this.slowFor(slow);
      this.listener.sent(message);
      return true;
    } catch (error) {
      this.sendKey.settle(error);
      this.refused(error);
      return false;
    } finally {
      this.host.requestUpdate();
    }
  }

  /** Whether a ban or a time-out keeps this viewer from chatting and tipping right now. */
  get barred(): boolean {
    const until = this.ban?.until;
    return !!this.ban && (!until || Date.parse(until) > Date.now());
  }

  /** Takes a refusal for a ban or time-out (of a join, a send or a tip) as news of it; true when it was one. */
  learnBan(error: unknown): boolean {
    const code = errorCode(error);
    if (code !== 'BANNED' && code !== 'TIMED_OUT') return false;
    this.ban = { until: (error as { details?: { expiresAt?: string | null } }).details?.expiresAt ?? null };
    this.host.requestUpdate();
    return true;
  }

  private refused(error: unknown): void {
    const code = errorCode(error);
    const details = (error as { details?: { retryAfterSeconds?: number } }).details;
    if (code === 'SLOW_MODE') this.slowFor(details?.retryAfterSeconds ?? 1);
    else if (code === 'TOKEN_INVALID') this.forget();
    // The catalogs have the refusals the widget explains in its own words, keyed by code.
    else if (!this.learnBan(error))
      this.problem =
        code === 'VERIFIED_EMAIL_REQUIRED'
          ? 'SIGN_IN_REQUIRED'
          : code === 'NETWORK_ERROR'
            ? 'unreachable'
            : isViewerKey(code)
              ? code
              : 'error';
    this.listener.failed(code, (error as Error).message);
  }

  private slowFor(seconds: number): void {
    this.slowUntil = Date.now() + seconds * 1000;
  }

  /** Forgets the guest (the name prompt comes back) but keeps the device token. */
  private forget(): void {
    this.me = { deviceToken: this.me.deviceToken };
    writeIdentity(this.server, this.slug, this.me);
    this.client?.chat.useGuestToken(this.slug, null);
  }

  private apply(event: ChannelEvent): void {
    const { log } = this;
    const mine = (viewerId: string) => viewerId === this.me.viewerId;
    switch (event.type) {
      case 'chat.message':
        if (log.add(event.data)) this.listener.message(event.data);
        break;
      case 'chat.message_deleted':
        log.remove([event.data.messageId]);
        break;
      case 'chat.messages_removed':
        log.remove(event.data.messageIds);
        break;
      case 'chat.cleared':
        log.clear();
        break;
      case 'chat.pinned':
        log.pinned = event.data.message;
        break;
      case 'chat.unpinned':
        if (log.pinned?.id === event.data.messageId) log.pinned = null;
        break;
      case 'chat.settings_updated':
        this.settings = event.data;
        break;
      case 'viewer.banned':
        if (mine(event.data.viewerId)) this.ban = { until: event.data.expiresAt };
        break;
      case 'viewer.unbanned':
        if (mine(event.data.viewerId)) this.ban = undefined;
        break;
      case 'channel.updated':
        this.channel = event.data;
        break;
      case 'stream.started':
      case 'stream.ended':
        if (this.channel) this.channel = { ...this.channel, live: event.type === 'stream.started' };
        break;
      default:
        return;
    }
    this.host.requestUpdate();
  }

  private update(load: LoadState): void {
    this.load = load;
    this.host.requestUpdate();
  }
}
