import type { HttpClient } from '../http';
import type { MyRestriction } from '../protocol/operator';
import type { ChangePasswordBody, RestrictAccountBody, UpdateUserBody, User } from '../protocol/users';

/** The signed-in account. */
export class UserResource {
  constructor(private readonly http: HttpClient) {}

  get(): Promise<User> {
    return this.http.request('GET', '/api/v1/user', { auth: true });
  }

  update(body: UpdateUserBody): Promise<User> {
    return this.http.request('PUT', '/api/v1/user', { body, auth: true });
  }

  /** Whether the operator restricted this account, and why (its channel takes no new tips meanwhile). */
  restriction(): Promise<MyRestriction> {
    return this.http.request('GET', '/api/v1/user/restriction', { auth: true });
  }

  /** Other sessions are signed out; this one stays. */
  async changePassword(body: ChangePasswordBody): Promise<void> {
    await this.http.request('PUT', '/api/v1/user/reset-password', { body, auth: true });
  }

  /** Deactivates the account and ends every session, this one included. */
  async restrictAccount(body: RestrictAccountBody): Promise<void> {
    await this.http.request('DELETE', '/api/v1/user/restrict-account', { body, auth: true });
    this.http.setSession(null);
  }
}
