import { afterAll, beforeAll } from 'vitest';

/**
 * Starts something (a server, a fake, a database) before the tests of the file — or of the describe it is called
 * in — and stops it after them. It hands back a stand-in that forwards every member to the started thing, so a file
 * names its server in one line instead of a `let` and two hooks, and its tests read `server.client()` as before.
 * Stopping runs in reverse order of starting (vitest's stacked hooks): a server started after its fake stops first.
 */
export function startedForSuite<T extends object>(
  start: () => Promise<T>,
  stop: (started: T) => Promise<unknown> | unknown,
  options: { timeout?: number } = {},
): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  }, options.timeout);
  afterAll(async () => {
    if (started) await stop(started);
  });
  const current = (key: PropertyKey): T => {
    if (!started) throw new Error(`read .${String(key)} of something a beforeAll has not started (yet)`);
    return started;
  };
  return new Proxy({} as T, {
    get(_, key) {
      const target = current(key);
      const value: unknown = Reflect.get(target, key, target);
      // A class's methods run on the started object itself, where it keeps its private state; an own function
      // (an arrow field, a postgres `sql` with members of its own) is handed over as it is.
      return typeof value === 'function' && !Object.hasOwn(target, key) ? value.bind(target) : value;
    },
    has: (_, key) => Reflect.has(current(key), key),
  });
}
