import type { User } from '@tipchat/sdk/protocol';

export interface UserRow {
  id: string;
  email: string;
  emailVerifiedAt: Date | null;
  passwordHash: string;
  displayName: string;
  role: 'streamer' | 'admin';
  status: 'active' | 'restricted';
  createdAt: Date;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    emailVerified: row.emailVerifiedAt !== null,
    role: row.role,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
  };
}
