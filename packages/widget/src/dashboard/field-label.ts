import type { Locale } from '../i18n/translate';
import { translate } from '../i18n/translate';
import { type DashboardKey, dashboardCatalogs } from './strings/catalogs';

/** The form label of each field the API names in its refusals (`body.slug` is the "Channel address" field). */
const LABELS: Readonly<Record<string, DashboardKey>> = {
  slug: 'setup.slug',
  displayName: 'common.displayName',
  email: 'common.email',
  password: 'common.password',
  newPassword: 'common.password',
  currentPassword: 'profile.currentPassword',
  currency: 'setup.currency',
  description: 'settings.description',
  avatarUrl: 'settings.avatar',
  bannerUrl: 'settings.banner',
  links: 'settings.links',
  minTip: 'settings.minTip',
  maxTip: 'settings.maxTip',
  tipPresets: 'settings.presets',
  primaryColor: 'settings.primaryColor',
  backgroundColor: 'settings.backgroundColor',
  textColor: 'settings.textColor',
  title: 'goal.titleLabel',
  target: 'goal.target',
  deadline: 'goal.deadline',
};

/**
 * What a streamer calls the field an API path names: its form label when the dashboard has one
 * (without the "(INR)" a label may carry), else the field's name in words ("maxMessageLength" →
 * "Max message length"). Paths are like `body.slug` or `body.tiers.1.maxMessageLength`.
 */
export function fieldLabel(path: string, locale: Locale): string {
  const name = path
    .split('.')
    .filter((part) => !/^(body|query|querystring|params|\d+)$/.test(part))
    .at(-1);
  if (!name) return '';
  const key = LABELS[name];
  if (key) return translate(dashboardCatalogs, locale, key).replace(/\s*\(\{\w+\}\)/, '');
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
