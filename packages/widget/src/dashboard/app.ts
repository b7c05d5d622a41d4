import { type Locale, translate } from '../i18n/translate';
import type { DialogOptions } from './dialog';
import { formatAmount } from './format';
import { LiveEvents } from './live-events';
import { plural } from './plural';
import { accessOf, matchRoute, pathTo, type Route, type RouteName, SIGNED_OUT_ONLY } from './router';
import { type Channel, createClient, type OperatorRestriction, type Session, type TipchatClient, TipchatError, type User } from './sdk';
import { SessionStore, type StoredTokens } from './session-store';
import { type DashboardKey, dashboardCatalogs } from './strings/catalogs';
import { setErrorLocale } from './ui';

export type AuthState = 'restoring' | 'signed-out' | 'signed-in';
export type ChannelState = 'idle' | 'loading' | 'none' | 'ready' | 'error';

/** What the shell needs to show a dialog; the app asks it through this. */
export interface DialogHost {
  open(options: DialogOptions): Promise<boolean>;
}

/**
 * The dashboard's shared state: the SDK client and its session, the signed-in user, their
 * channel, the channel's live events, the route and the locale. Views read it and call its
 * methods; it fires `change` whenever something they show may have changed.
 */
export class DashboardApp extends EventTarget {
  readonly store: SessionStore;
  readonly live = new LiveEvents();
  client: TipchatClient;
  auth: AuthState = 'restoring';
  /** Why restoring the session failed, when it was not for want of a valid session (a network error). */
  startError: unknown = null;
  user: User | null = null;
  /** The operator restricted this account (its channel takes no tips): the shell shows a banner with the reason. */
  restriction: OperatorRestriction | null = null;
  channel: Channel | null = null;
  channelState: ChannelState = 'idle';
  channelError: unknown = null;
  route: Route;
  locale: Locale;
  /** The latest polite announcement for screen readers. */
  announcement = '';
  /** A message for the next view (e.g. after the account was restricted), shown once. */
  flash = '';
  dialogHost: DialogHost | null = null;
  private unwatch: () => void;

  constructor(
    readonly server: string,
    readonly base: string,
    locale: Locale,
  ) {
    super();
    this.locale = locale;
    setErrorLocale(locale);
    this.store = new SessionStore(server);
    this.client = this.makeClient(this.store.load());
    this.route = matchRoute(location, base);
    this.unwatch = this.store.watch((tokens) => void this.sessionChangedElsewhere(tokens));
    this.live.onState(() => this.changed());
    // Events were pruned while away: load the channel again, which renders the view afresh (and so reloads it).
    this.live.onReset(() => void this.loadChannel());
    this.live.on('channel.updated', (channel) => this.setChannel(channel));
    this.live.on('stream.started', (stream) => this.channel && this.setChannel({ ...this.channel, live: true, currentStream: stream }));
    this.live.on('stream.ended', (stream) => {
      if (this.channel?.currentStream?.id === stream.id) this.setChannel({ ...this.channel, live: false, currentStream: null });
    });
  }

  /** Restores a stored session (the user and their channel), then applies the route's rules. */
  async start(): Promise<void> {
    this.startError = null;
    if (!this.client.tokens) return this.signedOut();
    this.auth = 'restoring';
    this.changed();
    try {
      this.user = await this.client.user.get();
    } catch (error) {
      if (error instanceof TipchatError && (error.status === 401 || error.status === 403)) {
        this.store.save(null);
        this.client = this.makeClient(null);
        return this.signedOut();
      }
      this.startError = error;
      this.changed();
      return;
    }
    this.auth = 'signed-in';
    this.guard();
    void this.loadRestriction();
    await this.loadChannel();
  }

  dispose(): void {
    this.unwatch();
    this.live.close();
  }

  t(key: DashboardKey, params?: Readonly<Record<string, string | number>>): string {
    return plural(translate(dashboardCatalogs, this.locale, key, params), this.locale, params);
  }

  money(minor: number, currency: string): string {
    return formatAmount(minor, currency, this.locale);
  }

  setLocale(locale: Locale): void {
    this.locale = locale;
    setErrorLocale(locale);
    try {
      localStorage.setItem('tipchat.dashboard.lang', locale);
    } catch {
      // Not remembered; this page still switches.
    }
    this.changed();
  }

  // ── Session ────────────────────────────────────────────────────────────────────────────────

  async signIn(email: string, password: string): Promise<void> {
    await this.adopt(await this.client.auth.login({ email, password }));
  }

  /** Takes a session the SDK already holds (sign-in, or registration, which signs in) as this dashboard's. */
  async adopt(session: Session): Promise<void> {
    this.user = session.user;
    this.auth = 'signed-in';
    this.guard();
    void this.loadRestriction();
    await this.loadChannel();
  }

  /** Whether the operator restricted the account, for the banner. */
  async loadRestriction(): Promise<void> {
    let restriction: OperatorRestriction | null = null;
    try {
      restriction = (await this.client.user.restriction()).restriction;
    } catch {
      // No banner rather than no dashboard.
    }
    // Signed out (or as someone else) meanwhile: the answer was about an account no longer shown.
    if (this.auth !== 'signed-in') return;
    this.restriction = restriction;
    this.changed();
  }

