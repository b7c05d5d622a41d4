/**
 * The realtime API is typed by the protocol's event maps. `tsc -p packages/sdk` checks this file:
 * each `@ts-expect-error` fails the type check if the wrong code below it ever compiles.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ChannelConnection,
  type ChannelEvent,
  type ChatMessage,
  type ChatSendResult,
  createClient,
  type ReadyInfo,
  type TipchatSocket,
} from '../src/index';

const connection = createClient({ baseUrl: 'http://127.0.0.1:1' }).realtime('some-channel');

/** Compiled, never called: these lines would talk to a server. */
export function wrongPayloadsDoNotCompile(c: ChannelConnection, socket: TipchatSocket): void {
  c.on('chat.message', (e) => e.data.text);
  // @ts-expect-error a chat.message carries a ChatMessage, which has no messageIds
  c.on('chat.message', (e) => e.data.messageIds);
  c.on('chat.messages_removed', (e) => e.data.messageIds);
  // @ts-expect-error not an event type of the protocol
  c.on('chat.mesage', () => {});
  // @ts-expect-error the handler gets a chat.pinned event, whose data is { message }
  c.on('chat.pinned', (e: { data: { messageId: string } }) => e.data.messageId);

  void c.chat.send('hello');
  // @ts-expect-error chat.send takes the text itself
  void c.chat.send({ text: 'hello' });

  socket.emit('chat:send', { text: 'hello' }, (result) => result.ok);
  socket.timeout(1000).emit('chat:send', { text: 'hello' }, (_error, result) => {
    expectTypeOf(result).toEqualTypeOf<ChatSendResult>();
    // @ts-expect-error the message is there only once `ok` says so
    void result.message;
  });
  // @ts-expect-error the body is { text }
  socket.emit('chat:send', { txt: 'hello' }, () => {});
  // @ts-expect-error the text is a string
  socket.emit('chat:send', { text: 42 }, () => {});
  // @ts-expect-error clients cannot emit server events
  socket.emit('ready', { lastSeq: 0, role: 'viewer', viewerId: null });
}

describe('realtime types', () => {
  it('narrows each handler to its event type and payload', () => {
    connection.on('chat.message', (event) => {
      expectTypeOf(event.type).toEqualTypeOf<'chat.message'>();
      expectTypeOf(event.data).toEqualTypeOf<ChatMessage>();
    });
    connection.on('viewer.banned', (event) => {
      expectTypeOf(event.data).toEqualTypeOf<{ viewerId: string; displayName: string; expiresAt: string | null }>();
    });
    connection.onAny((event) => {
      expectTypeOf(event).toEqualTypeOf<ChannelEvent>();
      if (event.type === 'chat.unpinned') expectTypeOf(event.data).toEqualTypeOf<{ messageId: string }>();
    });
  });

  it('resolves sends to the stored message and connects to the ready info', () => {
    expectTypeOf(connection.chat.send).returns.resolves.toEqualTypeOf<ChatMessage>();
    expectTypeOf(connection.connect).returns.resolves.toEqualTypeOf<ReadyInfo>();
    expectTypeOf<ReadyInfo['role']>().toEqualTypeOf<'anonymous' | 'viewer' | 'moderator' | 'streamer' | 'overlay' | 'api'>();
  });
});
