import type { HttpClient } from '../http';
import type { CreateInviteBody, Invite } from '../protocol/admin';

/** Operator tasks; the signed-in account must be an admin. */
export class AdminResource {
  constructor(private readonly http: HttpClient) {}

  /** A one-time registration invite (for servers with REGISTRATION=invite). */
  createInvite(body: CreateInviteBody = {}): Promise<Invite> {
    return this.http.request('POST', '/api/v1/admin/invites', { body, auth: true });
  }
}
