/**
 * Where limit counters live (chat floods, per-route limits): in this process, or in Redis when
 * several processes share the load. Fixed windows: the first hit on a key opens a window of
 * `windowMs`; hits inside it count.
 */
export interface CounterStore {
  /** Counts one hit on `key` and reports the window's count so far and how long until it closes. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /** Takes one hit back from `key`'s open window (a send that stored nothing); nothing when the window closed. */
  giveBack(key: string): Promise<void>;
}

export interface WindowCount {
  count: number;
  resetInMs: number;
}
