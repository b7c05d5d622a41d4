import { define } from '../../internal/define';
import { TipchatChatOverlay } from './chat-overlay.component';

export { TipchatChatOverlay };

define('tipchat-chat-overlay', TipchatChatOverlay);

declare global {
  interface HTMLElementTagNameMap {
    'tipchat-chat-overlay': TipchatChatOverlay;
  }
}
