import { randomBytes } from 'node:crypto';
import type { CurrencyCode, Session, TipchatClient } from '@tipchat/sdk';
import type { TestServer } from './server';

export const PASSWORD = 'correct horse battery';

export function uniqueEmail(prefix = 'streamer'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.test`;
}

/** The token in the newest mail to `email` whose link path starts with `path`. */
export async function mailedToken(client: TipchatClient, email: string, path: '/verify-email' | '/reset-password'): Promise<string> {
  const mails = await client.dev.outbox({ to: email });
  for (const mail of mails) {
    for (const link of mail.links) {
      const url = new URL(link);
      const token = url.searchParams.get('token');
      if (url.pathname === path && token) return token;
    }
  }
  throw new Error(`no ${path} mail for ${email}`);
}

/** Registers (the SDK signs in too), verifies through the mailed link and signs in again (a verified session) — all through the SDK. */
export async function signUpVerified(
  client: TipchatClient,
  options: { email?: string; displayName?: string } = {},
): Promise<{ email: string; session: Session }> {
  const email = options.email ?? uniqueEmail();
  await client.auth.register({ email, password: PASSWORD, displayName: options.displayName ?? 'Test Streamer' });
  await client.auth.verifyEmail(await mailedToken(client, email, '/verify-email'));
  const session = await client.auth.login({ email, password: PASSWORD });
  return { email, session };
}

/** A fresh client signed in as a new verified account: the streamer-to-be most channel tests start from. */
export async function signedUpClient(server: TestServer): Promise<TipchatClient> {
  const client = server.client();
  await signUpVerified(client);
  return client;
}

/** A channel at `slug` made by a new verified streamer, whose signed-in client is `owner`: what a test chats or tips in. */
export async function channelWithStreamer(
  server: TestServer,
  channel: { slug: string; displayName: string; currency?: CurrencyCode },
): Promise<{ slug: string; id: string; owner: TipchatClient }> {
  const owner = await signedUpClient(server);
  const { id } = await owner.channels.create(channel);
  return { slug: channel.slug, id, owner };
}
