import { define } from '../../internal/define';
import { TipchatGoal } from './goal.component';

export { TipchatGoal };

define('tipchat-goal', TipchatGoal);

declare global {
  interface HTMLElementTagNameMap {
    'tipchat-goal': TipchatGoal;
  }
}
