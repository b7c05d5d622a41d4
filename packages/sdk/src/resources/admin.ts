import type { HttpClient } from '../http';
import type { CreateInviteBody, Invite } from '../protocol/admin';
import type {
  AdminAuditLog,
  AdminAuditQuery,
  DirectoryQuery,
  OperatorChannelPage,
  OperatorReasonBody,
  OperatorRefundBody,
  OperatorUser,
  OperatorUserPage,
  PlatformFees,
  PlatformTotals,
  PlatformTotalsQuery,
  RegistrationPolicy,
  SetPlatformFeeBody,
} from '../protocol/operator';
import type { ProviderEventReview, ProviderEventReviewList, ResolveProviderEventReviewBody } from '../protocol/reviews';
import type { TipFeedItem } from '../protocol/tips';

/** Operator tasks (the operator console); the signed-in account must be an admin. */
export class AdminResource {
  constructor(private readonly http: HttpClient) {}

  /** A one-time registration invite (for servers with REGISTRATION=invite). */
  createInvite(body: CreateInviteBody = {}): Promise<Invite> {
    return this.http.request('POST', '/api/v1/admin/invites', { body, auth: true });
  }

  /** Who may sign up on this server (its REGISTRATION setting), for deciding whether invites are needed. */
  registration(): Promise<RegistrationPolicy> {
    return this.http.request('GET', '/api/v1/admin/registration', { auth: true });
  }

  /** Accounts, newest first, searched by email, display name or channel slug. */
  users(query: DirectoryQuery = {}): Promise<OperatorUserPage> {
    return this.http.request('GET', '/api/v1/admin/users', { query: { ...query }, auth: true });
  }

  /** Channels, newest first, searched by slug, name or the owner's email. */
  channels(query: DirectoryQuery = {}): Promise<OperatorChannelPage> {
    return this.http.request('GET', '/api/v1/admin/channels', { query: { ...query }, auth: true });
  }

  /** Restricts a streamer: the account still signs in and sees why, its channel takes no new tips. Audit-logged. */
  restrictUser(userId: string, body: OperatorReasonBody): Promise<OperatorUser> {
    return this.http.request('POST', `/api/v1/admin/users/${encodeURIComponent(userId)}/restrict`, { body, auth: true });
  }

  /** Lifts the operator's restriction. Audit-logged. */
  unrestrictUser(userId: string, body: OperatorReasonBody): Promise<OperatorUser> {
    return this.http.request('POST', `/api/v1/admin/users/${encodeURIComponent(userId)}/unrestrict`, { body, auth: true });
  }

  /** What admins did, newest first. */
  auditLog(query: AdminAuditQuery = {}): Promise<AdminAuditLog> {
    return this.http.request('GET', '/api/v1/admin/audit-log', { query: { ...query }, auth: true });
  }

  /** Platform money by UTC day and currency: volume, fees, refunds, disputes, payouts. */
  totals(query: PlatformTotalsQuery = {}): Promise<PlatformTotals> {
    return this.http.request('GET', '/api/v1/admin/totals', { query: { ...query }, auth: true });
  }

  /** The fee new tips are quoted, and every setting before it. */
  fees(): Promise<PlatformFees> {
    return this.http.request('GET', '/api/v1/admin/fees', { auth: true });
  }

  /** Sets the fee for tips started from now on; tips already started keep theirs. Audit-logged. */
  setFee(body: SetPlatformFeeBody): Promise<PlatformFees> {
    return this.http.request('PUT', '/api/v1/admin/fees', { body, auth: true });
  }

  /** Refunds a tip on its streamer's behalf (in full unless `amount`), through the streamer's refund path. Audit-logged. */
  refundTip(tipId: string, body: OperatorRefundBody): Promise<TipFeedItem> {
    return this.http.request('POST', `/api/v1/admin/tips/${encodeURIComponent(tipId)}/refund`, { body, auth: true });
  }

  /** The review queue: provider events refused or flagged (open by default). */
  providerEvents(query: { status?: 'open' | 'resolved'; limit?: number } = {}): Promise<ProviderEventReviewList> {
    return this.http.request('GET', '/api/v1/admin/provider-events', { query: { ...query }, auth: true });
  }

  /** Marks a flagged provider event handled, with a note of what was done. */
  resolveProviderEvent(id: string, body: ResolveProviderEventReviewBody): Promise<ProviderEventReview> {
    return this.http.request('POST', `/api/v1/admin/provider-events/${encodeURIComponent(id)}/resolve`, { body, auth: true });
  }
}
