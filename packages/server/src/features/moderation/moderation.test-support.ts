import { randomBytes } from 'node:crypto';
import type { ApiKeyScope, ErrorCode } from '@tipchat/sdk/protocol';
import { expect } from 'vitest';
import { signUpVerified } from '../../../test/support/accounts';
import { expectError, type RawResponse, send } from '../../../test/support/raw';
import type { TestServer } from '../../../test/support/server';
import { API_KEY_PREFIX, GUEST_TOKEN_PREFIX } from '../access/actor';
import { hashToken } from '../auth/opaque-tokens';
import { nameKey } from './normalize';

/** Test helpers for the moderation suites: accounts, channels, viewers, keys and what got stored. */

const unique = () => randomBytes(4).toString('hex');

export interface TestAccount {
  token: string;
  email: string;
  userId: string;
  displayName: string;
}

export interface TestChannel {
  slug: string;
  id: string;
  owner: TestAccount;
}

export async function account(server: TestServer, displayName = `Person ${unique()}`): Promise<TestAccount> {
  const { email, session } = await signUpVerified(server.client(), { displayName });
  return { token: session.accessToken, email, userId: session.user.id, displayName };
}

export async function channel(server: TestServer): Promise<TestChannel> {
  const owner = await account(server, `Streamer ${unique()}`);
  const slug = `mod-${unique()}`;
  const created = await server.client({ token: owner.token }).channels.create({ slug, displayName: 'Moderated' });
  return { slug, id: created.id, owner };
}

/** Appoints `who` through the API, as the channel's streamer. */
export async function appoint(server: TestServer, where: TestChannel, who: TestAccount): Promise<void> {
  const response = await call(server, where.owner.token, 'POST', `/api/v1/channels/${where.slug}/moderators`, { email: who.email });
  if (response.status !== 201) throw new Error(`appointing failed: ${response.text}`);
}

export interface TestViewer {
  id: string;
  displayName: string;
  /** The guest token (guests only): `Authorization: Bearer <token>` acts as this viewer. */
  token: string | null;
  deviceHash: string;
}

/**
 * A chat identity inserted straight into the table (the join route belongs to the chat work):
 * a guest unless `userId` is given. `deviceHash` lets several identities share one device.
 */
export async function viewer(
  server: TestServer,
  channelId: string,
  options: { displayName?: string; userId?: string; deviceHash?: string } = {},
): Promise<TestViewer> {
  const displayName = options.displayName ?? `Viewer ${unique()}`;
  const token = options.userId ? null : `${GUEST_TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
  const deviceHash = options.deviceHash ?? hashToken(randomBytes(16).toString('hex'));
  const [row] = await server.app.sql<{ id: string }[]>`
    insert into viewers (channel_id, kind, user_id, display_name, name_key, token_hash, device_hash)
    values (${channelId}, ${options.userId ? 'account' : 'guest'}, ${options.userId ?? null}, ${displayName}, ${nameKey(displayName)},
            ${token === null ? null : hashToken(token)}, ${deviceHash})
    returning id`;
  if (!row) throw new Error('viewer insert returned nothing');
  return { id: row.id, displayName, token, deviceHash };
}

/** A chat message inserted straight into the table, `minutesAgo` old. */
export async function message(server: TestServer, channelId: string, viewerId: string, minutesAgo = 0): Promise<string> {
  const [row] = await server.app.sql<{ id: string }[]>`
    insert into chat_messages (channel_id, viewer_id, seq, text, created_at)
    values (${channelId}, ${viewerId}, 0, 'hello', now() - make_interval(mins => ${minutesAgo}))
    returning id`;
  if (!row) throw new Error('message insert returned nothing');
  return row.id;
}

/** An API key for the channel, created by `createdBy`, inserted straight into the table. */
export async function apiKey(server: TestServer, channelId: string, createdBy: string, scopes: ApiKeyScope[]): Promise<string> {
  const key = `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  await server.app.sql`
    insert into api_keys (channel_id, name, key_hash, scopes, created_by)
    values (${channelId}, 'test key', ${hashToken(key)}, ${server.app.sql.json(scopes)}, ${createdBy})`;
  return key;
}

export function call(server: TestServer, token: string | undefined, method: string, path: string, json?: unknown): Promise<RawResponse> {
  return send(server, { method, path, ...(token === undefined ? {} : { token }), ...(json === undefined ? {} : { json }) });
}

/** Asserts a route's status (its body is the failure message) and parses what it answered: how each suite reads a success. */
export function answered<T>(response: RawResponse, status: number, schema: { parse(body: unknown): T }): T {
  expect(response.status, response.text).toBe(status);
  return schema.parse(response.body);
}

export interface StoredEvent {
  type: string;
  data: unknown;
  visibility: string;
}

/** The channel's events after `seq`, oldest first. */
export async function eventsAfter(server: TestServer, channelId: string, seq: number): Promise<StoredEvent[]> {
  return server.app.sql<StoredEvent[]>`
    select type, data, visibility from channel_events where channel_id = ${channelId} and seq > ${seq} order by seq`;
}

export async function headSeq(server: TestServer, channelId: string): Promise<number> {
  const [row] = await server.app.sql<{ lastEventSeq: number }[]>`select last_event_seq from channels where id = ${channelId}`;
  return row?.lastEventSeq ?? 0;
}

export interface AuditRow {
  action: string;
  actorUserId: string;
  targetViewerId: string | null;
  details: Record<string, unknown>;
}

export async function auditRows(server: TestServer, channelId: string): Promise<AuditRow[]> {
  return server.app.sql<AuditRow[]>`
    select action, actor_user_id, target_viewer_id, details from moderation_log where channel_id = ${channelId} order by id`;
}

const TABLES = [
  'moderators',
  'bans',
  'blocked_terms',
  'moderation_log',
  'channel_events',
  'chat_messages',
  'chat_settings',
  'viewers',
  'channels',
];

/** A digest of every moderation-related table, whole: equal before and after means nothing was written. */
export async function storedModeration(server: TestServer): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  for (const table of TABLES) {
    const [row] = await server.app.sql.unsafe<{ rows: number; digest: string }[]>(
      `select count(*)::int as rows, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as digest from ${table} t`,
    );
    state[table] = `${row?.rows} rows, ${row?.digest}`;
  }
  return state;
}

/** Sends a request that must be refused with `status`/`code` and change none of the moderation tables. */
export async function refusedWithoutWrites(
  server: TestServer,
  token: string | undefined,
  method: string,
  url: string,
  json: unknown,
  status: number,
  code: ErrorCode,
): Promise<RawResponse> {
  const before = await storedModeration(server);
  const response = await call(server, token, method, url, json);
  expectError(response, status, code);
  expect(await storedModeration(server)).toEqual(before);
  return response;
}
