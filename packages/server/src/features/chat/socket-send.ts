import { chatSendPayloadSchema } from '@tipchat/sdk/protocol';
import { AppError } from '../../errors';
import type { SocketHandlers } from '../../realtime/socket-handlers';
import type { FeatureDeps } from '../deps';
import type { ChatService } from './service';

/** Chat over the socket: `chat:send` goes through the same `send` as the REST route. */
export function registerChatSocketHandlers(handlers: SocketHandlers, deps: FeatureDeps, chat: ChatService): void {
  handlers.on('chat:send', async ({ channel, token, ip }, body) => {
    const parsed = chatSendPayloadSchema.safeParse(body);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', 'Send { text } with 1 to 2000 characters (and clientMessageId: 1 to 255 printable ASCII)');
    }
    // Roles change while a socket is open (joined the chat, appointed, banned): look again.
    const actor = await deps.access.actor(channel, token);
    // clientMessageId is the send's idempotency key: a resend after a lost ack answers with the first message.
    const { text, clientMessageId } = parsed.data;
    return { message: await chat.send(channel, actor, text, ip, clientMessageId) };
  });
}
