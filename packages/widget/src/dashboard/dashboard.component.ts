import { ContextProvider } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { LOCALES, type Locale, pickLocale } from '../i18n/translate';
import { DashboardApp } from './app';
import { appContext } from './context';
import type { DashboardDialog } from './dialog';
import { accessOf, inAppLink, type RouteName } from './router';
import type { DashboardKey } from './strings/catalogs';
import { dashboardStyles } from './styles/index';
import { errorBox, loading } from './ui';

/** The sections of a channel, in the navigation's order. */
const NAV: readonly [Exclude<RouteName, 'not-found'>, DashboardKey][] = [
  ['overview', 'nav.overview'],
  ['tips', 'nav.tips'],
  ['chat', 'nav.chat'],
  ['settings', 'nav.settings'],
  ['embed', 'nav.embed'],
  ['earnings', 'nav.earnings'],
  ['profile', 'nav.profile'],
];

const ADMIN_NAV: readonly [Exclude<RouteName, 'not-found'>, DashboardKey] = ['admin', 'nav.admin'];

const TITLES: Record<RouteName, DashboardKey> = {
  login: 'login.title',
  register: 'register.title',
  verify: 'verify.title',
  'resend-email': 'resend.title',
  'forgot-password': 'forgot.title',
  'reset-password': 'reset.title',
  profile: 'profile.title',
  overview: 'overview.title',
  stream: 'stream.title',
  tips: 'tips.title',
  chat: 'chat.title',
  settings: 'settings.title',
  embed: 'embed.title',
  earnings: 'earnings.title',
  admin: 'admin.title',
  'not-found': 'notFound.title',
};

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', hi: 'हिन्दी' };

/**
 * The streamer dashboard as one element: sign-up and sign-in, the channel's overview, live tips,
 * chat moderation, settings, embedding and overlays, earnings and payouts. It routes on the
 * page's path below `base` with the History API, and talks to the tipchat server only through
 * @tipchat/sdk. The session stays in `localStorage` (see session-store.ts for the trade-off).
 *
 * The tipchat server serves it at `/dashboard` (features/dashboard-page); the bundle is
 * `/widget/v1/tipchat-dashboard.js`.
 *
 * @summary The tipchat streamer dashboard.
 *
 * @attr server - Base URL of the tipchat server. Default: this page's origin.
 * @attr base - The path the dashboard lives under. Default `/dashboard`.
 * @attr theme - `light` (default) or `dark`.
 * @attr lang - `en` or `hi`; default: the language chosen before, else the browser's.
 *
 * @cssproperty --tipchat-primary - Accent colour (buttons, links, focus ring).
 * @cssproperty --tipchat-background - Page background.
 * @cssproperty --tipchat-surface - Background of cards and panels.
 * @cssproperty --tipchat-text - Text colour.
 * @cssproperty --tipchat-muted - Secondary text.
 * @cssproperty --tipchat-border-color - Borders.
 * @cssproperty --tipchat-danger - Errors and destructive buttons.
 * @cssproperty --tipchat-success - Confirmations and the live badge.
 * @cssproperty --tipchat-radius - Corner radius.
 * @cssproperty --tipchat-font-family - Font of the whole dashboard.
 */
export class TipchatDashboard extends LitElement {
  static override styles = dashboardStyles;

  static override properties = {
    server: { reflect: true },
    base: { reflect: true },
    theme: { reflect: true },
    lang: { noAccessor: true },
  };

  server = '';
  base = '/dashboard';
  theme: 'light' | 'dark' = 'light';

