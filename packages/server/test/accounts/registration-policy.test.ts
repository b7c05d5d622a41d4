import { afterEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/features/auth/opaque-tokens';
import { PASSWORD, uniqueEmail } from '../support/accounts';
import { caught } from '../support/errors';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const signUp = (s: TestServer, email = uniqueEmail(), invite?: string) =>
  s.client().auth.register({ email, password: PASSWORD, displayName: 'Person', ...(invite ? { invite } : {}) });

describe('REGISTRATION=closed (a single-streamer install)', () => {
  it('lets exactly one of many racing first registrations in, as admin; everyone after is refused, invite or not', async () => {
    server = await startTestServer({ REGISTRATION: 'closed' });
    const s = server;
    const racers = await Promise.allSettled(Array.from({ length: 5 }, () => signUp(s)));
    const admitted = racers.filter((r) => r.status === 'fulfilled');
    expect(admitted).toHaveLength(1);
    const first = admitted[0]?.status === 'fulfilled' ? admitted[0].value : null;
    if (first?.status !== 'signed-in') throw new Error('the first account should be signed in');
    expect(first.session.user.role).toBe('admin');
    for (const refused of racers.filter((r) => r.status === 'rejected')) {
      expect(refused.reason).toMatchObject({ status: 403, code: 'REGISTRATION_CLOSED' });
    }

    const admin = s.client({ token: first.session.accessToken });
    const invite = await admin.admin.createInvite();
    expect(await caught(signUp(s, uniqueEmail(), invite.token))).toMatchObject({ status: 403, code: 'REGISTRATION_CLOSED' });
    expect(await s.app.sql`select id from users`).toHaveLength(1);
  });
});

describe('REGISTRATION=invite', () => {
  it('makes the first account admin; later ones need an unused, unexpired invite', async () => {
    server = await startTestServer({ REGISTRATION: 'invite' });
    const s = server;
    const first = await signUp(s);
    if (first.status !== 'signed-in') throw new Error('the first account should be signed in');
    expect(first.session.user.role).toBe('admin');
    const admin = s.client({ token: first.session.accessToken });

    expect(await caught(signUp(s))).toMatchObject({ status: 403, code: 'INVITE_REQUIRED' });
    expect(await caught(signUp(s, uniqueEmail(), 'x'.repeat(43)))).toMatchObject({ status: 403, code: 'INVITE_INVALID' });

    const expired = await admin.admin.createInvite({ expiresInHours: 1 });
    await s.app
      .sql`update registration_invites set expires_at = now() - interval '1 second' where token_hash = ${hashToken(expired.token)}`;
    expect(await caught(signUp(s, uniqueEmail(), expired.token))).toMatchObject({ status: 403, code: 'INVITE_INVALID' });

    const invite = await admin.admin.createInvite();
    const invited = await signUp(s, uniqueEmail('invited'), invite.token);
    if (invited.status !== 'signed-in') throw new Error('the invited account should be signed in');
    expect(invited.session.user.role).toBe('streamer');
    const [row] = await s.app.sql<
      { usedBy: string }[]
    >`select used_by from registration_invites where token_hash = ${hashToken(invite.token)}`;
    expect(row?.usedBy).toBe(invited.session.user.id);
    expect(await caught(signUp(s, uniqueEmail(), invite.token))).toMatchObject({ status: 403, code: 'INVITE_INVALID' });
  });

  it('answers an invited registration of a registered address like any other, and spends the invite', async () => {
    server = await startTestServer({ REGISTRATION: 'invite' });
    const s = server;
    const first = await signUp(s);
    if (first.status !== 'signed-in') throw new Error('the first account should be signed in');
    const admin = s.client({ token: first.session.accessToken });
    const invite = await admin.admin.createInvite();
    const outcome = await s
      .client()
      .auth.register({ email: first.session.user.email, password: 'not the owner password', displayName: 'X', invite: invite.token });
    expect(outcome).toEqual({ status: 'check-email' });
    expect(await caught(signUp(s, uniqueEmail(), invite.token))).toMatchObject({ status: 403, code: 'INVITE_INVALID' });
  });
});
