import { errorFromResponse, NetworkError, TipchatError } from './errors';
import type { Session } from './protocol/auth';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /**
   * Send a credential: `true` requires one (refused here, unsent, without), `'optional'` sends one
   * when the client has it — public reads where staff see more. An expired access token is
   * refreshed once and the request retried.
   */
  auth?: boolean | 'optional';
  /** The channel the call acts in: without an account session, its guest token is the credential. */
  channel?: string;
  /** A credential that overrides the client's for this call (an overlay or API key); never refreshed. */
  token?: string | undefined;
  /** Extra request headers (an Idempotency-Key), sent again unchanged when the call is retried. */
  headers?: Record<string, string> | undefined;
  /** Bytes to send as they are (an upload) instead of a JSON `body`; fetch names their type when it knows one. */
  rawBody?: Blob | ArrayBuffer | Uint8Array<ArrayBuffer> | undefined;
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
  /** The server's base URL, without a trailing slash: what resources build links to its pages from. */
  readonly baseUrl: string;
  private readonly fetchImpl: typeof globalThis.fetch;
  private tokens: Tokens | null;
  private refreshing: Promise<void> | null = null;
  /** Guest tokens by channel slug: a guest identity belongs to one channel. */
  private readonly guestTokens = new Map<string, string>();

  constructor(private readonly options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.tokens = options.tokens ?? null;
  }

  get currentTokens(): Tokens | null {
    return this.tokens;
  }

  guestToken(channel: string): string | undefined {
    return this.guestTokens.get(channel);
  }

  setGuestToken(channel: string, token: string | null): void {
    if (token) this.guestTokens.set(channel, token);
    else this.guestTokens.delete(channel);
  }

  /**
   * The credential for a call in `channel`: the account session first (streamers, moderators and
   * signed-in viewers act as their account), else the channel's guest token.
   */
  credential(channel?: string): string | undefined {
    return this.tokens?.accessToken ?? (channel === undefined ? undefined : this.guestTokens.get(channel));
  }

  /** Whether `token` is the session's access token, which refreshOnce can renew. */
  canRefresh(token: string | undefined): boolean {
    return token !== undefined && token === this.tokens?.accessToken && this.tokens.refreshToken !== undefined;
  }

  setSession(session: Session | null): void {
    this.tokens = session ? { accessToken: session.accessToken, refreshToken: session.refreshToken } : null;
    this.options.onSessionChange?.(session);
  }

  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const token = options.token ?? (options.auth ? this.credential(options.channel) : undefined);
    try {
      return await this.send<T>(method, path, options, token);
    } catch (error) {
      if (!(options.token === undefined && error instanceof TipchatError && error.code === 'TOKEN_EXPIRED' && this.canRefresh(token)))
        throw error;
      await this.refreshOnce();
      return this.send<T>(method, path, options, this.credential(options.channel));
    }
  }

  /** Swaps the refresh token for a new session; concurrent callers share one swap. */
  refreshOnce(): Promise<void> {
    this.refreshing ??= (async () => {
      const refreshToken = this.tokens?.refreshToken;
      if (!refreshToken)
        throw new TipchatError({ code: 'UNAUTHENTICATED', message: 'No refresh token to renew the session with', status: 401 });
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

  private async send<T>(method: HttpMethod, path: string, options: RequestOptions, token?: string): Promise<T> {
    const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    else if (options.auth === true) throw new TipchatError({ code: 'UNAUTHENTICATED', message: 'Sign in first', status: 401 });
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path, options.query), {
        method,
        headers,
        // Raw bytes go with no content type of ours (a File's own type, if any): the server reads what they are.
        body: options.rawBody ?? (options.body === undefined ? null : JSON.stringify(options.body)),
      });
    } catch (cause) {
      throw new NetworkError({ code: 'NETWORK_ERROR', message: `Could not reach the tipchat server at ${this.baseUrl}`, status: 0, cause });
    }
    const text = await response.text();
    let body: unknown;
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
