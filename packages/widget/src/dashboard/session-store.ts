import type { Session } from './sdk';

/** The tokens a signed-in dashboard keeps between page loads. */
export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
}

/**
 * The dashboard session in `localStorage`, per server, so a reload or a second tab stays signed
 * in.
 *
 * The trade-off, deliberately taken: script running on the dashboard's origin can read
 * `localStorage`, so an XSS bug there would hand out the refresh token (an httpOnly cookie would
 * not). The dashboard limits that risk rather than removing it: its page has a strict CSP (scripts
 * only from the tipchat server, nothing inline), it renders everything users wrote as text (Lit
 * bindings, never HTML), refresh tokens rotate on every use with reuse detection on the server
 * (a stolen token that is used twice ends the whole session family), access tokens are
 * short-lived, and signing out or restricting the account revokes the session on the server.
 * Bearer tokens instead of cookies also mean no CSRF surface on the API.
 */
export class SessionStore {
  private readonly key: string;

  constructor(server: string) {
    this.key = `tipchat.dashboard.session:${server}`;
  }

  load(): StoredTokens | null {
    try {
      return parse(localStorage.getItem(this.key));
    } catch {
      // Storage disabled (privacy mode, sandboxed frame): the session lasts as long as the page.
      return null;
    }
  }

  save(session: Session | null): void {
    try {
      if (session) localStorage.setItem(this.key, JSON.stringify({ accessToken: session.accessToken, refreshToken: session.refreshToken }));
      else localStorage.removeItem(this.key);
    } catch {
      // As in load(): nothing to keep it in.
    }
  }

  /**
   * Calls `handler` when another tab signs in, renews or signs out. Refresh tokens rotate, so a
   * tab holding a token another tab already swapped must take the new one (or be signed out by
   * reuse detection). Returns the unsubscribe function.
   */
  watch(handler: (tokens: StoredTokens | null) => void): () => void {
    const listener = (event: StorageEvent) => {
      if (event.key === this.key || event.key === null) handler(parse(event.newValue));
    };
    window.addEventListener('storage', listener);
    return () => window.removeEventListener('storage', listener);
  }
}

function parse(text: string | null): StoredTokens | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { accessToken, refreshToken } = value as Record<string, unknown>;
    return typeof accessToken === 'string' && typeof refreshToken === 'string' ? { accessToken, refreshToken } : null;
  } catch {
    return null;
  }
}
