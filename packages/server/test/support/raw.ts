import { randomBytes } from 'node:crypto';
import type { TipchatClient } from '@tipchat/sdk';
import { ERROR_CODES, type ErrorCode, errorBodySchema, type FieldIssue } from '@tipchat/sdk/protocol';
import { decodeJwt, SignJWT } from 'jose';
import { expect } from 'vitest';
import type { TestServer } from './server';

/** A request the typed SDK would not let us send: any method, header, content type or body. */
export interface RawRequest {
  method: string;
  path: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** The whole Authorization header, for malformed schemes. */
  authorization?: string;
  /** Serialised with JSON.stringify and sent as application/json. */
  json?: unknown;
  /** Sent as is, with `contentType` (or none: fetch then says text/plain). */
  body?: string;
  contentType?: string;
}

export interface RawResponse {
  status: number;
  contentType: string | null;
  text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  body: unknown;
}

export async function send(server: TestServer, request: RawRequest): Promise<RawResponse> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const authorization = request.authorization ?? (request.token === undefined ? undefined : `Bearer ${request.token}`);
  if (authorization !== undefined) headers.authorization = authorization;
  let body: string | undefined = request.body;
  if (request.json !== undefined) {
    body = JSON.stringify(request.json);
    headers['content-type'] = 'application/json';
  }
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  const response = await fetch(`${server.url}${request.path}`, {
    method: request.method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  return read(response);
}

async function read(response: Response): Promise<RawResponse> {
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type'), text, body: parsed };
}

/** Frames of a stack trace, file:line:column references or a `stack` key. */
const STACK_TRACE = /\n\s+at\s|\bat\s+\S+\s+\(|\.(?:[cm]?js|ts):\d+:\d+|"stack"\s*:/;

/**
 * Asserts the standard error shape `{ error: { code, message, details? } }` — nothing else at the
 * top level, a known code, a non-empty message, no stack trace — and returns the error.
 */
export function expectError(
  response: RawResponse,
  status: number,
  code: ErrorCode,
): { code: ErrorCode; message: string; details?: unknown } {
  const error = (response.body as { error?: { code: ErrorCode; message: string; details?: unknown } } | undefined)?.error;
  expect({ status: response.status, code: error?.code }, response.text).toEqual({ status, code });
  expectStandardShape(response);
  return error as { code: ErrorCode; message: string; details?: unknown };
}

/** The shape alone, for answers whose exact status is the server's choice (404 or 405). */
export function expectStandardShape(response: RawResponse): void {
  expect(response.contentType ?? '', response.text).toMatch(/^application\/json\b/);
  expect(response.body, response.text).toBeTypeOf('object');
  expect(Object.keys(response.body as object)).toEqual(['error']);
  const parsed = errorBodySchema.safeParse(response.body);
  expect(parsed.success, response.text).toBe(true);
  const error = (response.body as { error: Record<string, unknown> }).error;
  for (const key of Object.keys(error)) expect(['code', 'message', 'details']).toContain(key);
  // The code and the status travel together, as the protocol's registry says.
  expect(ERROR_CODES[error.code as ErrorCode], response.text).toBe(response.status);
  expect(error.message).toBeTypeOf('string');
  expect((error.message as string).length).toBeGreaterThan(0);
  expect(response.text).not.toMatch(STACK_TRACE);
}

/**
 * Asserts a 400 VALIDATION_FAILED whose details name every one of `paths` (e.g. `body.theme.textColor`);
 * `mentions` must appear in the message of an issue at the first path (unknown keys name the key).
 */
export function expectValidation(response: RawResponse, paths: readonly string[], mentions?: string): FieldIssue[] {
  const error = expectError(response, 400, 'VALIDATION_FAILED');
  const details = error.details as FieldIssue[];
  expect(Array.isArray(details), response.text).toBe(true);
  for (const issue of details) {
    expect(issue.path).toBeTypeOf('string');
    expect(issue.message).toBeTypeOf('string');
  }
  const named = details.map((issue) => issue.path);
  for (const path of paths) expect(named, response.text).toContain(path);
  if (mentions !== undefined) {
    const messages = details.filter((issue) => issue.path === paths[0]).map((issue) => issue.message);
    expect(messages.join(' / '), response.text).toContain(mentions);
  }
  return details;
}

const TABLES = ['users', 'email_tokens', 'auth_sessions', 'refresh_tokens', 'channels', 'streams'] as const;

/**
 * Everything a request could have written: each table's row count and a digest of its full
 * contents (so an updated row shows up, not only an inserted one), and how many mails were sent.
 */
export async function storedState(server: TestServer): Promise<Record<string, string | number>> {
  await settled(server);
  const state: Record<string, string | number> = {};
  for (const table of TABLES) {
    const [row] = await server.app.sql.unsafe<{ rows: number; digest: string }[]>(
      `select count(*)::int as rows, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as digest from ${table} t`,
    );
    state[table] = `${row?.rows} rows, ${row?.digest}`;
  }
  // Mail leaves through the queue after its request: deliver what earlier requests queued before counting.
  await server.app.mailQueue.flush();
  state.mailsSent = server.app.outbox?.list()[0]?.id ?? 0;
  return state;
}

/**
 * Waits for what committed changes set off after their commit — the relay publishing their events,
 * and the leaderboard pushes those wake (whose own events the relay then publishes) — so that a
 * before/after comparison sees only what the request in between wrote.
 */
export async function settled(server: TestServer): Promise<void> {
  await server.app.relay.idle();
  await server.app.services.leaderboards.flush();
  await server.app.relay.idle();
}

/**
 * Runs the action, asserts that nothing at all was stored or mailed because of it (rejected input
 * must never leave a partial write behind), and returns what it threw — or its result.
 */
export async function attemptWithoutWrites(server: TestServer, what: string, action: () => Promise<unknown>): Promise<unknown> {
  const before = await storedState(server);
  const outcome = await action().catch((error: unknown) => error);
  expect(await storedState(server), `${what} changed stored state`).toEqual(before);
  return outcome;
}

/** `send`, asserting that the request changed nothing that is stored or mailed. */
export async function sendWithoutWrites(server: TestServer, request: RawRequest): Promise<RawResponse> {
  const before = await storedState(server);
  const response = await send(server, request);
  const after = await storedState(server);
  expect(after, `${request.method} ${request.path} answered ${response.status} ${response.text} and changed stored state`).toEqual(before);
  return response;
}

/** An SDK client whose raw responses are kept, so well-formed calls can still be checked for the error shape. */
export function recordingClient(server: TestServer, token?: string): { client: TipchatClient; last: () => RawResponse } {
  const responses: RawResponse[] = [];
  const client = server.client({
    ...(token === undefined ? {} : { token }),
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      responses.push(await read(response.clone()));
      return response;
    },
  });
  return {
    client,
    last: () => {
      const response = responses.at(-1);
      if (!response) throw new Error('the client sent nothing');
      return response;
    },
  };
}

/** Access tokens an attacker could make from a genuine one: none of them may be accepted. */
export async function forgedTokens(genuine: string): Promise<{ tampered: string; foreignKey: string; unsigned: string }> {
  const [header, , signature] = genuine.split('.');
  const claims = decodeJwt(genuine);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  // Same signature, payload edited: a later expiry and a role the token never had.
  const tampered = `${header}.${encode({ ...claims, exp: (claims.exp ?? 0) + 365 * 24 * 3600, role: 'admin' })}.${signature}`;
  const foreignKey = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(randomBytes(48));
  const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
  return { tampered, foreignKey, unsigned };
}
