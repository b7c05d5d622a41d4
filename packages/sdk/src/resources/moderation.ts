import type { HttpClient } from '../http';
import type { AuditLog, Ban, BanBody, BlockedTerm, BlockedTermBody, Moderator } from '../protocol/moderation';
import { channelPath } from './paths';

/** Keeping a channel's chat clean: moderators, bans and time-outs, blocked terms, the audit log. */
export class ModerationResource {
  constructor(private readonly http: HttpClient) {}

  async listModerators(slug: string): Promise<Moderator[]> {
    const { moderators } = await this.http.request<{ moderators: Moderator[] }>('GET', channelPath(slug, 'moderators'), {
      auth: true,
      channel: slug,
    });
    return moderators;
  }

  /** The streamer appoints an existing account by its email. */
  addModerator(slug: string, email: string): Promise<Moderator> {
    return this.http.request('POST', channelPath(slug, 'moderators'), { body: { email }, auth: true, channel: slug });
  }

  async removeModerator(slug: string, userId: string): Promise<void> {
    await this.http.request('DELETE', channelPath(slug, 'moderators', userId), { auth: true, channel: slug });
  }

  async listBans(slug: string): Promise<Ban[]> {
    const { bans } = await this.http.request<{ bans: Ban[] }>('GET', channelPath(slug, 'bans'), { auth: true, channel: slug });
    return bans;
  }

  /** Bans a viewer, or times them out with `durationSeconds`; takes effect on their open sockets at once. */
  ban(slug: string, body: BanBody): Promise<Ban> {
    return this.http.request('POST', channelPath(slug, 'bans'), { body, auth: true, channel: slug });
  }

  async unban(slug: string, banId: string): Promise<void> {
    await this.http.request('DELETE', channelPath(slug, 'bans', banId), { auth: true, channel: slug });
  }

  async listBlockedTerms(slug: string): Promise<BlockedTerm[]> {
    const { terms } = await this.http.request<{ terms: BlockedTerm[] }>('GET', channelPath(slug, 'blocked-terms'), {
      auth: true,
      channel: slug,
    });
    return terms;
  }

  addBlockedTerm(slug: string, body: BlockedTermBody): Promise<BlockedTerm> {
    return this.http.request('POST', channelPath(slug, 'blocked-terms'), { body, auth: true, channel: slug });
  }

  async removeBlockedTerm(slug: string, termId: string): Promise<void> {
    await this.http.request('DELETE', channelPath(slug, 'blocked-terms', termId), { auth: true, channel: slug });
  }

  /** Newest first; pass `nextCursor` as `before` for older entries. */
  auditLog(slug: string, options: { before?: number; limit?: number } = {}): Promise<AuditLog> {
    return this.http.request('GET', channelPath(slug, 'audit-log'), { query: options, auth: true, channel: slug });
  }
}
