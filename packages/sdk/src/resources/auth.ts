import { TipchatError } from '../errors';
import type { HttpClient } from '../http';
import type {
  LoginBody,
  RegisterBody,
  RegisterOutcome,
  RegisterResult,
  ResetPasswordBody,
  Session,
  VerifyEmailResult,
} from '../protocol/auth';

/** Sign-up, sign-in and the session lifecycle. `login` and `refresh` keep the session in the client. */
export class AuthResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Creates an account, then signs in with the same credentials. The server answers a registration the same way
   * whether or not the address already has an account (its owner is mailed instead), so the sign-in decides: a new
   * account (or the address's own password) ends signed in; otherwise `check-email`, which a wrong password on an
   * existing account and nothing else looks like. Refusals by the server's registration policy
   * (REGISTRATION_CLOSED, INVITE_REQUIRED, INVITE_INVALID) and bad input are thrown.
   */
  async register(body: RegisterBody): Promise<RegisterOutcome> {
    await this.http.request<RegisterResult>('POST', '/api/v1/auth/register', { body });
    try {
      return { status: 'signed-in', session: await this.login({ email: body.email, password: body.password }) };
    } catch (error) {
      if (error instanceof TipchatError && (error.code === 'INVALID_CREDENTIALS' || error.code === 'ACCOUNT_RESTRICTED')) {
        return { status: 'check-email' };
      }
      throw error;
    }
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
