import { speechUrl, type TipchatClient } from '../overlay/client';

/** A sound the browser would not start (autoplay refused) never ends: after this long unstarted, speech goes ahead. */
const UNSTARTED_SOUND_MS = 3_000;

/** Resolves when the alert's sound is over (ended, failed, stopped), at once when there is none. */
function soundOver(sound: HTMLAudioElement | undefined): Promise<void> {
  if (!sound || sound.ended || sound.error) return Promise.resolve();
  return new Promise((resolve) => {
    for (const type of ['ended', 'error', 'pause', 'abort']) sound.addEventListener(type, () => resolve(), { once: true });
    setTimeout(() => {
      if (sound.paused && sound.currentTime === 0) resolve();
    }, UNSTARTED_SOUND_MS);
  });
}

export interface SpeakOptions {
  client: TipchatClient;
  server: string;
  slug: string;
  /** The overlay key: it goes in the audio's URL, since an `<audio>` element sends no header. */
  key: string;
  text: string;
  /** The tip's amount (minor units): below the channel's smallest tip spoken, nothing is said. */
  amount: number;
  /** The alert's sound, if any: speech starts when it is over. */
  after?: HTMLAudioElement | undefined;
}

/**
 * Alert text-to-speech that OBS hears: the server synthesises the text (eSpeak-NG, in the
 * channel's voice, blocked terms masked) and it plays through an `<audio>` element like any
 * alert sound — unlike `speechSynthesis`, which OBS does not capture and which often has no
 * voices there at all. One alert speaks at a time; `stop` silences it (skipped, ended, paused).
 */
export class AlertSpeech {
  #audio: HTMLAudioElement | undefined;
  /** Bumped by every speak and stop, so a speech still waiting for its settings or sound does not start late. */
  #turn = 0;
  /** Settles when the current alert's speech is over: played out, failed, stopped, or never to be. */
  #over: Promise<void> = Promise.resolve();
  #settle: () => void = () => {};

  /** Speaks for the alert starting now; failures are silent, as a missing alert sound is. */
  async speak(options: SpeakOptions): Promise<void> {
    this.stop();
    const turn = this.#turn;
    this.#over = new Promise((resolve) => (this.#settle = resolve));
    const settle = this.#settle;
    try {
      // Read per alert, so a change in the dashboard applies to the next alert.
      const { minAmount } = await options.client.tts.settings(options.slug);
      if (turn !== this.#turn || options.amount < minAmount) return settle();
      await soundOver(options.after);
      if (turn !== this.#turn) return settle();
      const audio = new Audio(speechUrl(options.server, options.slug, options.key, options.text));
      for (const type of ['ended', 'error', 'pause']) audio.addEventListener(type, settle, { once: true });
      this.#audio = audio;
      await audio.play();
    } catch {
      // No speech for this alert (the network, a refused autoplay): the alert itself goes on.
      settle();
    }
  }

  /**
   * Resolves when this alert's speech is over, at most `capMs` from now: an alert whose time is up
   * stays on screen until its tipper's words are said, rather than cutting them off.
   */
  over(capMs: number): Promise<void> {
    return Promise.race([this.#over, new Promise<void>((resolve) => setTimeout(resolve, capMs))]);
  }

  stop(): void {
    this.#turn++;
    this.#audio?.pause();
    this.#audio = undefined;
    this.#settle();
  }
}
