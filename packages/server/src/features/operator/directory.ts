import type { CurrencyCode, OperatorChannelPage, OperatorUser, OperatorUserPage } from '@tipchat/sdk/protocol';
import type postgres from 'postgres';
import type { Queryable } from '../../db/connection';
import { toRestriction } from '../restrictions/restriction-store';

export interface DirectoryQuery {
  q?: string | undefined;
  page: number;
  limit: number;
}

/** `%text%` for ILIKE, with the pattern characters of the search taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

interface UserListRow {
  id: string;
  email: string;
  displayName: string;
  role: 'streamer' | 'admin';
  status: 'active' | 'restricted';
  emailVerifiedAt: Date | null;
  createdAt: Date;
  reason: string | null;
  restrictedAt: Date | null;
  restrictedBy: string | null;
  channelId: string | null;
  slug: string | null;
  channelName: string | null;
  currency: CurrencyCode | null;
}

type Fragment = postgres.PendingQuery<postgres.Row[]>;

const USERS_FROM = 'from users u left join channels c on c.owner_id = u.id left join operator_restrictions r on r.user_id = u.id';

/** Accounts with their channel and restriction, newest first, matching the search in email, name or channel slug. */
export async function listUsers(q: Queryable, query: DirectoryQuery): Promise<OperatorUserPage> {
  const where = query.q
    ? q`where u.email ilike ${containing(query.q)} or u.display_name ilike ${containing(query.q)} or c.slug ilike ${containing(query.q)}`
    : q``;
  const [users, [count]] = await Promise.all([
    selectUsers(q, where, q`limit ${query.limit} offset ${(query.page - 1) * query.limit}`),
    q<{ total: number }[]>`select count(*)::int as total ${q.unsafe(USERS_FROM)} ${where}`,
  ]);
  return { users, page: query.page, limit: query.limit, total: count?.total ?? 0 };
}

/** One account as the console lists it, or null. */
export async function operatorUser(q: Queryable, id: string): Promise<OperatorUser | null> {
  const [user] = await selectUsers(q, q`where u.id = ${id}`, q``);
  return user ?? null;
}

async function selectUsers(q: Queryable, where: Fragment, page: Fragment): Promise<OperatorUser[]> {
  const rows = await q<UserListRow[]>`
    select u.id, u.email, u.display_name, u.role, u.status, u.email_verified_at, u.created_at,
      r.reason, r.restricted_at, r.restricted_by, c.id as channel_id, c.slug, c.display_name as channel_name, c.currency
    ${q.unsafe(USERS_FROM)} ${where}
    order by u.created_at desc, u.id desc ${page}`;
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    status: row.status,
    emailVerified: row.emailVerifiedAt !== null,
    createdAt: row.createdAt.toISOString(),
    restriction:
      row.reason !== null && row.restrictedAt !== null
        ? toRestriction({ reason: row.reason, restrictedAt: row.restrictedAt, restrictedBy: row.restrictedBy })
        : null,
    channel:
      row.channelId && row.slug && row.channelName && row.currency
        ? { id: row.channelId, slug: row.slug, displayName: row.channelName, currency: row.currency }
        : null,
  }));
}

interface ChannelListRow {
  id: string;
  slug: string;
  displayName: string;
  currency: CurrencyCode;
  ownerId: string;
  ownerEmail: string;
  ownerDisplayName: string;
  restricted: boolean;
  createdAt: Date;
}

/** Channels with their owner, newest first, matching the search in slug, name or the owner's email. */
export async function listChannels(q: Queryable, query: DirectoryQuery): Promise<OperatorChannelPage> {
  const where = query.q
    ? q`where c.slug ilike ${containing(query.q)} or c.display_name ilike ${containing(query.q)} or u.email ilike ${containing(query.q)}`
    : q``;
  const [rows, [count]] = await Promise.all([
    q<ChannelListRow[]>`
      select c.id, c.slug, c.display_name, c.currency, c.created_at, u.id as owner_id, u.email as owner_email,
        u.display_name as owner_display_name,
        exists (select 1 from operator_restrictions r where r.user_id = u.id) as restricted
      from channels c join users u on u.id = c.owner_id ${where}
      order by c.created_at desc, c.id desc limit ${query.limit} offset ${(query.page - 1) * query.limit}`,
    q<{ total: number }[]>`select count(*)::int as total from channels c join users u on u.id = c.owner_id ${where}`,
  ]);
  return {
    channels: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
    page: query.page,
    limit: query.limit,
    total: count?.total ?? 0,
  };
}
