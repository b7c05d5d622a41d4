import type { Sql } from '../../db/connection';
import { AppError } from '../../errors';
import { hashPassword } from '../auth/passwords';

/**
 * Creates an admin account from the command line (`tipchat admin create`), whatever REGISTRATION says: the operator
 * runs it on the server, so the address counts as verified. An existing account at the address is promoted to admin
 * and given the new password.
 */
export async function createAdminAccount(
  sql: Sql,
  input: { email: string; password: string; displayName: string },
): Promise<{ id: string; created: boolean }> {
  const passwordHash = await hashPassword(input.password);
  const [row] = await sql<{ id: string; created: boolean }[]>`
    insert into users (email, password_hash, display_name, role, email_verified_at)
    values (${input.email}, ${passwordHash}, ${input.displayName}, 'admin', now())
    on conflict (email) do update set role = 'admin', password_hash = excluded.password_hash,
      email_verified_at = coalesce(users.email_verified_at, now()), updated_at = now()
    returning id, (xmax = 0) as created`;
  if (!row) throw new AppError('INTERNAL', 'tipchat: could not create the admin account');
  return row;
}
