import type { HttpClient } from '../http';
import type { ApiKey, CreateApiKeyBody, CreatedApiKey } from '../protocol/keys';
import { type OverlayUrlOptions, overlayUrl } from './overlay-url';
import { channelPath } from './paths';

/** Credentials a streamer hands out: the overlay key for OBS, API keys for their own backends. */
export class KeysResource {
  constructor(private readonly http: HttpClient) {}

  /** A new overlay key; the previous one stops working at once, in every OBS source using it. */
  async rotateOverlayKey(slug: string): Promise<string> {
    const { key } = await this.http.request<{ key: string }>('POST', channelPath(slug, 'overlay-key'), { auth: true, channel: slug });
    return key;
  }

  /** The current overlay key (streamer only), or null when there is none yet: make one with rotateOverlayKey. */
  async overlayKey(slug: string): Promise<string | null> {
    const { key } = await this.http.request<{ key: string | null }>('GET', channelPath(slug, 'overlay-key'), { auth: true, channel: slug });
    return key;
  }

  /** The channel's OBS overlay URL with the current key, any time and without rotating; null when there is no key yet. */
  async overlayUrl(slug: string, options: OverlayUrlOptions = {}): Promise<string | null> {
    const key = await this.overlayKey(slug);
    return key === null ? null : overlayUrl(this.http.baseUrl, slug, key, options);
  }

  async listApiKeys(slug: string): Promise<ApiKey[]> {
    const { apiKeys } = await this.http.request<{ apiKeys: ApiKey[] }>('GET', channelPath(slug, 'api-keys'), { auth: true, channel: slug });
    return apiKeys;
  }

  /** The secret `key` is in this answer only; the server keeps just a hash. */
  createApiKey(slug: string, body: CreateApiKeyBody): Promise<CreatedApiKey> {
    return this.http.request('POST', channelPath(slug, 'api-keys'), { body, auth: true, channel: slug });
  }

  async revokeApiKey(slug: string, apiKeyId: string): Promise<void> {
    await this.http.request('DELETE', channelPath(slug, 'api-keys', apiKeyId), { auth: true, channel: slug });
  }
}
