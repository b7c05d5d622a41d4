import { createHash } from 'node:crypto';
import { MEDIA_QUOTA_BYTES, type MediaList, type MediaUpload, maxMediaBytes } from '@tipchat/sdk/protocol';
import { AppError, notFound } from '../../errors';
import type { ChannelInfo } from '../access/channel-access';
import type { FeatureDeps } from '../deps';
import { deleteUpload, insertUpload, listUploads, lockChannelMedia, readUpload, usedBytes } from './queries';
import { sniffMediaType } from './sniff';

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** A channel's uploaded alert media: checked by their bytes, limited in size and in total, stored in the database. */
export class MediaService {
  constructor(readonly deps: FeatureDeps) {}

  /** Stores a file (or answers the same bytes stored before, `created: false`). The route checked the caller is the owner. */
  async upload(channel: ChannelInfo, bytes: Buffer): Promise<{ upload: MediaUpload; created: boolean }> {
    const type = sniffMediaType(bytes);
    if (!type) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        'This file is not an image (PNG, JPEG, GIF, WebP), a video (WebM, MP4) or a sound (MP3, Ogg, WAV); its name or declared type does not count, its content does',
      );
    }
    const limit = maxMediaBytes(type);
    if (bytes.length > limit) {
      throw new AppError('PAYLOAD_TOO_LARGE', `A ${type} may be at most ${megabytes(limit)}; this one is ${megabytes(bytes.length)}`, {
        limit,
        size: bytes.length,
      });
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return this.deps.sql.begin(async (tx) => {
      await lockChannelMedia(tx, channel.id);
      const existing = await readUpload(tx, channel.id, sha256);
      if (existing) return { upload: existing, created: false };
      const used = await usedBytes(tx, channel.id);
      if (used + bytes.length > MEDIA_QUOTA_BYTES) {
        throw new AppError(
          'MEDIA_QUOTA_EXCEEDED',
          `Your uploads would take ${megabytes(used + bytes.length)} of your ${megabytes(MEDIA_QUOTA_BYTES)}: remove some first`,
          { used, quota: MEDIA_QUOTA_BYTES },
        );
      }
      return { upload: await insertUpload(tx, channel.id, { sha256, type, bytes }), created: true };
    });
  }

  async list(channel: ChannelInfo): Promise<MediaList> {
    const uploads = await listUploads(this.deps.sql, channel.id);
    return { uploads, used: uploads.reduce((sum, upload) => sum + upload.size, 0), quota: MEDIA_QUOTA_BYTES };
  }

  async remove(channel: ChannelInfo, sha256: string): Promise<void> {
    if (!(await deleteUpload(this.deps.sql, channel.id, sha256))) throw notFound('Upload');
  }
}
