import { randomBytes } from 'node:crypto';
import { API_KEY_SCOPES, type ApiKeyScope } from '@tipchat/sdk/protocol';
import { expect } from 'vitest';
import { WebSocket } from 'ws';
import { signUpVerified } from './accounts';
import { type RawRequest, type RawResponse, send, storedState } from './raw';
import type { TestServer } from './server';

/**
 * Fixtures for the bad-input suite of the channel routes: a channel with someone in every role
 * and one thing of every kind, the stored state those routes could change, and a WebSocket
 * upgrade that reports how it was refused.
 */

export interface Person {
  token: string;
  userId: string;
  email: string;
}

export interface Guest {
  token: string;
  viewerId: string;
  deviceToken: string;
}

export interface SeededChannel {
  slug: string;
  id: string;
  displayName: string;
  /** Joined the chat of their own channel. */
  owner: Person & { displayName: string; viewerId: string };
  /** Appointed by the owner, and joined the chat. */
  moderator: Person & { displayName: string; viewerId: string };
  /** Signed in and joined the chat, with no role. */
  fan: Person;
  /** Signed in, never joined: no chat identity here. */
  lurker: Person;
  /** Wrote `message` and `pinned`. */
  guest: Guest;
  /** Another guest, who wrote nothing. */
  bystander: Guest;
  /** A guest nobody has banned: what a ban that slipped through would hit. */
  target: Guest;
  /** The guest's message, not pinned. */
  message: string;
  /** The guest's other message, pinned by the owner. */
  pinned: string;
  /** A message the guest wrote and deleted. */
  deletedMessage: string;
  /** A guest under a permanent ban. */
  banned: Guest;
  /** The ban of `banned`. */
  ban: string;
  /** A ban that was lifted. */
  liftedBan: string;
  blockedTerm: string;
  overlayKey: string;
  /** The overlay key before the last rotation. */
  staleOverlayKey: string;
  /** One key per scope, each with that scope alone. */
  apiKeys: Record<ApiKeyScope, string>;
  revokedApiKey: string;
  revokedApiKeyId: string;
  /** The id of a live API key nobody uses: what a revoke that slipped through would hit. */
  spareApiKeyId: string;
}

async function person(server: TestServer, displayName: string): Promise<Person> {
  const { email, session } = await signUpVerified(server.client(), { displayName });
  return { token: session.accessToken, userId: session.user.id, email };
}

async function guest(server: TestServer, slug: string, displayName: string): Promise<Guest> {
  const identity = await server.client().chat.join(slug, { displayName });
  if (!identity.guestToken) throw new Error('a guest join answered no guest token');
  return { token: identity.guestToken, viewerId: identity.viewer.id, deviceToken: identity.deviceToken };
}

