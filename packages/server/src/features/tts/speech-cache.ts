import { createHash } from 'node:crypto';
import type { SpeechRequest } from './engine';

/** Spoken alerts repeat (replays, several overlays of one channel, test alerts): keep recent ones, up to this many bytes. */
const CACHE_BYTES = 16 * 1024 * 1024;

/** What a synthesis depends on, hashed: the cache key and the response's ETag. */
export function speechHash(request: SpeechRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([request.voice, request.rate, request.volume, request.text]))
    .digest('base64url');
}

/** Recently synthesised WAV files by hash, least recently used dropped first (a Map keeps insertion order). */
export class SpeechCache {
  #entries = new Map<string, Uint8Array>();
  #bytes = 0;

  constructor(private readonly maxBytes = CACHE_BYTES) {}

  get(hash: string): Uint8Array | undefined {
    const wav = this.#entries.get(hash);
    if (wav) {
      this.#entries.delete(hash);
      this.#entries.set(hash, wav);
    }
    return wav;
  }

  set(hash: string, wav: Uint8Array): void {
    if (wav.byteLength > this.maxBytes || this.#entries.has(hash)) return;
    this.#entries.set(hash, wav);
    this.#bytes += wav.byteLength;
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= old.byteLength;
    }
  }
}
