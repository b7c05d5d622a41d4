import type { Catalogs } from '../../i18n/translate';
import { type DashboardKey, en } from './en';
import { hi } from './hi';

export type { DashboardKey };

/** The dashboard's own catalogs: the viewer and overlay bundles carry none of these strings. */
export const dashboardCatalogs: Catalogs<DashboardKey> = { en, hi };
