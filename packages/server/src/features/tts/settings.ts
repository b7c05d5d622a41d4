import type { TtsSettings, UpdateTtsSettingsBody } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';

/** A channel without a tts_settings row speaks with eSpeak's own defaults, every tip. */
export const DEFAULT_TTS_SETTINGS: TtsSettings = { voice: 'en-us', rate: 175, volume: 100, minAmount: 0 };

export async function readTtsSettings(q: Queryable, channelId: string): Promise<TtsSettings> {
  const [row] = await q<TtsSettings[]>`select voice, rate, volume, min_amount from tts_settings where channel_id = ${channelId}`;
  return row ?? DEFAULT_TTS_SETTINGS;
}

/** Applies a partial change in one statement, creating the row with the defaults first if the channel has none. */
export async function writeTtsSettings(q: Queryable, channelId: string, patch: UpdateTtsSettingsBody): Promise<TtsSettings> {
  const [row] = await q<TtsSettings[]>`
    insert into tts_settings (channel_id, voice, rate, volume, min_amount)
    values (
      ${channelId},
      ${patch.voice ?? DEFAULT_TTS_SETTINGS.voice},
      ${patch.rate ?? DEFAULT_TTS_SETTINGS.rate},
      ${patch.volume ?? DEFAULT_TTS_SETTINGS.volume},
      ${patch.minAmount ?? DEFAULT_TTS_SETTINGS.minAmount}
    )
    on conflict (channel_id) do update set
      voice = coalesce(${patch.voice ?? null}::text, tts_settings.voice),
      rate = coalesce(${patch.rate ?? null}::integer, tts_settings.rate),
      volume = coalesce(${patch.volume ?? null}::integer, tts_settings.volume),
      min_amount = coalesce(${patch.minAmount ?? null}::bigint, tts_settings.min_amount),
      updated_at = now()
    returning voice, rate, volume, min_amount`;
  if (!row) throw new Error(`tipchat: tts settings of ${channelId} were not written`);
  return row;
}
