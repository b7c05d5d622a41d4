import type { HttpClient } from '../http';
import type { TtsSettings, UpdateTtsSettingsBody } from '../protocol/tts';
import { channelPath } from './paths';

/**
 * Alerts spoken by the server (eSpeak-NG), as audio an overlay plays through an `<audio>`
 * element, so OBS hears it like any alert sound. The speech itself is a URL (`speechUrl`), for an
 * `<audio src>`; the settings are the channel's voice, rate, volume and smallest tip spoken.
 */
export class TtsResource {
  constructor(private readonly http: HttpClient) {}

  /** The channel's speech settings (overlay, streamer, moderators, API keys). */
  settings(slug: string): Promise<TtsSettings> {
    return this.http.request('GET', channelPath(slug, 'tts', 'settings'), { auth: true, channel: slug });
  }

  /** Streamer and moderators. */
  updateSettings(slug: string, body: UpdateTtsSettingsBody): Promise<TtsSettings> {
    return this.http.request('PATCH', channelPath(slug, 'tts', 'settings'), { body, auth: true, channel: slug });
  }
}

/**
 * Where `text` is spoken as `audio/wav` in the channel's voice: `GET /api/v1/overlay/:slug/tts`.
 * The overlay key is part of the URL (an `<audio>` element sends no header), so keep the URL as
 * secret as the overlay URL.
 */
export function speechUrl(server: string, slug: string, key: string, text: string): string {
  const query = new URLSearchParams({ key, text });
  return `${server.replace(/\/+$/, '')}/api/v1/overlay/${encodeURIComponent(slug)}/tts?${query}`;
}
