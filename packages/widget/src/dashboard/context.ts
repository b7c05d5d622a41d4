import { createContext } from '@lit/context';
import type { DashboardApp } from './app';

/**
 * The dashboard's app, provided by `<tipchat-dashboard>` to every view and part rendered inside
 * it, however deep, so no element has to pass it on by hand. A new app (the `server` or `base`
 * attribute changed) reaches them all.
 */
export const appContext = createContext<DashboardApp>(Symbol('tipchat-dashboard-app'));