/** A channel at `slug` with all of the above, made through the SDK as its users would. */
export async function seedChannel(server: TestServer, slug: string): Promise<SeededChannel> {
  const displayName = `Channel ${slug}`;
  const ownerName = `Owner of ${slug}`;
  const owner = await person(server, ownerName);
  const asOwner = server.client({ token: owner.token });
  const { id } = await asOwner.channels.create({ slug, displayName });
  const ownerViewer = await asOwner.chat.join(slug);

  const moderatorName = `Moderator of ${slug}`;
  const moderator = await person(server, moderatorName);
  await asOwner.moderation.addModerator(slug, moderator.email);
  const moderatorViewer = await server.client({ token: moderator.token }).chat.join(slug);
  const fan = await person(server, `Fan of ${slug}`);
  await server.client({ token: fan.token }).chat.join(slug);
  const lurker = await person(server, `Lurker of ${slug}`);

  const writer = await guest(server, slug, 'Writer');
  const asWriter = server.client({ token: writer.token });
  const message = (await asWriter.chat.send(slug, 'hello everyone')).id;
  const pinned = (await asWriter.chat.send(slug, 'pin me')).id;
  await asOwner.chat.pin(slug, pinned);
  const deletedMessage = (await asWriter.chat.send(slug, 'oops')).id;
  await asWriter.chat.delete(slug, deletedMessage);

  const banned = await guest(server, slug, 'Banned');
  const ban = (await asOwner.moderation.ban(slug, { viewerId: banned.viewerId, reason: 'seeded' })).id;
  const pardoned = await guest(server, slug, 'Pardoned');
  const liftedBan = (await asOwner.moderation.ban(slug, { viewerId: pardoned.viewerId })).id;
  await asOwner.moderation.unban(slug, liftedBan);
  const blockedTerm = (await asOwner.moderation.addBlockedTerm(slug, { term: 'forbiddenword' })).id;

  const staleOverlayKey = await asOwner.keys.rotateOverlayKey(slug);
  const overlayKey = await asOwner.keys.rotateOverlayKey(slug);
  const apiKeys = {} as Record<ApiKeyScope, string>;
  for (const scope of API_KEY_SCOPES) apiKeys[scope] = (await asOwner.keys.createApiKey(slug, { name: scope, scopes: [scope] })).key;
  const revoked = await asOwner.keys.createApiKey(slug, { name: 'revoked', scopes: [...API_KEY_SCOPES] });
  await asOwner.keys.revokeApiKey(slug, revoked.apiKey.id);
  const spare = await asOwner.keys.createApiKey(slug, { name: 'spare', scopes: ['events:read'] });

  return {
    slug,
    id,
    displayName,
    owner: { ...owner, displayName: ownerName, viewerId: ownerViewer.viewer.id },
    moderator: { ...moderator, displayName: moderatorName, viewerId: moderatorViewer.viewer.id },
    fan,
    lurker,
    guest: writer,
    bystander: await guest(server, slug, 'Bystander'),
    target: await guest(server, slug, 'Target'),
    message,
    pinned,
    deletedMessage,
    banned,
    ban,
    liftedBan,
    blockedTerm,
    overlayKey,
    staleOverlayKey,
    apiKeys,
    revokedApiKey: revoked.key,
    revokedApiKeyId: revoked.apiKey.id,
    spareApiKeyId: spare.apiKey.id,
  };
}

/** Credentials shaped like each kind the server knows, matching nothing. */
export function forgedChannelCredentials(): { guest: string; overlay: string; apiKey: string } {
  const secret = () => randomBytes(32).toString('base64url');
  return { guest: `tcg_${secret()}`, overlay: `tco_${secret()}`, apiKey: `tck_${secret()}` };
}

/**
 * The tables the channel routes write, whole. An API key is stamped `last_used_at` whenever it
 * authenticates, refused or not — bookkeeping about the credential, not something the request
 * wrote — so that column stays out of the digest. relay_cursors moves on its own as the relay
 * publishes, and stays out too.
 */
const CHANNEL_TABLES: Record<string, string> = {
  viewers: 'viewers',
  chat_settings: 'chat_settings',
  chat_messages: 'chat_messages',
  moderators: 'moderators',
  bans: 'bans',
  blocked_terms: 'blocked_terms',
  moderation_log: 'moderation_log',
  channel_events: 'channel_events',
  api_keys: '(select id, channel_id, name, key_hash, scopes, created_by, created_at, revoked_at from api_keys)',
};

/** Row count and content digest of every table a request could write: the foundation's and the channel routes'. */
export async function storedEverything(server: TestServer): Promise<Record<string, string | number>> {
  const columns = Object.entries(CHANNEL_TABLES).map(
    ([name, from]) =>
      `(select count(*)::text || ' rows, ' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from ${from} t) as ${name}`,
  );
  const [row] = await server.app.sql.unsafe<Record<string, string>[]>(`select ${columns.join(', ')}`);
  return { ...(await storedState(server)), ...row };
}

/** Runs `action` and asserts it changed nothing stored; returns what it returned. */
export async function withoutWrites<T>(server: TestServer, what: string, action: () => Promise<T>): Promise<T> {
  const before = await storedEverything(server);
  const outcome = await action();
  expect(await storedEverything(server), `${what} changed stored state`).toEqual(before);
  return outcome;
}

/** `send`, asserting that the request changed nothing stored in any table. */
export function sendUntouched(server: TestServer, request: RawRequest): Promise<RawResponse> {
  return withoutWrites(server, `${request.method} ${request.path}`, () => send(server, request));
}

/**
 * Opens the plain-WebSocket feed at `path` and hands back the HTTP answer that refused the
 * upgrade, body included; fails if the upgrade went through.
 */
export function refusedUpgrade(server: TestServer, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}${path}`, { headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.terminate();
      reject(new Error(`${path} upgraded, but should have been refused`));
    });
    socket.once('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'] ?? null, text, body });
        socket.terminate();
      });
    });
    socket.on('error', (error) => reject(error));
  });
}
