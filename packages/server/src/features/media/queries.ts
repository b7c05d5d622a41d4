import type { MediaRef, MediaType, MediaUpload } from '@tipchat/sdk/protocol';
import { mediaPath } from '@tipchat/sdk/protocol';
import type { Queryable, TransactionSql } from '../../db/connection';

interface UploadRow {
  sha256: string;
  mediaType: MediaType;
  size: number;
  createdAt: Date;
}

export const toUpload = (row: UploadRow): MediaUpload => ({
  sha256: row.sha256,
  type: row.mediaType,
  size: row.size,
  path: mediaPath({ sha256: row.sha256, type: row.mediaType }),
  createdAt: row.createdAt.toISOString(),
});

/**
 * One channel's uploads are written one at a time (a transaction-scoped advisory lock), so two
 * uploads racing cannot both fit under the quota. The lock is the channel's media's own: it does
 * not hold the channel row, which tips and chat lock.
 */
export async function lockChannelMedia(tx: TransactionSql, channelId: string): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtextextended(${`tipchat:media:${channelId}`}, 0))`;
}

export async function usedBytes(q: Queryable, channelId: string): Promise<number> {
  const [row] = await q<{ used: string }[]>`select coalesce(sum(size), 0)::text as used from media_uploads where channel_id = ${channelId}`;
  return Number(row?.used ?? 0);
}

export async function readUpload(q: Queryable, channelId: string, sha256: string): Promise<MediaUpload | undefined> {
  const [row] = await q<UploadRow[]>`
    select sha256, media_type, size, created_at from media_uploads where channel_id = ${channelId} and sha256 = ${sha256}`;
  return row && toUpload(row);
}

export async function insertUpload(
  tx: TransactionSql,
  channelId: string,
  file: { sha256: string; type: MediaType; bytes: Buffer },
): Promise<MediaUpload> {
  const [row] = await tx<UploadRow[]>`
    insert into media_uploads (channel_id, sha256, media_type, size, bytes)
    values (${channelId}, ${file.sha256}, ${file.type}, ${file.bytes.length}, ${file.bytes})
    returning sha256, media_type, size, created_at`;
  if (!row) throw new Error('tipchat: the upload insert returned no row');
  return toUpload(row);
}

export async function listUploads(q: Queryable, channelId: string): Promise<MediaUpload[]> {
  const rows = await q<UploadRow[]>`
    select sha256, media_type, size, created_at from media_uploads where channel_id = ${channelId}
    order by created_at desc, sha256`;
  return rows.map(toUpload);
}

export async function deleteUpload(q: Queryable, channelId: string, sha256: string): Promise<boolean> {
  const rows = await q`delete from media_uploads where channel_id = ${channelId} and sha256 = ${sha256} returning 1`;
  return rows.length > 0;
}

/** The file served at `/media/<sha256>.<ext>`: any channel's copy (the bytes are the same by their hash). */
export async function readFile(q: Queryable, sha256: string): Promise<{ mediaType: MediaType; bytes: Buffer } | undefined> {
  const [row] = await q<{ mediaType: MediaType; bytes: Buffer }[]>`
    select media_type, bytes from media_uploads where sha256 = ${sha256} limit 1`;
  return row;
}

/** Of `refs`, those that are not uploads of this channel with that type (to refuse an alert design naming them). */
export async function missingUploads(q: Queryable, channelId: string, refs: readonly MediaRef[]): Promise<MediaRef[]> {
  if (refs.length === 0) return [];
  const rows = await q<{ sha256: string; mediaType: string }[]>`
    select sha256, media_type from media_uploads
    where channel_id = ${channelId} and sha256 in ${q(refs.map((ref) => ref.sha256))}`;
  const held = new Set(rows.map((row) => `${row.sha256}:${row.mediaType}`));
  return refs.filter((ref) => !held.has(`${ref.sha256}:${ref.type}`));
}
