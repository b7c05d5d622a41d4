import { errorFromResponse, NetworkError, TipchatError } from './errors';
import type { Session } from './protocol/auth';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** Send the access token (and refresh it once if it has expired). */
  auth?: boolean;
}

export interface Tokens {
  accessToken: string;
  refreshToken?: string | undefined;
}

export interface HttpClientOptions {
  baseUrl: string;
  tokens?: Tokens | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  onSessionChange?: ((session: Session | null) => void) | undefined;
}

/**
 * fetch with tipchat's conventions: JSON in and out, typed errors, and a single shared refresh
 * when an access token expires — ten requests failing at once trigger one refresh, not ten
 * (which would also trip refresh-token reuse detection).
 */
export class HttpClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof globalThis.fetch;
  private tokens: Tokens | null;
  private refreshing: Promise<void> | null = null;

  constructor(private readonly options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.tokens = options.tokens ?? null;
  }

  get currentTokens(): Tokens | null {
    return this.tokens;
  }

  setSession(session: Session | null): void {
    this.tokens = session ? { accessToken: session.accessToken, refreshToken: session.refreshToken } : null;
    this.options.onSessionChange?.(session);
  }

  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    try {
      return await this.send<T>(method, path, options);
    } catch (error) {
      if (!(options.auth && error instanceof TipchatError && error.code === 'TOKEN_EXPIRED' && this.tokens?.refreshToken)) throw error;
      await this.refreshOnce();
      return this.send<T>(method, path, options);
    }
  }

  /** Swaps the refresh token for a new session; concurrent callers share one swap. */
  refreshOnce(): Promise<void> {
    this.refreshing ??= (async () => {
      const refreshToken = this.tokens?.refreshToken;
      if (!refreshToken) throw new TipchatError({ code: 'UNAUTHENTICATED', message: 'No refresh token to renew the session with', status: 401 });
      try {
        this.setSession(await this.send<Session>('POST', '/api/v1/auth/refresh', { body: { refreshToken } }));
      } catch (error) {
        if (error instanceof TipchatError && error.status === 401) this.setSession(null);
        throw error;
      }
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async send<T>(method: HttpMethod, path: string, options: RequestOptions): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.auth) {
      if (!this.tokens) throw new TipchatError({ code: 'UNAUTHENTICATED', message: 'Sign in first', status: 401 });
      headers.authorization = `Bearer ${this.tokens.accessToken}`;
    }
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path, options.query), {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
    } catch (cause) {
      throw new NetworkError({ code: 'NETWORK_ERROR', message: `Could not reach the tipchat server at ${this.baseUrl}`, status: 0, cause });
    }
    const text = await response.text();
    let body: unknown = undefined;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    if (!response.ok) throw errorFromResponse(response.status, body);
    return body as T;
  }

  private url(path: string, query: RequestOptions['query']): string {
    const url = `${this.baseUrl}${path}`;
    if (!query) return url;
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    const search = params.toString();
    return search ? `${url}?${search}` : url;
  }
}
