import { define } from '../../internal/define';
import { TipchatAlerts } from './alerts.component';

export { TipchatAlerts };

define('tipchat-alerts', TipchatAlerts);

declare global {
  interface HTMLElementTagNameMap {
    'tipchat-alerts': TipchatAlerts;
  }
}
