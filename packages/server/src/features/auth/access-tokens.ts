import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Sql } from '../../db/connection';
import { AppError } from '../../errors';

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

/** What time it is for signing and checking tokens; tests pass one they can move forward instead of sleeping. */
export type Clock = () => Date;

const systemClock: Clock = () => new Date();

const ISSUER = 'tipchat';
const AUDIENCE = 'tipchat-api';

/** Signs and checks short-lived access tokens (HS256 JWTs) bound to one login session. */
export class AccessTokens {
  private constructor(
    private readonly key: Uint8Array,
    readonly ttlSeconds: number,
    private readonly clock: Clock,
  ) {}

  /**
   * Uses TIPCHAT_SECRET when given. Without it (development only — config refuses production
   * without one) a secret is made once and kept in the database, so restarts and several
   * processes on one database agree on it.
   */
  static async create(sql: Sql, secret: string | undefined, ttlSeconds: number, clock: Clock = systemClock): Promise<AccessTokens> {
    const value = secret ?? (await storedSecret(sql));
    return new AccessTokens(new TextEncoder().encode(value), ttlSeconds, clock);
  }

  sign(claims: AccessClaims): Promise<string> {
    const issuedAt = Math.floor(this.clock().getTime() / 1000);
    return new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.ttlSeconds)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate: this.clock(),
      });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') {
        throw new AppError('TOKEN_INVALID', 'The access token is not valid');
      }
      return { userId: payload.sub, sessionId: payload.sid };
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof errors.JWTExpired) throw new AppError('TOKEN_EXPIRED', 'The access token has expired');
      throw new AppError('TOKEN_INVALID', 'The access token is not valid');
    }
  }
}

/** The development secret kept in the database (made on first use); other keys are derived from it when TIPCHAT_SECRET is unset. */
export async function storedSecret(sql: Sql): Promise<string> {
  const candidate = randomBytes(48).toString('base64url');
  await sql`insert into server_settings (key, value) values ('access_token_secret', ${candidate}) on conflict (key) do nothing`;
  const [row] = await sql<{ value: string }[]>`select value from server_settings where key = 'access_token_secret'`;
  if (!row) throw new Error('tipchat: could not read the access token secret');
  return row.value;
}
