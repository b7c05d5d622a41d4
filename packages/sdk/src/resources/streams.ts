import type { HttpClient } from '../http';
import type { StartStreamBody, Stream } from '../protocol/channels';

/** Live sessions of a channel. */
export class StreamsResource {
  constructor(private readonly http: HttpClient) {}

  /** Goes live; fails with STREAM_ALREADY_LIVE while another stream runs. */
  start(slug: string, body: StartStreamBody = {}): Promise<Stream> {
    return this.http.request('POST', `/api/v1/channels/${encodeURIComponent(slug)}/streams`, { body, auth: true });
  }

  end(streamId: string): Promise<Stream> {
    return this.http.request('DELETE', `/api/v1/streams/${encodeURIComponent(streamId)}`, { auth: true });
  }

  /** Newest first. */
  async list(slug: string, options: { limit?: number } = {}): Promise<Stream[]> {
    const { streams } = await this.http.request<{ streams: Stream[] }>('GET', `/api/v1/channels/${encodeURIComponent(slug)}/streams`, {
      query: { limit: options.limit },
    });
    return streams;
  }
}
