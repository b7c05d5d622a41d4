/**
 * Lets at most `perChannel` pieces of work of one channel run at once in this process; the rest
 * wait here, in arrival order, holding nothing.
 *
 * Why: a transaction that waits for a channel's lock (step 1 of the lock order, channel-lock.ts)
 * holds a database connection while it waits. When one channel gets more payments than it can
 * commit one after another, its waiting transactions would take every connection of the pool and
 * every other channel's requests would queue behind them. A channel commits one transaction at a
 * time anyway, so a few at once — one holding the lock, the next ready at it — keep it as busy as
 * any number would.
 */
export class ChannelGate {
  private readonly channels = new Map<string, { running: number; waiting: Array<() => void> }>();

  constructor(private readonly perChannel: number) {
    if (!Number.isInteger(perChannel) || perChannel < 1)
      throw new Error(`tipchat: a channel gate needs at least 1 place, not ${perChannel}`);
  }

  async run<T>(channelId: string, work: () => Promise<T>): Promise<T> {
    await this.enter(channelId);
    try {
      return await work();
    } finally {
      this.leave(channelId);
    }
  }

  /** Pieces of work of the channel running and waiting now (its tests look). */
  load(channelId: string): { running: number; waiting: number } {
    const state = this.channels.get(channelId);
    return { running: state?.running ?? 0, waiting: state?.waiting.length ?? 0 };
  }

  private enter(channelId: string): Promise<void> {
    const state = this.channels.get(channelId);
    if (!state) {
      this.channels.set(channelId, { running: 1, waiting: [] });
      return Promise.resolve();
    }
    if (state.running < this.perChannel) {
      state.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => state.waiting.push(resolve));
  }

  private leave(channelId: string): void {
    const state = this.channels.get(channelId);
    if (!state) return;
    // The place goes straight to the longest waiting: `running` stays as it is.
    const next = state.waiting.shift();
    if (next) next();
    else if (--state.running === 0) this.channels.delete(channelId);
  }
}
