import type { TtsSettings, UpdateTtsSettingsBody } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';
import { AppError } from '../../errors';
import { type Actor, isStaff, requireModerator } from '../access/actor';
import type { ChannelInfo } from '../access/channel-access';
import type { FeatureDeps } from '../deps';
import { readBlockedTerms } from '../moderation/checks';
import type { SpeechEngine, SpeechRequest } from './engine';
import { readTtsSettings, writeTtsSettings } from './settings';
import { SpeechCache, speechHash } from './speech-cache';
import { spokenText } from './spoken-text';

/**
 * What the engine is asked to say for `text` in this channel: its blocked terms masked
 * (spoken-text.ts), in its voice, rate and volume. Exported on its own so what reaches the
 * engine can be checked without running it.
 */
export async function speechRequest(q: Queryable, channelId: string, text: string): Promise<SpeechRequest> {
  const [settings, terms] = await Promise.all([readTtsSettings(q, channelId), readBlockedTerms(q, channelId)]);
  return { text: spokenText(text, terms), voice: settings.voice, rate: settings.rate, volume: settings.volume };
}

/** A WAV file and what names it (the hash of everything it was made from). */
export interface Speech {
  hash: string;
  wav: Uint8Array;
}

/** Alerts spoken by the server, as audio any `<audio>` element (and so OBS) plays. */
export class TtsService {
  readonly #cache = new SpeechCache();
  /** Syntheses under way by hash: several overlays asking for the same alert at once share one. */
  readonly #inflight = new Map<string, Promise<Uint8Array>>();

  constructor(
    private readonly deps: FeatureDeps,
    private readonly engine: SpeechEngine,
  ) {}

  /** The hash of what `text` would be spoken as now: answers a revalidation without synthesising. */
  async prepare(channel: ChannelInfo, actor: Actor, text: string): Promise<{ request: SpeechRequest; hash: string }> {
    requireSpeaker(actor);
    const request = await speechRequest(this.deps.sql, channel.id, text);
    return { request, hash: speechHash(request) };
  }

  async speak({ request, hash }: { request: SpeechRequest; hash: string }): Promise<Speech> {
    const cached = this.#cache.get(hash);
    if (cached) return { hash, wav: cached };
    let synthesis = this.#inflight.get(hash);
    if (!synthesis) {
      synthesis = this.engine.synthesise(request).finally(() => this.#inflight.delete(hash));
      this.#inflight.set(hash, synthesis);
    }
    let wav: Uint8Array;
    try {
      wav = await synthesis;
    } catch (error) {
      throw new AppError('SERVICE_UNAVAILABLE', 'Speech could not be synthesised just now; try again', undefined, error);
    }
    this.#cache.set(hash, wav);
    return { hash, wav };
  }

  settings(channel: ChannelInfo, actor: Actor): Promise<TtsSettings> {
    requireSpeaker(actor);
    return readTtsSettings(this.deps.sql, channel.id);
  }

  updateSettings(channel: ChannelInfo, actor: Actor, patch: UpdateTtsSettingsBody): Promise<TtsSettings> {
    requireModerator(actor);
    return writeTtsSettings(this.deps.sql, channel.id, patch);
  }

  close(): void {
    this.engine.close();
  }
}

/** Overlays (with the overlay key), the streamer, moderators and API keys; not viewers. */
function requireSpeaker(actor: Actor): void {
  if (actor.role === 'anonymous') throw new AppError('UNAUTHENTICATED', 'Send the overlay key (key=tco_…) or sign in');
  if (!isStaff(actor)) throw new AppError('FORBIDDEN', 'Only the channel’s overlays and staff can use its speech');
}
