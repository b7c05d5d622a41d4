import type { ProviderEventReview, TipchatClient } from '@tipchat/sdk';
import { expect } from 'vitest';
import { signUpVerified } from './accounts';
import type { TestServer } from './server';

/** A signed-in operator: an account whose role is `admin` (set in the database, as the CLI would). */
export async function adminClient(server: TestServer): Promise<TipchatClient> {
  const client = server.client();
  const { email } = await signUpVerified(client, { displayName: 'Operator' });
  await server.app.sql`update users set role = 'admin' where email = ${email}`;
  return client;
}

export interface AdminAnswer {
  status: number;
  body: unknown;
}

/** A call to the admin review API with the client's access token (none: anonymous). */
export async function adminCall(
  server: TestServer,
  client: TipchatClient | null,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<AdminAnswer> {
  const token = client?.tokens?.accessToken;
  const response = await fetch(`${server.url}/api/v1/admin/provider-events${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

/** The reviews the admin API lists (open by default), newest first. */
export async function listedReviews(server: TestServer, admin: TipchatClient, status: 'open' | 'resolved' = 'open') {
  const answer = await adminCall(server, admin, 'GET', `?status=${status}&limit=500`);
  expect(answer.status).toBe(200);
  return (answer.body as { reviews: ProviderEventReview[] }).reviews;
}

/** The open reviews of one tip, as the admin API lists them. */
export async function reviewsOfTip(server: TestServer, admin: TipchatClient, tipId: string): Promise<ProviderEventReview[]> {
  return (await listedReviews(server, admin)).filter((review) => review.tipId === tipId);
}
