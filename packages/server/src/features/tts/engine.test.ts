import { afterAll, describe, expect, it } from 'vitest';
import { EspeakEngine } from './engine';
import { SpeechCache, speechHash } from './speech-cache';

const engine = new EspeakEngine();
afterAll(() => engine.close());

describe('EspeakEngine', () => {
  it('speaks several requests at once, each to its own WAV', async () => {
    const [short, long] = await Promise.all([
      engine.synthesise({ text: 'Hi', voice: 'en-us', rate: 175, volume: 100 }),
      engine.synthesise({ text: 'Thank you so much for the tip, that was very kind', voice: 'en-us', rate: 175, volume: 100 }),
    ]);
    expect(String.fromCharCode(...(short?.subarray(0, 4) ?? []))).toBe('RIFF');
    expect(long?.byteLength).toBeGreaterThan(short?.byteLength ?? 0);
  });

  it('refuses a voice it does not have and goes on speaking', async () => {
    // Not one of TTS_VOICES: the route never sends it, the engine still says no clearly.
    const unknown = { text: 'hello', voice: 'xx' as 'en', rate: 175, volume: 100 };
    await expect(engine.synthesise(unknown)).rejects.toThrow('eSpeak-NG has no voice "xx"');
    const wav = await engine.synthesise({ text: 'still here', voice: 'hi', rate: 175, volume: 100 });
    expect(wav.byteLength).toBeGreaterThan(44);
  });

  it('speaks slower at a lower rate (a longer WAV), and refuses work once closed', async () => {
    const closing = new EspeakEngine();
    const fast = await closing.synthesise({ text: 'one two three four', voice: 'en-us', rate: 400, volume: 100 });
    const slow = await closing.synthesise({ text: 'one two three four', voice: 'en-us', rate: 80, volume: 100 });
    expect(slow.byteLength).toBeGreaterThan(fast.byteLength * 2);
    closing.close();
    await expect(closing.synthesise({ text: 'hello', voice: 'en-us', rate: 175, volume: 100 })).rejects.toThrow('closed');
  });
});

describe('SpeechCache', () => {
  it('keeps the most recently used WAVs within its byte budget', () => {
    const cache = new SpeechCache(10);
    cache.set('a', new Uint8Array(4));
    cache.set('b', new Uint8Array(4));
    cache.get('a');
    cache.set('c', new Uint8Array(4));
    expect([cache.get('a')?.byteLength, cache.get('b'), cache.get('c')?.byteLength]).toEqual([4, undefined, 4]);
    // Too big to keep at all.
    cache.set('d', new Uint8Array(11));
    expect(cache.get('d')).toBeUndefined();
  });

  it('names speech by everything it was made from', () => {
    const base = { text: 'hi', voice: 'en-us', rate: 175, volume: 100 } as const;
    expect(speechHash(base)).toBe(speechHash({ ...base }));
    for (const change of [{ text: 'ho' }, { voice: 'hi' as const }, { rate: 176 }, { volume: 99 }]) {
      expect(speechHash({ ...base, ...change })).not.toBe(speechHash(base));
    }
  });
});
