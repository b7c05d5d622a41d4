import { AuthenticationError, PermissionError, RateLimitError, ValidationError } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailedToken, PASSWORD, signUpVerified, uniqueEmail } from '../../../test/support/accounts';
import { TestClock } from '../../../test/support/clock';
import { caught } from '../../../test/support/errors';
import { startTestServer, type TestServer } from '../../../test/support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('sign-up and email verification', () => {
  it('registers, verifies through the mailed link and signs in', async () => {
    const client = server.client();
    const email = uniqueEmail();
    const registered = await client.auth.register({ email: email.toUpperCase(), password: PASSWORD, displayName: 'Asha' });
    // The SDK signs in right after registering: a new streamer lands signed in, unverified.
    if (registered.status !== 'signed-in') throw new Error(`expected to be signed in, got ${registered.status}`);
    expect(registered.session.user).toMatchObject({ email, displayName: 'Asha', emailVerified: false, status: 'active', role: 'streamer' });

    const verified = await client.auth.verifyEmail(await mailedToken(client, email, '/verify-email'));
    expect(verified).toEqual({ verified: true, email });

    const session = await client.auth.login({ email, password: PASSWORD });
    expect(session.user.emailVerified).toBe(true);
    expect(session.expiresIn).toBe(900);
    expect(await client.user.get()).toMatchObject({ email, emailVerified: true });
  });

  it('makes no second account for the same email, whatever its case: its owner is mailed, the caller told to check mail', async () => {
    const client = server.client();
    const email = uniqueEmail();
    await client.auth.register({ email, password: PASSWORD, displayName: 'One' });
    const again = await server
      .client()
      .auth.register({ email: email.replace('streamer', 'STREAMER'), password: 'another long password', displayName: 'Two' });
    expect(again).toEqual({ status: 'check-email' });
    const [attempt] = await client.dev.outbox({ to: email });
    expect(attempt?.subject).toBe('Someone tried to create a tipchat account with your address');
    expect(attempt?.links).toEqual([`${server.config.publicUrl}/dashboard/login`, `${server.config.publicUrl}/dashboard/forgot-password`]);
    // The first account and its password are untouched.
    const session = await server.client().auth.login({ email, password: PASSWORD });
    expect(session.user.displayName).toBe('One');
    const rows = await server.app.sql`select id from users where email = ${email}`;
    expect(rows).toHaveLength(1);
  });

  it('accepts a verification link once, and a resent link replaces the old one', async () => {
    const client = server.client();
    const email = uniqueEmail();
    await client.auth.register({ email, password: PASSWORD, displayName: 'Once' });
    const first = await mailedToken(client, email, '/verify-email');
    await client.auth.resendVerification(email);
    const second = await mailedToken(client, email, '/verify-email');
    expect(second).not.toBe(first);

    expect(await caught(client.auth.verifyEmail(first))).toMatchObject({ code: 'VERIFICATION_TOKEN_INVALID', status: 400 });
    await client.auth.verifyEmail(second);
    expect(await caught(client.auth.verifyEmail(second))).toMatchObject({ code: 'VERIFICATION_TOKEN_INVALID' });
  });

  it('answers resend and forgot-password the same for unknown addresses, and sends nothing', async () => {
    const client = server.client();
    const email = uniqueEmail('nobody');
    await client.auth.resendVerification(email);
    await client.auth.forgotPassword(email);
    expect(await client.dev.outbox({ to: email })).toEqual([]);
  });

  it('shows a page when the verification link is opened in a browser', async () => {
    const client = server.client();
    const email = uniqueEmail();
    await client.auth.register({ email, password: PASSWORD, displayName: 'Browser' });
    const [mail] = await client.dev.outbox({ to: email });
    const link = new URL(mail?.links[0] ?? '');
    const page = await fetch(`${server.url}${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Email verified');
    const again = await fetch(`${server.url}${link.pathname}${link.search}`);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('Link not valid');
  });
});

describe('sessions', () => {
  it('refuses a wrong password and an unknown email with the same error', async () => {
    const client = server.client();
    const { email } = await signUpVerified(client);
    const wrong = await caught(server.client().auth.login({ email, password: 'not the password' }));
    const unknown = await caught(server.client().auth.login({ email: uniqueEmail('ghost'), password: PASSWORD }));
    expect(wrong).toBeInstanceOf(AuthenticationError);
    expect(wrong).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    expect(unknown).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401, message: wrong.message });
  });

  it('rotates refresh tokens, and reuse of an old one ends the whole session', async () => {
    const client = server.client();
    const { session } = await signUpVerified(client);
    await client.auth.refresh();
    const rotated = client.tokens?.refreshToken;
    expect(rotated).toBeDefined();
    expect(rotated).not.toBe(session.refreshToken);

    // An attacker replays the first token: detected, and the session ends for everyone.
    const thief = server.client({ token: session.accessToken, refreshToken: session.refreshToken });
    expect(await caught(thief.auth.refresh())).toMatchObject({ code: 'REFRESH_TOKEN_REUSED', status: 401 });
    expect(await caught(client.auth.refresh())).toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
    expect(await caught(client.user.get())).toMatchObject({ status: 401 });
  });

  it('ends the session at logout: the access token stops working at once', async () => {
    const client = server.client();
    const { session } = await signUpVerified(client);
    await client.auth.logout();
    expect(client.tokens).toBeNull();
    const stale = server.client({ token: session.accessToken });
    expect(await caught(stale.user.get())).toMatchObject({ code: 'TOKEN_INVALID', status: 401 });
    const refresh = server.client({ token: session.accessToken, refreshToken: session.refreshToken });
    expect(await caught(refresh.auth.refresh())).toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
  });
});

describe('access token expiry', () => {
  let shortLived: TestServer;
  const clock = new TestClock();
  beforeAll(async () => {
    // Five minutes: a renewed token outlives the calls it serves however loaded the machine; the clock moves past it.
    shortLived = await startTestServer({ ACCESS_TOKEN_TTL: '300' }, undefined, { clock: clock.now });
  });
  afterAll(() => shortLived.close());

  it('renews an expired access token by itself, once for many concurrent calls', async () => {
    const sessions: string[] = [];
    const client = shortLived.client({ onSessionChange: (s) => s && sessions.push(s.refreshToken) });
    await signUpVerified(client);
    sessions.length = 0;
    clock.advance(301_000);
    const results = await Promise.all([client.user.get(), client.user.get(), client.channels.mine()]);
    expect(results[0].emailVerified).toBe(true);
    // Exactly one refresh: a refresh per call would have tripped reuse detection.
    expect(sessions).toHaveLength(1);
  });

  it('reports TOKEN_EXPIRED when there is no refresh token to renew with', async () => {
    const client = shortLived.client();
    const { session } = await signUpVerified(client);
    clock.advance(301_000);
    const bare = shortLived.client({ token: session.accessToken });
    expect(await caught(bare.user.get())).toMatchObject({ code: 'TOKEN_EXPIRED', status: 401 });
  });
});

describe('passwords', () => {
  it('resets a forgotten password through the mailed link and signs out every session', async () => {
    const client = server.client();
    const { email } = await signUpVerified(client);
    const anonymous = server.client();
    await anonymous.auth.forgotPassword(email);
    const token = await mailedToken(anonymous, email, '/reset-password');
    await anonymous.auth.resetPassword({ token, password: 'a brand new passphrase' });

    expect(await caught(client.user.get())).toMatchObject({ code: 'TOKEN_INVALID' });
    expect(await caught(anonymous.auth.login({ email, password: PASSWORD }))).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await anonymous.auth.login({ email, password: 'a brand new passphrase' });
    expect(await caught(anonymous.auth.resetPassword({ token, password: 'yet another passphrase' }))).toMatchObject({
      code: 'RESET_TOKEN_INVALID',
      status: 400,
    });
  });

  it('resets through the HTML form that the mailed link opens', async () => {
    const client = server.client();
    const { email } = await signUpVerified(client);
    await client.auth.forgotPassword(email);
    const token = await mailedToken(client, email, '/reset-password');
    const form = await fetch(`${server.url}/reset-password?token=${token}`);
    expect(await form.text()).toContain('name="password"');

    const tooShort = await fetch(`${server.url}/reset-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, password: 'short' }).toString(),
    });
    expect(tooShort.status).toBe(400);
    const done = await fetch(`${server.url}/reset-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, password: 'from the form 123' }).toString(),
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Password changed');
    await server.client().auth.login({ email, password: 'from the form 123' });
  });

  it('changes the password when signed in, keeping this session and ending the others', async () => {
    const here = server.client();
    const { email } = await signUpVerified(here);
    const elsewhere = server.client();
    await elsewhere.auth.login({ email, password: PASSWORD });

    expect(await caught(here.user.changePassword({ currentPassword: 'wrong one', newPassword: 'new passphrase 1' }))).toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    await here.user.changePassword({ currentPassword: PASSWORD, newPassword: 'new passphrase 1' });
    expect((await here.user.get()).email).toBe(email);
    expect(await caught(elsewhere.user.get())).toMatchObject({ code: 'TOKEN_INVALID' });
    await server.client().auth.login({ email, password: 'new passphrase 1' });
  });
});

describe('profile and restriction', () => {
  it('changes the display name, and a new email must be verified again', async () => {
    const client = server.client();
    await signUpVerified(client);
    expect(await client.user.update({ displayName: 'Renamed' })).toMatchObject({ displayName: 'Renamed', emailVerified: true });
    const next = uniqueEmail('moved');
    expect(await client.user.update({ email: next })).toMatchObject({ email: next, emailVerified: false });
    await client.auth.verifyEmail(await mailedToken(client, next, '/verify-email'));
    expect((await client.user.get()).emailVerified).toBe(true);
  });

  it('restricts an account: no sign-in, sessions end, the channel disappears, nothing is deleted', async () => {
    const client = server.client();
    const { email } = await signUpVerified(client);
    const slug = `gone-${Date.now().toString(36)}`;
    const channel = await client.channels.create({ slug, displayName: 'Soon gone' });

    const wrong = await caught(client.user.restrictAccount({ password: 'not it' }));
    expect(wrong).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await client.user.restrictAccount({ password: PASSWORD });

    const login = await caught(server.client().auth.login({ email, password: PASSWORD }));
    expect(login).toBeInstanceOf(PermissionError);
    expect(login).toMatchObject({ code: 'ACCOUNT_RESTRICTED', status: 403 });
    expect(await caught(server.client().channels.get(slug))).toMatchObject({ code: 'NOT_FOUND' });
    const [stored] = await server.app.sql`select count(*)::int as n from channels where id = ${channel.id}`;
    expect(stored?.n).toBe(1);
  });
});

describe('rate limits', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ AUTH_RATE_LIMIT: '3' });
  });
  afterAll(() => limited.close());

  it('limits sign-in attempts per address with a 429 in the standard shape', async () => {
    const client = limited.client();
    const attempts = [];
    for (let i = 0; i < 4; i++) attempts.push(await caught(client.auth.login({ email: 'x@example.test', password: `guess ${i}` })));
    expect(attempts.slice(0, 3).map((e) => e.code)).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS']);
    expect(attempts[3]).toBeInstanceOf(RateLimitError);
    expect(attempts[3]).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
  });

  it('keeps public reads outside the sign-in limit', async () => {
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${limited.url}/healthz`);
      expect(response.status).toBe(200);
    }
    const error = await caught(limited.client().auth.register({ email: 'bad', password: 'x', displayName: '' }));
    expect(error).toBeInstanceOf(ValidationError);
  });
});
