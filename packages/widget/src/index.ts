export { TipchatAlerts } from './elements/alerts/alerts.component';
export { TipchatChatOverlay } from './elements/chat-overlay/chat-overlay.component';
export { TipchatGoal } from './elements/goal/goal.component';
export { TipchatLeaderboard } from './elements/leaderboard/leaderboard.component';
export { TipchatWidget, type WidgetState } from './elements/widget/widget.component';
