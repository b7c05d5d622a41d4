/**
 * Where flood counters live: in this process, or in Redis when several processes share the
 * load. Fixed windows: the first hit on a key opens a window of `windowMs`; hits inside it count.
 */
export interface FloodStore {
  /** Counts one hit on `key` and reports the window's count so far and how long until it closes. */
  hit(key: string, windowMs: number): Promise<FloodCount>;
  /** Takes one hit back from `key`'s open window (a send that stored nothing); nothing when the window closed. */
  giveBack(key: string): Promise<void>;
}

export interface FloodCount {
  count: number;
  resetInMs: number;
}
