/**
 * Test helpers for the chat suites: raw HTTP calls for the chat routes (with a chosen client IP,
 * so flood limits of one test do not leak into another), channels, viewers and stored counts.
 */
import { randomBytes } from 'node:crypto';
import type { ChatIdentity, ChatMessage } from '@tipchat/sdk/protocol';
import { expect } from 'vitest';
import { signUpVerified } from '../../../test/support/accounts';
import type { RawResponse } from '../../../test/support/raw';
import type { TestServer } from '../../../test/support/server';

/** The server must trust X-Forwarded-For for `ip` to count: start it with TRUST_PROXY=true. */
export const CHAT_SERVER_ENV = { TRUST_PROXY: 'true' };

export interface Call {
  token?: string | undefined;
  json?: unknown;
  /** Sent as X-Forwarded-For. */
  ip?: string;
}

export async function call(server: TestServer, method: string, path: string, options: Call = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.ip !== undefined) headers['x-forwarded-for'] = options.ip;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers,
    ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type'), text, body };
}

/** Asserts the status and hands back the body typed as the caller expects it. */
export function ok<T>(response: RawResponse, status = 200): T {
  expect(response.status, response.text).toBe(status);
  return response.body as T;
}

let counter = 0;
export const uniqueSlug = (prefix = 'chat') => `${prefix}-${Date.now().toString(36)}-${++counter}`;
/** A client address of the test's own. */
export const freshIp = () => `10.${[...randomBytes(3)].join('.')}`;

export interface Channel {
  slug: string;
  id: string;
  displayName: string;
  /** The streamer's access token. */
  owner: string;
  ownerUserId: string;
}

export async function makeChannel(server: TestServer, displayName = 'Lofi Nights'): Promise<Channel> {
  const client = server.client();
  const { session } = await signUpVerified(client, { displayName: `Owner ${randomBytes(3).toString('hex')}` });
  const slug = uniqueSlug();
  const channel = await client.channels.create({ slug, displayName });
  return { slug, id: channel.id, displayName, owner: session.accessToken, ownerUserId: session.user.id };
}

/** A signed-in, verified account's access token and user id. */
export async function makeAccount(
  server: TestServer,
  displayName = `Fan ${randomBytes(3).toString('hex')}`,
): Promise<{ token: string; userId: string }> {
  const { session } = await signUpVerified(server.client(), { displayName });
  return { token: session.accessToken, userId: session.user.id };
}

/** Someone in the chat: the credential to act with, their viewer id and their own address. */
export interface Chatter {
  token: string;
  viewerId: string;
  ip: string;
  identity: ChatIdentity;
}

export async function joinGuest(
  server: TestServer,
  slug: string,
  displayName = `guest-${randomBytes(4).toString('hex')}`,
  deviceToken?: string,
): Promise<Chatter> {
  const ip = freshIp();
  const identity = ok<ChatIdentity>(
    await call(server, 'POST', `/channels/${slug}/viewers`, { json: { displayName, ...(deviceToken ? { deviceToken } : {}) }, ip }),
    201,
  );
  if (!identity.guestToken) throw new Error('a guest join answered no guest token');
  return { token: identity.guestToken, viewerId: identity.viewer.id, ip, identity };
}

export async function joinAccount(server: TestServer, slug: string, token: string, body: Record<string, unknown> = {}): Promise<Chatter> {
  const ip = freshIp();
  const response = await call(server, 'POST', `/channels/${slug}/viewers`, { token, json: body, ip });
  const identity = ok<ChatIdentity>(response, response.status === 200 ? 200 : 201);
  return { token, viewerId: identity.viewer.id, ip, identity };
}

export function sendText(server: TestServer, slug: string, chatter: Pick<Chatter, 'token' | 'ip'>, text: string): Promise<RawResponse> {
  return call(server, 'POST', `/channels/${slug}/chat/messages`, { token: chatter.token, ip: chatter.ip, json: { text } });
}

export async function say(server: TestServer, slug: string, chatter: Pick<Chatter, 'token' | 'ip'>, text: string): Promise<ChatMessage> {
  return ok<ChatMessage>(await sendText(server, slug, chatter, text), 201);
}

/** Makes a moderator of the channel (an account that joined its chat). */
export async function makeModerator(server: TestServer, channel: Channel): Promise<Chatter & { userId: string }> {
  const account = await makeAccount(server);
  await server.app
    .sql`insert into moderators (channel_id, user_id, added_by) values (${channel.id}, ${account.userId}, ${channel.ownerUserId})`;
  return { ...(await joinAccount(server, channel.slug, account.token)), userId: account.userId };
}

/** What a refused request must leave untouched. */
export async function chatState(server: TestServer, channelId: string) {
  const sql = server.app.sql;
  const [row] = await sql<
    { messages: number; events: number; lastSeq: number; lastMessages: string; settings: string; auditEntries: number; viewers: number }[]
  >`
    select
      (select count(*)::int from chat_messages where channel_id = ${channelId}) as messages,
      (select count(*)::int from channel_events where channel_id = ${channelId}) as events,
      (select last_event_seq from channels where id = ${channelId}) as last_seq,
      (select coalesce(string_agg(id::text || '=' || coalesce(last_message_at::text, '-'), ',' order by id), '') from viewers where channel_id = ${channelId}) as last_messages,
      (select coalesce(string_agg(s::text, ','), '') from chat_settings s where channel_id = ${channelId}) as settings,
      (select count(*)::int from moderation_log where channel_id = ${channelId}) as audit_entries,
      (select count(*)::int from viewers where channel_id = ${channelId}) as viewers`;
  return row;
}

/** Runs `action` and asserts it stored nothing in the channel's chat. */
export async function withoutWrites<T>(server: TestServer, channelId: string, action: () => Promise<T>): Promise<T> {
  const before = await chatState(server, channelId);
  const result = await action();
  expect(await chatState(server, channelId)).toEqual(before);
  return result;
}

export interface StoredEvent {
  seq: number;
  type: string;
  visibility: string;
  data: unknown;
}

export async function eventsOf(server: TestServer, channelId: string, after = 0): Promise<StoredEvent[]> {
  return server.app.sql<StoredEvent[]>`
    select seq, type, visibility, data from channel_events where channel_id = ${channelId} and seq > ${after} order by seq`;
}
