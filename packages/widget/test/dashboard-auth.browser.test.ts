import { createClient } from '@tipchat/sdk';
import type { TipchatServer } from '@tipchat/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dashboardBundle } from './bundles';
import {
  type Bundles,
  dash,
  dashboardContext,
  mailedToken,
  onView,
  PASSWORD,
  PHONE,
  shoot,
  startServer,
  verifiedAccount,
} from './dashboard.harness';
import { launchChromium } from './widget.harness';

/**
 * The dashboard's account pages: each failure shows the server's own message (compared with
 * what the SDK gets for the same request), sign-in returns to the page that asked for it, the
 * session survives reloads and is shared by tabs, and the profile changes name and password and
 * restricts the account after a confirmation.
 */

let bundles: Bundles;
let api: TipchatServer;
let server: string;
let browser: Browser;
let emails = 0;
const pages: Page[] = [];

beforeAll(async () => {
  // The viewer bundle is not needed on these pages.
  bundles = { dashboard: await dashboardBundle(), viewer: '' };
  ({ api, url: server } = await startServer());
  browser = await launchChromium();
}, 240_000);

afterEach(async (context) => {
  const page = pages.at(-1);
  if (context.task.result?.state === 'fail' && page) await shoot(page, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const nextEmail = () => `person${++emails}@example.com`;

async function open(path: string, viewport?: { width: number; height: number }) {
  const { context, errors } = await dashboardContext(browser, bundles, viewport ? { viewport } : {});
  const page = await context.newPage();
  pages.push(page);
  await page.goto(`${server}${path}`);
  return { context, page, errors, d: dash(page) };
}

async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  const d = dash(page);
  await d.field('Email').fill(email);
  await d.field('Password').fill(password);
  await d.button('Sign in').click();
}

/** What the SDK is told for the same request: the message the dashboard must show. */
async function serverMessage(request: Promise<unknown>): Promise<string> {
  try {
    await request;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the request succeeded');
}

describe('signing in', () => {
  it('shows the server’s message for a wrong password, then signs in and returns to the page that asked', async () => {
    const email = nextEmail();
    await verifiedAccount(server, email);
    const { page, d, errors } = await open('/dashboard/tips');
    await onView(page, 'Sign in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/dashboard/tips');

    await signIn(page, email, 'not-the-password');
    const expected = await serverMessage(createClient({ baseUrl: server }).auth.login({ email, password: 'not-the-password' }));
    await d.errors.filter({ hasText: expected }).waitFor();
    expect(await d.errors.locator('p').textContent()).toBe(expected);
    await shoot(page, 'login-error-desktop');

    await d.field('Password').fill(PASSWORD);
    await d.field('Password').press('Enter');
    // No channel yet: the setup view, at the address that was asked for.
    await onView(page, 'Create your channel');
    expect(new URL(page.url()).pathname).toBe('/dashboard/tips');
    // A signed-in streamer going to the sign-in page lands on the dashboard.
    await page.goto(`${server}/dashboard/login`);
    await onView(page, 'Create your channel');
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    expect(errors).toEqual([]);
  });

  it('the original spec’s top-level paths lead into the dashboard', async () => {
    const { page } = await open('/register');
    await onView(page, 'Create your account');
    expect(new URL(page.url()).pathname).toBe('/dashboard/register');
  });

  it('keeps the session across reloads and tabs; signing out in one tab signs out the other', async () => {
    const email = nextEmail();
    const client = await verifiedAccount(server, email, 'Tabby');
    await client.channels.create({ slug: 'tabby-tv', displayName: 'Tabby TV' });
    const { context, page, d } = await open('/dashboard/login');
    await signIn(page, email);
    await onView(page, 'Tabby TV');
    await page.reload();
    await onView(page, 'Tabby TV');

    const second = await context.newPage();
    pages.push(second);
    await second.goto(`${server}/dashboard/profile`);
    await onView(second, 'Profile');
    expect(await dash(second).field('Display name').inputValue()).toBe('Tabby');

    await d.button('Sign out').click();
    await onView(page, 'Sign in');
    // The other tab hears of it through storage and shows the sign-in page too.
    await onView(second, 'Sign in');
    expect(await page.evaluate((key) => localStorage.getItem(key), `tipchat.dashboard.session:${server}`)).toBeNull();
    // The refresh token was revoked on the server.
    await page.goto(`${server}/dashboard`);
    await onView(page, 'Sign in');
  });
});

describe('registration and email confirmation', () => {
  it('shows the server’s field messages for a bad registration, then confirms the email with the mailed token', async () => {
    const email = nextEmail();
    const { page, d } = await open('/dashboard/register');
    await d.field('Display name').fill('Nia');
    await d.field('Email').fill(email);
    await d.field('Password').fill('short');
    await d.button('Create account').click();
    await d.errors.filter({ hasText: 'The request is not valid' }).waitFor();
    expect(await d.errors.locator('li').allTextContents()).toEqual(['Password: Must be at least 10 characters']);

    await d.field('Password').fill(PASSWORD);
    await d.button('Create account').click();
    // A new address: the dashboard is signed in at once; the channel waits for the confirmed address.
    await onView(page, 'Create your channel');
    // The same address again with another password: no second account, and a neutral page that does not say
    // whether the address has one (its owner is mailed instead).
    const again = await open('/dashboard/register');
    await again.d.field('Display name').fill('Nia');
    await again.d.field('Email').fill(email);
    await again.d.field('Password').fill('somebody-elses-password');
    await again.d.button('Create account').click();
    await onView(again.page, 'Check your email');
    await again.d.root.getByText(`If ${email} is new here`, { exact: false }).waitFor();

    // Signed in but unconfirmed: creating a channel is refused with the server's reason.
    await again.page.goto(`${server}/dashboard/login`);
    await signIn(again.page, email);
    await onView(again.page, 'Create your channel');
    await again.d.root.getByText(`Confirm ${email} first`, { exact: false }).waitFor();
    await again.d.field('Channel address').fill('nia-live');
    await again.d.field('Channel name').fill('Nia Live');
    await again.d.button('Create channel').click();
    await again.d.errors.first().waitFor();
    const refused = await again.d.errors.first().locator('p').textContent();
    expect(refused).toMatch(/verif|confirm/i);

    // A link without its token, and a wrong token.
    await page.goto(`${server}/dashboard/verify`);
    await d.errors.filter({ hasText: 'This link has no confirmation token.' }).waitFor();
    const wrong = 'x'.repeat(40);
    await page.goto(`${server}/dashboard/verify?token=${wrong}`);
    const expected = await serverMessage(createClient({ baseUrl: server }).auth.verifyEmail(wrong));
    await d.errors.filter({ hasText: expected }).waitFor();

    // The mailed token, while signed in in the other tab's page: the channel can be created now.
    await again.page.goto(`${server}/dashboard/verify?token=${await mailedToken(server, email, '/verify-email')}`);
    await again.d.root.getByText(`${email} is confirmed.`).waitFor();
    await again.d.link('Go to your dashboard').click();
    await onView(again.page, 'Create your channel');
    await again.d.field('Channel address').fill('nia-live');
    await again.d.field('Channel name').fill('Nia Live');
    await again.d.button('Create channel').click();
    await onView(again.page, 'Nia Live');

    // The slug is now taken for anyone else.
    const other = nextEmail();
    await verifiedAccount(server, other);
    const third = await open('/dashboard/login');
    await signIn(third.page, other);
    await onView(third.page, 'Create your channel');
    await third.d.field('Channel address').fill('nia-live');
    await third.d.field('Channel name').fill('Copycat');
    await third.d.button('Create channel').click();
    await third.d.errors.first().waitFor();
    expect(await third.d.errors.first().locator('p').textContent()).toMatch(/taken|exists|in use/i);
  });

  it('resends the confirmation mail', async () => {
    const email = nextEmail();
    await createClient({ baseUrl: server }).auth.register({ email, password: PASSWORD, displayName: 'Oli' });
    const { d, page } = await open('/dashboard/login');
    await d.link('Resend the confirmation email').click();
    await onView(page, 'Resend the confirmation email');
    await d.field('Email').fill(email);
    await d.button('Send a new link').click();
    await d.root.getByText('If this address has an unconfirmed account, a new link is on its way.').waitFor();
    const mails = await createClient({ baseUrl: server }).dev.outbox({ to: email });
    expect(mails.length).toBe(2);
  });
});

describe('forgotten password', () => {
  it('mails a reset link; the new password is checked (locally for the repeat, by the server for the rest) and then works', async () => {
    const email = nextEmail();
    await verifiedAccount(server, email);
    const { page, d } = await open('/dashboard/forgot-password');
    await d.field('Email').fill(email);
    await d.button('Send the reset link').click();
    await d.root.getByText('If this address has an account, the reset link is on its way.', { exact: false }).waitFor();
    await shoot(page, 'forgot-desktop');

    const token = await mailedToken(server, email, '/reset-password');
    await page.goto(`${server}/dashboard/reset-password?token=${token}`);
    await onView(page, 'Choose a new password');
    await d.field('New password').fill('another-long-password');
    await d.field('New password again').fill('another-long-passwort');
    await d.button('Change password').click();
    await d.errors.filter({ hasText: 'The two passwords are not the same.' }).waitFor();
    await d.field('New password').fill('short');
    await d.field('New password again').fill('short');
    await d.button('Change password').click();
    await d.errors.filter({ hasText: 'Password: Must be at least 10 characters' }).waitFor();
    await d.field('New password').fill('another-long-password');
    await d.field('New password again').fill('another-long-password');
    await d.button('Change password').click();
    await d.root.getByText('Your password is changed', { exact: false }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    await shoot(page, 'reset-desktop');

    await d.link('Sign in').click();
    await signIn(page, email, 'another-long-password');
    await onView(page, 'Create your channel');
  });
});

describe('profile', () => {
  it('changes the display name and password, refuses a wrong current password, and restricts the account after confirming', async () => {
    const email = nextEmail();
    await verifiedAccount(server, email, 'Pat');
    const { page, d } = await open('/dashboard/login', PHONE);
    await signIn(page, email);
    await onView(page, 'Create your channel');
    await page.goto(`${server}/dashboard/profile`);
    await onView(page, 'Profile');
    expect(await d.root.locator('[data-verified]').getAttribute('data-verified')).toBe('true');

    await d.field('Display name').fill('Pat the Great');
    await d.root
      .locator('form', { has: page.getByLabel('Display name') })
      .getByRole('button', { name: 'Save' })
      .click();
    await d.root.locator('.topbar .user').filter({ hasText: 'Pat the Great' }).waitFor({ state: 'attached' });
    expect((await createClient({ baseUrl: server }).auth.login({ email, password: PASSWORD })).user.displayName).toBe('Pat the Great');

    await d.field('Current password').fill('wrong-password-here');
    await d.field('New password').fill('a-brand-new-password');
    await d.button('Change password').click();
    const signedIn = createClient({ baseUrl: server });
    await signedIn.auth.login({ email, password: PASSWORD });
    const expected = await serverMessage(
      signedIn.user.changePassword({ currentPassword: 'wrong-password-here', newPassword: 'a-brand-new-password' }),
    );
    await d.errors.filter({ hasText: expected }).waitFor();
    await d.field('Current password').fill(PASSWORD);
    await d.button('Change password').click();
    await d.root.getByText('Password changed').waitFor();
    await shoot(page, 'profile-phone-changed');

    await d.button('Restrict my account').click();
    await d.dialog.getByLabel('Your password').fill('wrong-password-here');
    await d.dialog.getByRole('button', { name: 'Restrict my account' }).click();
    await d.dialog.locator('.error[role="alert"]').waitFor();
    await d.dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await d.dialog.count()).toBe(0);
    await d.button('Restrict my account').click();
    await d.dialog.getByLabel('Your password').fill('a-brand-new-password');
    await d.dialog.getByRole('button', { name: 'Restrict my account' }).click();
    await onView(page, 'Sign in');
    await d.root.getByText('Your account is restricted and you were signed out.').waitFor();

    await signIn(page, email, 'a-brand-new-password');
    const refused = await serverMessage(createClient({ baseUrl: server }).auth.login({ email, password: 'a-brand-new-password' }));
    await d.errors.filter({ hasText: refused }).waitFor();
  });
});

describe('language', () => {
  it('switches to Hindi and remembers it', async () => {
    const { page, d } = await open('/dashboard/login');
    await d.root.locator('.language select').selectOption('hi');
    await onView(page, 'साइन इन करें');
    await page.reload();
    await onView(page, 'साइन इन करें');
    await shoot(page, 'login-hi-desktop');
  });
});
