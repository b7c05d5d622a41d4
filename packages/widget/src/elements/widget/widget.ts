import { define } from '../../internal/define';
import { TipchatWidget } from './widget.component';

export type { WidgetState } from './widget.component';
export { TipchatWidget };

define('tipchat-widget', TipchatWidget);

declare global {
  interface HTMLElementTagNameMap {
    'tipchat-widget': TipchatWidget;
  }
}
