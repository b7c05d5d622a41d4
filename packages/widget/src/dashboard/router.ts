/**
 * The dashboard's routes, below a base path (`/dashboard` on the tipchat server). Matching is a
 * table of patterns; navigation is the History API, so every view has a URL that survives a
 * reload and the browser's back button works.
 */

export type RouteName =
  | 'login'
  | 'register'
  | 'verify'
  | 'resend-email'
  | 'forgot-password'
  | 'reset-password'
  | 'profile'
  | 'overview'
  | 'stream'
  | 'tips'
  | 'chat'
  | 'settings'
  | 'embed'
  | 'earnings'
  | 'admin'
  | 'not-found';

/** Who may open a route: anyone, a signed-in account, or an account with a channel. */
export type RouteAccess = 'public' | 'account' | 'channel';

export interface Route {
  name: RouteName;
  /** Path parameters, e.g. the stream's id. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** The full path as the browser shows it, query included. */
  href: string;
}

const TABLE: readonly [RouteName, RegExp, RouteAccess][] = [
  ['overview', /^\/?$/, 'channel'],
  ['login', /^\/login\/?$/, 'public'],
  ['register', /^\/register\/?$/, 'public'],
  ['verify', /^\/verify\/?$/, 'public'],
  ['resend-email', /^\/resend-email\/?$/, 'public'],
  ['forgot-password', /^\/forgot-password\/?$/, 'public'],
  ['reset-password', /^\/reset-password\/?$/, 'public'],
  ['profile', /^\/profile\/?$/, 'account'],
  ['stream', /^\/stream\/(?<id>[^/]+)\/?$/, 'channel'],
  ['tips', /^\/tips\/?$/, 'channel'],
  ['chat', /^\/chat\/?$/, 'channel'],
  ['settings', /^\/settings\/?$/, 'channel'],
  ['embed', /^\/embed\/?$/, 'channel'],
  ['earnings', /^\/earnings\/?$/, 'channel'],
  // The operator console: any signed-in account reaches the URL; the view and the server let only admins in.
  ['admin', /^\/admin\/?$/, 'account'],
];

/** Routes a signed-in streamer has no use for: they go to the overview instead. */
export const SIGNED_OUT_ONLY: ReadonlySet<RouteName> = new Set(['login', 'register', 'forgot-password']);

export function accessOf(name: RouteName): RouteAccess {
  return TABLE.find(([candidate]) => candidate === name)?.[2] ?? 'public';
}

/** The route for a location, relative to `base`. Paths outside `base` are not found. */
export function matchRoute(location: { pathname: string; search: string }, base: string): Route {
  const query = new URLSearchParams(location.search);
  const href = `${location.pathname}${location.search}`;
  if (location.pathname !== base && !location.pathname.startsWith(`${base}/`)) return { name: 'not-found', params: {}, query, href };
  const rest = location.pathname.slice(base.length);
  for (const [name, pattern] of TABLE) {
    const match = pattern.exec(rest);
    if (match) {
      const params = Object.fromEntries(Object.entries(match.groups ?? {}).map(([key, value]) => [key, safeDecode(value)]));
      return { name, params, query, href };
    }
  }
  return { name: 'not-found', params: {}, query, href };
}

/** The URL of a route: `pathTo('/dashboard', 'stream', { id })` → `/dashboard/stream/<id>`. */
export function pathTo(base: string, name: Exclude<RouteName, 'not-found'>, params: Record<string, string> = {}): string {
  if (name === 'overview') return base;
  if (name === 'stream') return `${base}/stream/${encodeURIComponent(params.id ?? '')}`;
  return `${base}/${name}`;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The in-app link a click should follow without a page load: a same-origin `<a href>` below
 * `base`, clicked without modifier keys, not meant for a new tab or a download. Links inside
 * shadow roots count too (the event's composed path is searched).
 */
export function inAppLink(event: MouseEvent, base: string): string | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
  if (!anchor || anchor.hasAttribute('download') || (anchor.target && anchor.target !== '_self')) return null;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin) return null;
  if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
