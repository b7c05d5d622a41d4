/**
 * Helpers for the idempotency suites: raw POSTs with an Idempotency-Key header (and a chosen
 * client address, so flood and rate limits of one test do not leak into another), and counts.
 */
import type { RawResponse } from '../support/raw';
import type { TestServer } from '../support/server';

/** Limits high enough that only the limits a test is about can refuse it. */
export const IDEMPOTENCY_SERVER_ENV = {
  TRUST_PROXY: 'true',
  TIP_RATE_LIMIT_IP: '100000',
  TIP_RATE_LIMIT_DEVICE: '100000',
  JOIN_RATE_LIMIT_IP: '100000',
  JOIN_RATE_LIMIT_DEVICE: '100000',
};

export interface KeyedCall {
  token?: string | undefined;
  ip?: string | undefined;
  key?: string | undefined;
  json: unknown;
}

export interface KeyedResponse extends RawResponse {
  retryAfter: string | null;
}

export async function post(server: TestServer, path: string, call: KeyedCall): Promise<KeyedResponse> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
  if (call.token !== undefined) headers.authorization = `Bearer ${call.token}`;
  if (call.ip !== undefined) headers['x-forwarded-for'] = call.ip;
  if (call.key !== undefined) headers['idempotency-key'] = call.key;
  const response = await fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(call.json) });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text,
    body,
    retryAfter: response.headers.get('retry-after'),
  };
}

export async function messageCount(server: TestServer, viewerId: string): Promise<number> {
  const [row] = await server.app.sql<{ n: number }[]>`select count(*)::int as n from chat_messages where viewer_id = ${viewerId}`;
  return row?.n ?? 0;
}

export async function chatEventCount(server: TestServer, channelId: string): Promise<number> {
  const [row] = await server.app.sql<{ n: number }[]>`
    select count(*)::int as n from channel_events where channel_id = ${channelId} and type = 'chat.message'`;
  return row?.n ?? 0;
}

export async function tipCount(server: TestServer, channelId: string): Promise<number> {
  const [row] = await server.app.sql<{ n: number }[]>`select count(*)::int as n from tips where channel_id = ${channelId}`;
  return row?.n ?? 0;
}
