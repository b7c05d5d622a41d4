import type { ChatMessage } from '@tipchat/sdk/protocol';
import { AppError } from '../../errors';
import type { Actor } from '../access/actor';
import type { ChannelInfo } from '../access/channel-access';
import type { FeatureDeps } from '../deps';

/** STUB — the chat work fills this in. */
export class ChatService {
  constructor(readonly deps: FeatureDeps) {}

  async send(_channel: ChannelInfo, _actor: Actor, _text: string, _ip: string): Promise<ChatMessage> {
    throw new AppError('CHAT_DISABLED', 'Chat is not built yet');
  }
}
