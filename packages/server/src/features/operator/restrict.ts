import type { OperatorUser } from '@tipchat/sdk/protocol';
import type { Sql } from '../../db/connection';
import { AppError, notFound } from '../../errors';
import { recordAdminAction } from './audit';
import { operatorUser } from './directory';

/**
 * Restricts a streamer account: it keeps signing in (its dashboard shows the reason), its channel refuses new tips.
 * Tips already paid, balances and payouts are untouched. The restriction and its audit row commit together.
 */
export async function restrictAccount(sql: Sql, actorId: string, userId: string, reason: string): Promise<OperatorUser> {
  await sql.begin(async (tx) => {
    const [target] = await tx<{ role: string }[]>`select role from users where id = ${userId}`;
    if (!target) throw notFound('Account');
    if (target.role === 'admin') throw new AppError('FORBIDDEN', 'An administrator account cannot be restricted; demote it first');
    const inserted = await tx`
      insert into operator_restrictions (user_id, reason, restricted_by) values (${userId}, ${reason}, ${actorId})
      on conflict (user_id) do nothing returning user_id`;
    if (inserted.length === 0)
      throw new AppError('ACCOUNT_ALREADY_RESTRICTED', 'This account is restricted already; lift it first to change the reason');
    await recordAdminAction(tx, { actorId, action: 'account.restrict', targetType: 'user', targetId: userId, reason });
  });
  return found(sql, userId);
}

/** Lifts the restriction: the channel takes tips again. Audit-logged with the reason, like the restriction. */
export async function unrestrictAccount(sql: Sql, actorId: string, userId: string, reason: string): Promise<OperatorUser> {
  await sql.begin(async (tx) => {
    const [target] = await tx<{ id: string }[]>`select id from users where id = ${userId}`;
    if (!target) throw notFound('Account');
    const [lifted] = await tx<{ reason: string }[]>`delete from operator_restrictions where user_id = ${userId} returning reason`;
    if (!lifted) throw new AppError('ACCOUNT_NOT_RESTRICTED', 'This account is not restricted');
    await recordAdminAction(tx, {
      actorId,
      action: 'account.unrestrict',
      targetType: 'user',
      targetId: userId,
      reason,
      details: { restrictedFor: lifted.reason },
    });
  });
  return found(sql, userId);
}

async function found(sql: Sql, userId: string): Promise<OperatorUser> {
  const user = await operatorUser(sql, userId);
  if (!user) throw notFound('Account');
  return user;
}