  app: DashboardApp | null = null;
  /** Gives the app to every view and part inside (see context.ts). */
  private readonly appProvider = new ContextProvider(this, { context: appContext });
  private renderedRoute = '';
  private readonly appChanged = () => this.requestUpdate();
  private readonly popstate = () => this.app?.locationChanged();
  private readonly linkClick = (event: MouseEvent) => {
    const href = this.app ? inAppLink(event, this.app.base) : null;
    if (!href || !this.app) return;
    event.preventDefault();
    this.app.navigate(href);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.popstate);
    this.renderRoot.addEventListener('click', this.linkClick as EventListener);
    this.startApp();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.popstate);
    this.renderRoot.removeEventListener('click', this.linkClick as EventListener);
    this.app?.removeEventListener('change', this.appChanged);
    this.app?.dispose();
    this.app = null;
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' && this.app && value) this.app.setLocale(pickLocale(value));
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (
      (changed.has('server') || changed.has('base')) &&
      this.app &&
      (this.app.server !== this.serverUrl() || this.app.base !== this.base)
    ) {
      this.app.removeEventListener('change', this.appChanged);
      this.app.dispose();
      this.app = null;
      this.startApp();
    }
    const app = this.app;
    if (!app) return;
    app.dialogHost ??= this.renderRoot.querySelector<DashboardDialog>('tipchat-dash-dialog');
    document.title = `${app.t(TITLES[app.route.name])} · tipchat`;
    // A new view: move focus to its heading, as a page load would, so keyboard and screen reader users start there.
    if (this.renderedRoute && this.renderedRoute !== app.route.href) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('main h1')?.focus());
    }
    this.renderedRoute = app.route.href;
  }

  private serverUrl(): string {
    return (this.server || location.origin).replace(/\/+$/, '');
  }

  private startApp(): void {
    if (this.app) return;
    let remembered: string | null = null;
    try {
      remembered = localStorage.getItem('tipchat.dashboard.lang');
    } catch {
      // No storage: the browser's language decides.
    }
    const app = new DashboardApp(this.serverUrl(), this.base.replace(/\/+$/, ''), pickLocale(this.getAttribute('lang'), remembered));
    this.app = app;
    this.appProvider.setValue(app);
    app.addEventListener('change', this.appChanged);
    void app.start();
  }

  protected override render() {
    const app = this.app;
    if (!app) return nothing;
    const signedIn = app.auth === 'signed-in';
    const inApp = signedIn && accessOf(app.route.name) !== 'public';
    return html`<div class="shell ${inApp ? 'in-app' : 'public'}" lang=${app.locale}>
      <a class="skip" href="#main">${app.t('nav.skip')}</a>
      ${this.renderHeader(app, signedIn)}
      ${inApp ? this.renderNav(app) : nothing}
      <main id="main" tabindex="-1">${inApp ? this.renderRestriction(app) : nothing}${this.renderMain(app)}</main>
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">${app.announcement}</div>
      <tipchat-dash-dialog></tipchat-dash-dialog>
    </div>`;
  }

  private renderHeader(app: DashboardApp, signedIn: boolean) {
    const channel = app.channel;
    return html`<header class="topbar">
      <a class="brand" href=${app.path('overview')}>tipchat</a>
      ${
        signedIn && channel
          ? html`<span class="channel-name">${channel.displayName}</span>
            <span class="badge ${channel.live ? 'live' : 'offline'}">${channel.live ? app.t('common.live') : app.t('common.offline')}</span>
            <span class="connection" data-state=${app.live.state} title=${app.t(`connection.${app.live.state}`)}>
              <span class="dot" aria-hidden="true"></span><span class="label">${app.t(`connection.${app.live.state}`)}</span>
            </span>`
          : nothing
      }
      <span class="spacer"></span>
      <label class="language">
        <span class="visually-hidden">${app.t('nav.language')}</span>
        <select @change=${(event: Event) => app.setLocale(pickLocale((event.target as HTMLSelectElement).value))}>
          ${LOCALES.map((locale) => html`<option value=${locale} ?selected=${locale === app.locale}>${LANGUAGE_NAMES[locale]}</option>`)}
        </select>
      </label>
      ${
        signedIn
          ? html`<span class="user">${app.user?.displayName}</span>
            <button type="button" class="btn small" data-action="sign-out" @click=${() => void app.signOut()}>${app.t('nav.signOut')}</button>`
          : nothing
      }
    </header>`;
  }

  private renderNav(app: DashboardApp) {
    const current = app.route.name === 'stream' ? 'overview' : app.route.name;
    // The operator console's entry is there for admins only.
    const items = app.user?.role === 'admin' ? [...NAV, ADMIN_NAV] : NAV;
    return html`<nav class="sidenav" aria-label=${app.t('nav.label')}>
      <ul>
        ${items.map(
          ([name, key]) =>
            html`<li><a href=${app.path(name)} aria-current=${name === current ? 'page' : 'false'} data-route=${name}>${app.t(key)}</a></li>`,
        )}
      </ul>
    </nav>`;
  }

  /** The operator restricted this account: say so, and why, above every view. */
  private renderRestriction(app: DashboardApp) {
    const restriction = app.restriction;
    if (!restriction) return nothing;
    return html`<div class="notice restriction" role="alert" data-restriction>
      <strong>${app.t('restriction.title')}</strong>
      <p>${app.t('restriction.body')}</p>
      <p>${app.t('restriction.reason', { reason: restriction.reason })}</p>
    </div>`;
  }

  private renderMain(app: DashboardApp) {
    if (app.startError) return html`<section class="narrow">${errorBox(app.startError, () => void app.start(), app)}</section>`;
    if (app.auth === 'restoring') return loading(app);
    const route = app.route;
    switch (route.name) {
      case 'login':
        return html`<tipchat-dash-login></tipchat-dash-login>`;
      case 'register':
        return html`<tipchat-dash-register></tipchat-dash-register>`;
      case 'verify':
        return html`<tipchat-dash-verify></tipchat-dash-verify>`;
      case 'resend-email':
        return html`<tipchat-dash-resend></tipchat-dash-resend>`;
      case 'forgot-password':
        return html`<tipchat-dash-forgot></tipchat-dash-forgot>`;
      case 'reset-password':
        return html`<tipchat-dash-reset></tipchat-dash-reset>`;
      case 'profile':
        return html`<tipchat-dash-profile></tipchat-dash-profile>`;
      case 'admin':
        return html`<tipchat-dash-admin></tipchat-dash-admin>`;
      case 'not-found':
        return html`<section class="narrow"><h1 tabindex="-1">${app.t('notFound.title')}</h1>
          <p><a href=${app.path('overview')}>${app.t('notFound.back')}</a></p></section>`;
      default:
        return this.renderChannelView(app, route.name);
    }
  }

  private renderChannelView(app: DashboardApp, name: RouteName) {
    if (app.auth !== 'signed-in') return loading(app);
    if (app.channelState === 'error') return errorBox(app.channelError, () => void app.loadChannel(), app);
    if (app.channelState === 'none') return html`<tipchat-dash-setup></tipchat-dash-setup>`;
    if (app.channelState !== 'ready' || !app.channel) return loading(app);
    switch (name) {
      case 'stream':
        return html`<tipchat-dash-stream .streamId=${app.route.params.id ?? ''}></tipchat-dash-stream>`;
      case 'tips':
        return html`<tipchat-dash-tips></tipchat-dash-tips>`;
      case 'chat':
        return html`<tipchat-dash-chat></tipchat-dash-chat>`;
      case 'settings':
        return html`<tipchat-dash-settings></tipchat-dash-settings>`;
      case 'embed':
        return html`<tipchat-dash-embed></tipchat-dash-embed>`;
      case 'earnings':
        return html`<tipchat-dash-earnings></tipchat-dash-earnings>`;
      default:
        return html`<tipchat-dash-overview></tipchat-dash-overview>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tipchat-dashboard': TipchatDashboard;
  }
}
