/**
 * Group commit for one channel's chat sends, in this process. A channel's messages are written one
 * transaction at a time anyway (each takes the channel lock to number its event), so instead of
 * sends queueing on that lock one by one, they queue here and whoever is waiting when the
 * current write commits goes into the next write together: one lock, one commit and a handful
 * of statements for the whole batch. A send that finds the channel idle is written at once, on
 * its own, so a quiet chat waits for nothing; batches form only under load, and grow with it.
 *
 * A batch holds at most one send per viewer (their slow-mode clock is stamped once per write);
 * a viewer's further sends wait for the next batch, in the order they came.
 */
export interface Queued<Request, Outcome> {
  request: Request;
  resolve(outcome: Outcome): void;
  reject(error: unknown): void;
}

export interface SendQueueOptions<Request, Outcome> {
  /** The channel a send belongs to: each channel has its own queue. */
  channelOf(request: Request): string;
  /** The sender: a batch holds one send of each. */
  senderOf(request: Request): string;
  /** Writes a batch and settles every send in it (never rejects). */
  write(batch: Queued<Request, Outcome>[]): Promise<void>;
  maxBatch: number;
}

export class SendQueue<Request, Outcome> {
  /** Channels with a write under way, and the sends waiting for the next one. */
  private readonly waiting = new Map<string, Queued<Request, Outcome>[]>();

  constructor(private readonly options: SendQueueOptions<Request, Outcome>) {}

  send(request: Request): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      const channelId = this.options.channelOf(request);
      const queued = { request, resolve, reject };
      const queue = this.waiting.get(channelId);
      if (queue) {
        queue.push(queued);
        return;
      }
      const fresh = [queued];
      this.waiting.set(channelId, fresh);
      void this.drain(channelId, fresh);
    });
  }

  /** Sends waiting in all channels (for metrics and tests). */
  get depth(): number {
    let total = 0;
    for (const queue of this.waiting.values()) total += queue.length;
    return total;
  }

  private async drain(channelId: string, queue: Queued<Request, Outcome>[]): Promise<void> {
    while (queue.length > 0) {
      const batch = this.takeBatch(queue);
      try {
        await this.options.write(batch);
      } catch (error) {
        // A write settles its sends and does not throw; if one did, its sends get the error (settling twice is a
        // no-op), and those queued behind it are still written: nothing is stranded, and nothing escapes unhandled.
        for (const item of batch) item.reject(error);
      }
    }
    this.waiting.delete(channelId);
  }

  /** The oldest sends, one per sender, up to the batch size; the rest stay queued in order. */
  private takeBatch(queue: Queued<Request, Outcome>[]): Queued<Request, Outcome>[] {
    const batch: Queued<Request, Outcome>[] = [];
    const senders = new Set<string>();
    for (let index = 0; index < queue.length && batch.length < this.options.maxBatch; ) {
      const item = queue[index] as Queued<Request, Outcome>;
      const sender = this.options.senderOf(item.request);
      if (senders.has(sender)) {
        index += 1;
        continue;
      }
      senders.add(sender);
      batch.push(item);
      queue.splice(index, 1);
    }
    return batch;
  }
}
