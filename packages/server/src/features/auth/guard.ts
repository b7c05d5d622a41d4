import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../errors';
import type { AccessTokens } from './access-tokens';
import type { UserRow } from './user-row';

export interface Account {
  user: UserRow;
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    accessTokens: AccessTokens;
    /** preHandler: the caller must present a valid access token of an active account. */
    requireAccount: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** preHandler: as requireAccount, and the account's email must be verified. */
    requireVerifiedAccount: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
  interface FastifyRequest {
    account: Account | null;
  }
}

/** The security scheme OpenAPI shows on routes that need an access token. */
export const bearerSecurity = [{ bearerAuth: [] }];

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) throw new AppError('UNAUTHENTICATED', 'Sign in first: send an Authorization: Bearer <access token> header');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new AppError('TOKEN_INVALID', 'The Authorization header must be "Bearer <access token>"');
  return match[1];
}

/**
 * Checks the token and then the database: a logout or a restriction takes effect at once, not
 * when the token expires.
 */
export const authGuardPlugin = fp<{ tokens: AccessTokens }>(
  async (app, { tokens }) => {
    app.decorate('accessTokens', tokens);
    app.decorateRequest('account', null);

    async function requireAccount(request: FastifyRequest): Promise<void> {
      const claims = await tokens.verify(bearerToken(request));
      const [row] = await app.sql<(UserRow & { revokedAt: Date | null })[]>`
        select u.*, s.revoked_at
        from auth_sessions s join users u on u.id = s.user_id
        where s.id = ${claims.sessionId} and u.id = ${claims.userId}`;
      if (!row || row.revokedAt !== null) throw new AppError('TOKEN_INVALID', 'This session has ended; sign in again');
      if (row.status !== 'active') throw new AppError('ACCOUNT_RESTRICTED', 'This account is restricted');
      const { revokedAt: _revokedAt, ...user } = row;
      request.account = { user, sessionId: claims.sessionId };
    }

    app.decorate('requireAccount', requireAccount);
    app.decorate('requireVerifiedAccount', async (request: FastifyRequest) => {
      await requireAccount(request);
      if (request.account?.user.emailVerifiedAt === null) {
        throw new AppError('EMAIL_NOT_VERIFIED', 'Verify your email address first; we can send the link again');
      }
    });
  },
  { name: 'tipchat-auth-guard', dependencies: ['tipchat-database'] },
);

/** The signed-in account of a request that passed requireAccount. */
export function accountOf(request: FastifyRequest): Account {
  if (!request.account) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return request.account;
}
