import type { HttpClient } from '../http';
import { type IdempotentOptions, newIdempotencyKey } from '../idempotency';
import type { ChatHistory, ChatMessage, ChatSettings, UpdateChatSettingsBody } from '../protocol/chat';
import type { ChatIdentity, JoinChatBody, ViewerStanding } from '../protocol/viewers';
import { channelPath } from './paths';

/**
 * A channel's chat. Joining as a guest gives the client that channel's guest token, which it then
 * uses for the channel's calls (and realtime connections) while no account is signed in.
 */
export class ChatResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Joins the chat: signed in, as the account; signed out, as a guest named `displayName`.
   * Joining again with the same credential gives back the same identity. Keep
   * `identity.guestToken` and `identity.deviceToken` (e.g. in localStorage) and hand the guest
   * token back with `useGuestToken` after a reload.
   */
  async join(slug: string, body: JoinChatBody = {}): Promise<ChatIdentity> {
    // A guest token already held for the channel goes along, so joining again gives back that guest.
    const identity = await this.http.request<ChatIdentity>('POST', channelPath(slug, 'viewers'), { body, auth: 'optional', channel: slug });
    if (identity.guestToken) this.http.setGuestToken(slug, identity.guestToken);
    return identity;
  }

  /** Your identity in the chat and any ban or time-out against it (404 until you have joined). */
  standing(slug: string): Promise<ViewerStanding> {
    return this.http.request('GET', channelPath(slug, 'viewers', 'me'), { auth: true, channel: slug });
  }

  /** Acts as this guest in `slug` from now on (a token kept from an earlier `join`); null forgets it. */
  useGuestToken(slug: string, guestToken: string | null): void {
    this.http.setGuestToken(slug, guestToken);
  }

  /** The guest token the client holds for `slug`, if it joined as a guest. */
  guestToken(slug: string): string | undefined {
    return this.http.guestToken(slug);
  }

  /** Newest page first: pass `nextCursor` as `before` for older messages. Messages are oldest first within a page. */
  history(slug: string, options: { before?: number; limit?: number } = {}): Promise<ChatHistory> {
    return this.http.request('GET', channelPath(slug, 'chat', 'messages'), { query: options, auth: 'optional', channel: slug });
  }

  /**
   * Over REST; a realtime connection's `chat.send` does the same over its socket. Carries an
   * Idempotency-Key (a new random one per call unless `options.idempotencyKey` is given), so a
   * retry of the same call — the SDK's own after renewing a session, or yours with the same key —
   * is stored once and answered with the first message.
   */
  send(slug: string, text: string, options: IdempotentOptions = {}): Promise<ChatMessage> {
    const headers = { 'idempotency-key': options.idempotencyKey ?? newIdempotencyKey() };
    return this.http.request('POST', channelPath(slug, 'chat', 'messages'), { body: { text }, auth: true, channel: slug, headers });
  }

  /** Your own message, or any message when you moderate the channel. */
  async delete(slug: string, messageId: string): Promise<void> {
    await this.http.request('DELETE', channelPath(slug, 'chat', 'messages', messageId), { auth: true, channel: slug });
  }

  /** Pins one message above the chat, replacing any pinned before. */
  pin(slug: string, messageId: string): Promise<ChatMessage> {
    return this.http.request('POST', channelPath(slug, 'chat', 'pin'), { body: { messageId }, auth: true, channel: slug });
  }

  async unpin(slug: string): Promise<void> {
    await this.http.request('DELETE', channelPath(slug, 'chat', 'pin'), { auth: true, channel: slug });
  }

  /** Clears the chat for everyone; history keeps only what follows. */
  async clear(slug: string): Promise<void> {
    await this.http.request('POST', channelPath(slug, 'chat', 'clear'), { auth: true, channel: slug });
  }

  settings(slug: string): Promise<ChatSettings> {
    return this.http.request('GET', channelPath(slug, 'chat', 'settings'), { auth: 'optional', channel: slug });
  }

  /** The streamer and moderators; send only the settings to change. */
  updateSettings(slug: string, body: UpdateChatSettingsBody): Promise<ChatSettings> {
    return this.http.request('PATCH', channelPath(slug, 'chat', 'settings'), { body, auth: true, channel: slug });
  }
}
