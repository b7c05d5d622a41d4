import type { ChannelEvent, ClientToServerEvents, ServerToClientEvents } from '@tipchat/sdk/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterEach } from 'vitest';
import { WebSocket } from 'ws';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Waits until `check` passes, polling; fails with the last assertion error after `ms`. The default is as generous as
 * vitest.config.ts's expect.poll: a wait is not a timing assertion, and a loaded 2-core CI machine needs room.
 */
export async function eventually(check: () => void | Promise<void>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/**
 * Where a test puts the connections it opens: each is closed after the test, so none lives on to receive the next
 * test's events or hold its channel open.
 */
export function closedAfterEach<T extends { close(): void }>(): T[] {
  const open: T[] = [];
  afterEach(() => {
    for (const connection of open.splice(0)) connection.close();
  });
  return open;
}

/** A raw socket.io client that records every event it receives. */
export async function connectSocket(url: string, channel: string, token?: string) {
  const events: ChannelEvent[] = [];
  const socket: TestSocket = io(url, {
    transports: ['websocket'],
    auth: token ? { channel, token } : { channel },
    reconnection: false,
    forceNew: true,
  });
  socket.on('event', (event) => events.push(event));
  const ready = await new Promise<Parameters<ServerToClientEvents['ready']>[0]>((resolve, reject) => {
    socket.once('ready', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, events, ready, close: () => socket.close() };
}

/** The error a handshake is refused with (`err.data` carries our code). */
export function handshakeError(url: string, channel: string, token?: string): Promise<{ message: string; data?: { code: string } }> {
  const socket: TestSocket = io(url, {
    transports: ['websocket'],
    auth: token ? { channel, token } : { channel },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, but should have been refused')));
    socket.once('connect_error', (error) => {
      socket.close();
      resolve(error as Error & { data?: { code: string } });
    });
  });
}

/** A plain-WebSocket feed client that records parsed events. */
export async function connectFeed(url: string, path: string) {
  const events: ChannelEvent[] = [];
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}${path}`);
  socket.on('message', (data) => events.push(JSON.parse(String(data)) as ChannelEvent));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, events, close: () => socket.close() };
}

/** The HTTP status a refused WebSocket upgrade answered with. */
export function feedRefusal(url: string, path: string): Promise<number> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}${path}`);
  return new Promise((resolve, reject) => {
    socket.once('open', () => reject(new Error('upgraded, but should have been refused')));
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', () => {});
  });
}
