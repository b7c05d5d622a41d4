/**
 * Where flood counters live: in this process, or in Redis when several processes share the
 * load. Fixed windows: the first hit on a key opens a window of `windowMs`; hits inside it count.
 */
export interface FloodStore {
  /** Counts one hit on `key` and reports the window's count so far and how long until it closes. */
  hit(key: string, windowMs: number): Promise<FloodCount>;
}

export interface FloodCount {
  count: number;
  resetInMs: number;
}
