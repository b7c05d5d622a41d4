import { ContextConsumer } from '@lit/context';
import { LitElement, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { DashboardApp } from './app';
import { appContext } from './context';
import type { DashboardKey } from './strings/catalogs';

/**
 * The base of every dashboard view and part. They render into their own light DOM, inside the
 * shell's shadow root, so one stylesheet (the shell's) styles them all and labels, ids and focus
 * work across them. `app` comes from the shell through context (see context.ts), set by the time
 * `connectedCallback` returns; the element re-renders whenever the app changes.
 */
export class DashboardElement extends LitElement {
  app!: DashboardApp;
  private subscribed: DashboardApp | null = null;
  private readonly appChanged = () => this.requestUpdate();

  constructor() {
    super();
    // The first controller, before any a subclass adds: theirs find `app` set when the host connects.
    new ContextConsumer(this, { context: appContext, subscribe: true, callback: (app) => this.useApp(app) });
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.subscribed?.removeEventListener('change', this.appChanged);
    this.subscribed = null;
  }

  /** The provider answered (on connect) or gave a new app: follow that app's changes. */
  private useApp(app: DashboardApp): void {
    this.app = app;
    if (this.subscribed === app) return;
    this.subscribed?.removeEventListener('change', this.appChanged);
    app.addEventListener('change', this.appChanged);
    this.subscribed = app;
  }

  protected t(key: DashboardKey, params?: Readonly<Record<string, string | number>>): string {
    return this.app.t(key, params);
  }
}

/**
 * Actions a view runs (save, refund, ban…), by name: whether one is running, how the last run
 * failed (the server's error, shown next to the control) and whether it just succeeded.
 */
export class Actions implements ReactiveController {
  private readonly running = new Set<string>();
  private readonly errors = new Map<string, unknown>();
  private readonly succeeded = new Set<string>();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  busy(key: string): boolean {
    return this.running.has(key);
  }

  error(key: string): unknown {
    return this.errors.get(key);
  }

  done(key: string): boolean {
    return this.succeeded.has(key);
  }

  clear(key: string): void {
    this.errors.delete(key);
    this.succeeded.delete(key);
    this.host.requestUpdate();
  }

  /** Runs `action` unless it is already running; a failure is kept for the view to show, not thrown. */
  async run<T>(key: string, action: () => Promise<T>): Promise<T | undefined> {
    if (this.running.has(key)) return undefined;
    this.running.add(key);
    this.errors.delete(key);
    this.succeeded.delete(key);
    this.host.requestUpdate();
    try {
      const result = await action();
      this.succeeded.add(key);
      return result;
    } catch (error) {
      this.errors.set(key, error);
      return undefined;
    } finally {
      this.running.delete(key);
      this.host.requestUpdate();
    }
  }
}

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

/**
 * Data a view loads and shows: loading, the value, or the error; `load` again to refresh. A late
 * answer to an earlier load never overwrites a newer one.
 */
export class Loader<T> implements ReactiveController {
  state: LoadState = 'idle';
  value: T | undefined;
  error: unknown = null;
  private generation = 0;
  private lastFetch: (() => Promise<T>) | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Whether a load is running that the view shows as loading (any but a quiet reload of a value on screen). */
  get loading(): boolean {
    return this.state === 'loading';
  }

  /** Loads with `fetch`; `quiet` keeps the current value on screen instead of showing the loading state. */
  async load(fetch: () => Promise<T>, options: { quiet?: boolean } = {}): Promise<void> {
    const generation = ++this.generation;
    this.lastFetch = fetch;
    if (!options.quiet || this.state !== 'ready') this.state = 'loading';
    this.error = null;
    this.host.requestUpdate();
    try {
      const value = await fetch();
      if (generation !== this.generation) return;
      this.value = value;
      this.state = 'ready';
    } catch (error) {
      if (generation !== this.generation) return;
      this.error = error;
      this.state = 'error';
      this.host.requestUpdate();
      return;
    }
    this.valueChanged();
  }

  /** Loads again the same way, keeping the current value on screen meanwhile. */
  reload(): Promise<void> {
    return this.lastFetch ? this.load(this.lastFetch, { quiet: true }) : Promise.resolve();
  }

  /** Changes the loaded value in place (after an action or a live event). */
  set(value: T): void {
    this.value = value;
    this.state = 'ready';
    this.valueChanged();
  }

  /** The value changed: show it. */
  protected valueChanged(): void {
    this.host.requestUpdate();
  }
}
