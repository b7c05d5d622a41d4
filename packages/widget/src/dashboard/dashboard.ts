/** Registers `<tipchat-dashboard>` and the elements its views are made of. */
import { define } from '../internal/define';
import { TipchatDashboard } from './dashboard.component';
import { DashboardDialog } from './dialog';
import { AdminAccounts } from './parts/admin-accounts';
import { AdminAudit } from './parts/admin-audit';
import { AdminFee } from './parts/admin-fee';
import { AdminInvites } from './parts/admin-invites';
import { AdminRefund } from './parts/admin-refund';
import { AdminReviews } from './parts/admin-reviews';
import { AdminTotals } from './parts/admin-totals';
import { AlertControls } from './parts/alert-controls';
import { AlertDesigner } from './parts/alert-designer';
import { ChatModerationLog } from './parts/chat-moderation-log';
import { CopyField } from './parts/copy-field';
import { EarnBalances } from './parts/earn-balances';
import { EarnBeneficiaries } from './parts/earn-beneficiaries';
import { EarnChart } from './parts/earn-chart';
import { EarnPayouts } from './parts/earn-payouts';
import { EarnSchedule, EarnStripe } from './parts/earn-stripe';
import { ModAudit } from './parts/mod-audit';
import { ModBans } from './parts/mod-bans';
import { ModModerators } from './parts/mod-moderators';
import { ModSettings } from './parts/mod-settings';
import { ModTerms } from './parts/mod-terms';
import { SettingsAlerts } from './parts/settings-alerts';
import { SettingsChannel } from './parts/settings-channel';
import { SettingsGoal } from './parts/settings-goal';
import { SettingsSpeech } from './parts/settings-speech';
import { SettingsTiers } from './parts/settings-tiers';
import { TipFeed } from './parts/tip-feed';
import { TipRow } from './parts/tip-row';
import { AdminView } from './views/admin';
import { ChatView } from './views/chat';
import { EarningsView } from './views/earnings';
import { EmbedView } from './views/embed';
import { ForgotView } from './views/forgot';
import { LoginView } from './views/login';
import { OverviewView } from './views/overview';
import { ProfileView } from './views/profile';
import { RegisterView } from './views/register';
import { ResendView } from './views/resend';
import { ResetView } from './views/reset';
import { SettingsView } from './views/settings';
import { SetupView } from './views/setup';
import { StreamView } from './views/stream';
import { TipsView } from './views/tips';
import { VerifyView } from './views/verify';

const ELEMENTS: readonly [string, CustomElementConstructor][] = [
  ['tipchat-dash-dialog', DashboardDialog],
  ['tipchat-dash-login', LoginView],
  ['tipchat-dash-register', RegisterView],
  ['tipchat-dash-verify', VerifyView],
  ['tipchat-dash-resend', ResendView],
  ['tipchat-dash-forgot', ForgotView],
  ['tipchat-dash-reset', ResetView],
  ['tipchat-dash-profile', ProfileView],
  ['tipchat-dash-setup', SetupView],
  ['tipchat-dash-overview', OverviewView],
  ['tipchat-dash-stream', StreamView],
  ['tipchat-dash-tips', TipsView],
  ['tipchat-dash-chat', ChatView],
  ['tipchat-dash-settings', SettingsView],
  ['tipchat-dash-embed', EmbedView],
  ['tipchat-dash-earnings', EarningsView],
  ['tipchat-dash-tip', TipRow],
  ['tipchat-dash-tip-feed', TipFeed],
  ['tipchat-dash-alert-controls', AlertControls],
  ['tipchat-dash-chat-log', ChatModerationLog],
  ['tipchat-dash-mod-bans', ModBans],
  ['tipchat-dash-mod-moderators', ModModerators],
  ['tipchat-dash-mod-terms', ModTerms],
  ['tipchat-dash-mod-settings', ModSettings],
  ['tipchat-dash-mod-audit', ModAudit],
  ['tipchat-dash-settings-channel', SettingsChannel],
  ['tipchat-dash-settings-tiers', SettingsTiers],
  ['tipchat-dash-settings-goal', SettingsGoal],
  ['tipchat-dash-settings-alerts', SettingsAlerts],
  ['tipchat-dash-settings-speech', SettingsSpeech],
  ['tipchat-dash-alert-designer', AlertDesigner],
  ['tipchat-dash-copy', CopyField],
  ['tipchat-dash-balances', EarnBalances],
  ['tipchat-dash-earn-chart', EarnChart],
  ['tipchat-dash-earn-beneficiaries', EarnBeneficiaries],
  ['tipchat-dash-earn-payouts', EarnPayouts],
  ['tipchat-dash-earn-stripe', EarnStripe],
  ['tipchat-dash-earn-schedule', EarnSchedule],
  ['tipchat-dash-admin', AdminView],
  ['tipchat-dash-admin-accounts', AdminAccounts],
  ['tipchat-dash-admin-totals', AdminTotals],
  ['tipchat-dash-admin-fee', AdminFee],
  ['tipchat-dash-admin-reviews', AdminReviews],
  ['tipchat-dash-admin-refund', AdminRefund],
  ['tipchat-dash-admin-invites', AdminInvites],
  ['tipchat-dash-admin-audit', AdminAudit],
];

// The parts first: the shell renders views at once, and their elements should upgrade as they appear.
for (const [tag, element] of ELEMENTS) define(tag, element);
define('tipchat-dashboard', TipchatDashboard);

export { TipchatDashboard };
