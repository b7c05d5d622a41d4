import type { HttpClient } from '../http';
import type { LoginBody, RegisterBody, RegisterResult, ResetPasswordBody, Session, VerifyEmailResult } from '../protocol/auth';

/** Sign-up, sign-in and the session lifecycle. `login` and `refresh` keep the session in the client. */
export class AuthResource {
  constructor(private readonly http: HttpClient) {}

  register(body: RegisterBody): Promise<RegisterResult> {
    return this.http.request('POST', '/api/v1/auth/register', { body });
  }

  verifyEmail(token: string): Promise<VerifyEmailResult> {
    return this.http.request('GET', '/api/v1/auth/verify', { query: { token } });
  }

  async resendVerification(email: string): Promise<void> {
    await this.http.request('POST', '/api/v1/auth/resend-email', { body: { email } });
  }

  async login(body: LoginBody): Promise<Session> {
    const session = await this.http.request<Session>('POST', '/api/v1/auth/login', { body });
    this.http.setSession(session);
    return session;
  }

  /** Renews the session now (the client also does this by itself when a token expires). */
  async refresh(): Promise<void> {
    await this.http.refreshOnce();
  }

  /** Ends the session on the server and forgets it here. */
  async logout(): Promise<void> {
    const refreshToken = this.http.currentTokens?.refreshToken;
    try {
      if (refreshToken) await this.http.request('POST', '/api/v1/auth/logout', { body: { refreshToken } });
    } finally {
      this.http.setSession(null);
    }
  }

  async forgotPassword(email: string): Promise<void> {
    await this.http.request('POST', '/api/v1/auth/forgot-password', { body: { email } });
  }

  async resetPassword(body: ResetPasswordBody): Promise<void> {
    await this.http.request('POST', '/api/v1/auth/reset-password', { body });
  }
}