  /** Ends the session on the server (best effort) and here. */
  async signOut(): Promise<void> {
    try {
      await this.client.auth.logout();
    } finally {
      this.signedOut();
    }
  }

  /** The account was restricted: the SDK already dropped the session; show the sign-in page with a notice. */
  restricted(notice: string): void {
    this.flash = notice;
    this.signedOut();
  }

  async refreshUser(): Promise<void> {
    if (this.auth !== 'signed-in') return;
    this.user = await this.client.user.get();
    this.changed();
  }

  private signedOut(): void {
    this.live.close();
    this.user = null;
    this.restriction = null;
    this.channel = null;
    this.channelState = 'idle';
    this.auth = 'signed-out';
    this.guard();
    this.changed();
  }

  private makeClient(tokens: StoredTokens | null): TipchatClient {
    return createClient({
      baseUrl: this.server,
      ...(tokens ? { token: tokens.accessToken, refreshToken: tokens.refreshToken } : {}),
      onSessionChange: (session) => this.sessionChanged(session),
    });
  }

  private sessionChanged(session: Session | null): void {
    this.store.save(session);
    if (session) this.user = session.user;
    // The refresh token was refused (expired, revoked, reused): the session is over.
    else if (this.auth === 'signed-in') queueMicrotask(() => this.signedOut());
  }

  /** Another tab signed in, renewed or signed out: take its tokens so both keep one session. */
  private async sessionChangedElsewhere(tokens: StoredTokens | null): Promise<void> {
    const current = this.client.tokens;
    if (tokens?.accessToken === current?.accessToken) return;
    this.client = this.makeClient(tokens);
    if (!tokens) return this.signedOut();
    if (this.auth === 'signed-in' && this.channel) this.connectLive(this.channel.slug);
    else await this.start();
  }

  // ── Channel ────────────────────────────────────────────────────────────────────────────────

  async loadChannel(): Promise<void> {
    this.channelState = 'loading';
    this.channelError = null;
    this.changed();
    try {
      const [channel] = await this.client.channels.mine();
      if (channel) this.setChannel(channel);
      else {
        this.channel = null;
        this.channelState = 'none';
      }
    } catch (error) {
      this.channelError = error;
      this.channelState = 'error';
    }
    this.changed();
  }

  /** The channel as it now is (after an update, a realtime event, or creating it). */
  setChannel(channel: Channel): void {
    const previous = this.channel?.slug;
    this.channel = channel;
    this.channelState = 'ready';
    if (previous !== channel.slug) this.connectLive(channel.slug);
    this.changed();
  }

  private connectLive(slug: string): void {
    void this.live.attach(this.client.realtime(slug));
  }

  // ── Navigation ─────────────────────────────────────────────────────────────────────────────

  path(name: Exclude<RouteName, 'not-found'>, params?: Record<string, string>): string {
    return pathTo(this.base, name, params);
  }

  navigate(href: string, options: { replace?: boolean } = {}): void {
    if (href !== `${location.pathname}${location.search}${location.hash}`) {
      if (options.replace) history.replaceState(null, '', href);
      else history.pushState(null, '', href);
    }
    this.locationChanged();
  }

  /** The browser moved (back/forward) or navigate() did: match the route again. */
  locationChanged(): void {
    this.route = matchRoute(location, this.base);
    this.guard();
    this.changed();
  }

  /** Where to go after signing in: the page that sent the user to sign in, if it is one of ours. */
  nextPath(): string {
    const next = this.route.query.get('next');
    return next && (next === this.base || next.startsWith(`${this.base}/`)) && !next.startsWith('//') ? next : this.base;
  }

  /** Signed-out users go to sign in (and come back afterwards); signed-in ones skip sign-in pages. */
  private guard(): void {
    if (this.auth === 'restoring') return;
    const access = accessOf(this.route.name);
    if (this.auth === 'signed-out' && access !== 'public') {
      const login = `${this.path('login')}?${new URLSearchParams({ next: this.route.href })}`;
      history.replaceState(null, '', login);
      this.route = matchRoute(location, this.base);
    } else if (this.auth === 'signed-in' && SIGNED_OUT_ONLY.has(this.route.name)) {
      history.replaceState(null, '', this.nextPath());
      this.route = matchRoute(location, this.base);
    }
  }

  // ── Feedback ───────────────────────────────────────────────────────────────────────────────

  announce(text: string): void {
    // The same text twice would not be read again: clear, then set on the next frame.
    this.announcement = '';
    this.changed();
    requestAnimationFrame(() => {
      this.announcement = text;
      this.changed();
    });
  }

  /** A modal dialog; resolves true when its action ran and succeeded (or it was confirmed). */
  dialog(options: DialogOptions): Promise<boolean> {
    return this.dialogHost ? this.dialogHost.open(options) : Promise.resolve(false);
  }

  changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}
