import type { Alert } from '../overlay/client';

/** An alert to play; a test alert (the dashboard's button) plays the same but is never acknowledged. */
export interface LineEntry {
  alert: Alert;
  test: boolean;
}

/**
 * One queuing of an alert: a replay queues the same tip again with `replays` one higher, and
 * that plays again; the same queuing seen twice (the queue read after its live event) does not.
 */
const instanceOf = ({ alert, test }: LineEntry) => `${test ? 'test' : alert.replays}:${alert.tipId}`;

/**
 * The alerts waiting to play, oldest queuing first, each queuing at most once. It remembers every
 * queuing that started playing, was skipped or was played by another overlay, so a queue read
 * that raced with those events cannot bring it back.
 */
export class AlertLine {
  private waiting: LineEntry[] = [];
  private settled = new Set<string>();

  get size(): number {
    return this.waiting.length;
  }

  /** Adds an alert unless this queuing is already waiting or settled; true when added. */
  add(entry: LineEntry): boolean {
    const instance = instanceOf(entry);
    if (this.settled.has(instance) || this.waiting.some((e) => instanceOf(e) === instance)) return false;
    const at = this.waiting.findIndex((e) => e.alert.queuedAt > entry.alert.queuedAt);
    this.waiting.splice(at < 0 ? this.waiting.length : at, 0, entry);
    return true;
  }

  /** This queuing will not play here: skipped, or shown by another overlay. */
  settle(alert: Alert): void {
    const instance = instanceOf({ alert, test: false });
    this.settled.add(instance);
    this.waiting = this.waiting.filter((e) => instanceOf(e) !== instance);
  }

  /** The next alert to play, now settled. */
  next(): LineEntry | undefined {
    const entry = this.waiting.shift();
    if (entry) this.settled.add(instanceOf(entry));
    return entry;
  }

  /** The queuings waiting now, to compare with a queue read after a reset. */
  snapshot(): Set<string> {
    return new Set(this.waiting.map(instanceOf));
  }

  /** Of the queuings waiting `before` a queue read, drops those it no longer holds: shown or skipped meanwhile. */
  keepQueued(before: Set<string>, queued: readonly Alert[]): void {
    const still = new Set(queued.map((alert) => instanceOf({ alert, test: false })));
    this.waiting = this.waiting.filter((e) => !before.has(instanceOf(e)) || still.has(instanceOf(e)) || e.test);
  }

  /** An alert that started playing but was cut short before its end (the element left the page). */
  putBack(entry: LineEntry): void {
    this.settled.delete(instanceOf(entry));
    this.waiting.unshift(entry);
  }
}
