import type { HttpClient } from '../http';
import type { Channel, CreateChannelBody, UpdateChannelBody } from '../protocol/channels';

const path = (slug: string) => `/api/v1/channels/${encodeURIComponent(slug)}`;

export class ChannelsResource {
  constructor(private readonly http: HttpClient) {}

  /** Needs a verified email; one channel per account. */
  create(body: CreateChannelBody): Promise<Channel> {
    return this.http.request('POST', '/api/v1/channels', { body, auth: true });
  }

  /** Public: no sign-in needed. */
  get(slug: string): Promise<Channel> {
    return this.http.request('GET', path(slug));
  }

  /** Channels the signed-in account owns. */
  async mine(): Promise<Channel[]> {
    const { channels } = await this.http.request<{ channels: Channel[] }>('GET', '/api/v1/user/channels', { auth: true });
    return channels;
  }

  update(slug: string, body: UpdateChannelBody): Promise<Channel> {
    return this.http.request('PATCH', path(slug), { body, auth: true });
  }
}
