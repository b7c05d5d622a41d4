import type { ReactiveControllerHost } from 'lit';
import type { DashboardApp } from './app';
import type { ChannelEventMap, ChannelEventType } from './sdk';
import { Loader } from './view';

/** What a live event does to a resource: `set` its payload in, `update` the value, reload, or anything else. */
export type LiveHandlers<T> = {
  readonly [K in ChannelEventType]?: (data: ChannelEventMap[K], resource: LiveResource<T>) => void;
};

export interface LiveResourceOptions<T> {
  /**
   * Loads the value; called each time the host connects. Without it nothing loads on connect:
   * the host calls `load` when it knows what to load.
   */
  load?: () => Promise<T>;
  /** Events after which the value is stale: it is loaded again, the current one staying on screen meanwhile. */
  reloadOn?: readonly ChannelEventType[];
  /** Waits this long after the last of a burst of `reloadOn` events, so the burst makes one reload. */
  settleMs?: number;
  /** Events whose payload changes the value in place, without asking the server again. */
  live?: LiveHandlers<T>;
  /** Called after every change of the value (a load, `set`, `update`). */
  changed?: (value: T) => void;
}

/**
 * Data a dashboard element shows from the server and keeps current from the channel's live
 * events: loads when the host connects (`value`, `error`, `loading`, `state`), listens to the
 * events it names while the host is connected, and requests a host update on every change.
 * Events are heard from `app.live`, which outlives each realtime connection.
 */
export class LiveResource<T> extends Loader<T> {
  private off: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly owner: ReactiveControllerHost & { readonly app: DashboardApp },
    private readonly options: LiveResourceOptions<T> = {},
  ) {
    super(owner);
  }

  override hostConnected(): void {
    const { load, reloadOn = [], live = {} } = this.options;
    const events = this.owner.app.live;
    const reload = () => this.reloadSoon();
    this.off = reloadOn.map((type) => events.on(type, reload));
    for (const [type, handler] of Object.entries(live) as [ChannelEventType, (data: unknown, resource: this) => void][]) {
      this.off.push(events.on(type, (data) => handler(data, this)));
    }
    if (load) void this.load(load);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    for (const off of this.off) off();
    this.off = [];
  }

  /** Changes the current value, if there is one, keeping the load state as it is. */
  update(change: (value: T) => T): void {
    if (this.value === undefined) return;
    this.value = change(this.value);
    this.valueChanged();
  }

  protected override valueChanged(): void {
    super.valueChanged();
    if (this.value !== undefined) this.options.changed?.(this.value);
  }

  private reloadSoon(): void {
    const { settleMs } = this.options;
    if (settleMs === undefined) {
      void this.reload();
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), settleMs);
  }
}
