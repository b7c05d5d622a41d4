import type { HttpClient } from '../http';
import type { MediaList, MediaUpload } from '../protocol/media-uploads';
import { channelPath } from './paths';

/**
 * A channel's uploaded alert media (the streamer only): images, GIFs, short videos and sounds.
 * The server decides what a file is from its bytes, not its name; each is served at
 * `<server><upload.path>` and named in alert designs by `{ sha256, type }`.
 */
export class MediaResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Uploads a file (a `File` from an `<input type="file">` will do). Refused with a TipchatError
   * of code UNSUPPORTED_MEDIA_TYPE (415) when its bytes are none of PNG, JPEG, GIF, WebP, WebM,
   * MP4, MP3, Ogg or WAV; PAYLOAD_TOO_LARGE (413) above 5 MB (15 MB for video);
   * MEDIA_QUOTA_EXCEEDED (409) when the channel's uploads would pass their quota. The same bytes
   * again answer the upload already stored.
   */
  upload(slug: string, file: Blob | ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<MediaUpload> {
    return this.http.request('POST', channelPath(slug, 'media'), { rawBody: file, auth: true, channel: slug });
  }

  /** The channel's uploads, newest first, and how much of the quota they use. */
  list(slug: string): Promise<MediaList> {
    return this.http.request('GET', channelPath(slug, 'media'), { auth: true, channel: slug });
  }

  /** Removes an upload; alerts that name it play without it. */
  async remove(slug: string, sha256: string): Promise<void> {
    await this.http.request('DELETE', channelPath(slug, 'media', sha256), { auth: true, channel: slug });
  }
}
