import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, signUpVerified, uniqueEmail } from '../support/accounts';
import { caught } from '../support/errors';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ MODERATOR_APPOINT_RATE_LIMIT: '3' });
});
afterAll(() => server.close());

async function streamerWithChannel() {
  const client = server.client();
  await signUpVerified(client);
  const slug = `mods-${randomBytes(4).toString('hex')}`;
  await client.channels.create({ slug, displayName: 'Mods' });
  return { client, slug };
}

describe('appointing moderators cannot be used to test address lists', () => {
  it('limits appointments per streamer account, whatever the answer, and says when to retry', async () => {
    const { client, slug } = await streamerWithChannel();
    const { email: existing } = await signUpVerified(server.client());
    expect(await client.moderation.addModerator(slug, existing)).toMatchObject({ email: existing });
    for (let i = 0; i < 2; i++) {
      expect(await caught(client.moderation.addModerator(slug, uniqueEmail('unknown')))).toMatchObject({ status: 404 });
    }
    const limited = await caught(client.moderation.addModerator(slug, uniqueEmail('unknown')));
    expect(limited).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect((limited.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);

    // A new session of the same account (a new access token) does not reset the count.
    const again = server.client();
    await again.auth.login({ email: (await client.user.get()).email, password: PASSWORD });
    expect(await caught(again.moderation.addModerator(slug, existing))).toMatchObject({ status: 429 });

    // Another streamer has a count of their own.
    const other = await streamerWithChannel();
    expect(await other.client.moderation.addModerator(other.slug, existing)).toMatchObject({ email: existing });
  });
});
