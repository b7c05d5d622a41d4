import { define } from '../../internal/define';
import { TipchatLeaderboard } from './leaderboard.component';

export { TipchatLeaderboard };

define('tipchat-leaderboard', TipchatLeaderboard);

declare global {
  interface HTMLElementTagNameMap {
    'tipchat-leaderboard': TipchatLeaderboard;
  }
}
