import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors';
import { accountOf } from '../auth/guard';

/**
 * preHandler for operator routes: a signed-in account (checked against the database on every request, so a demoted
 * or restricted admin loses access at once) whose role is `admin`. Everyone else gets 403, not 404: the routes are
 * documented, hiding them protects nothing.
 */
export function requireAdmin(requireAccount: (request: FastifyRequest, reply: FastifyReply) => Promise<void>) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await requireAccount(request, reply);
    if (accountOf(request).user.role !== 'admin') throw new AppError('FORBIDDEN', 'Only an administrator can do this');
  };
}
