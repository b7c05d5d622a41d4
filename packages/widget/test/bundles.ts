import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '@tipchat/server';
import { inject } from 'vitest';
import { pgliteTemplate } from '../../server/test/support/database';

/** The run's built script tags (test/global-setup.ts builds them once) and its migrated template database. */

/** The folder holding tipchat.js, tipchat-overlay.js and tipchat-dashboard.js, for a server's WIDGET_DIST_DIR. */
export const widgetDist = (): string => inject('widgetDist');

const read = (file: string) => readFile(join(widgetDist(), file), 'utf8');

/** `<tipchat-widget>`'s script tag, minified as shipped. */
export const viewerBundle = (): Promise<string> => read('tipchat.js');
/** The overlays' script tag. */
export const overlayBundle = (): Promise<string> => read('tipchat-overlay.js');
/** The dashboard's script tag. */
export const dashboardBundle = (): Promise<string> => read('tipchat-dashboard.js');

/** An in-memory embedded database starts as a copy of the run's migrated template; anything else is left as it is. */
export async function fromTemplate(config: Config): Promise<Config> {
  if (config.database.kind !== 'embedded' || !config.database.dataDir.startsWith('memory://')) return config;
  return { ...config, database: { ...config.database, startFrom: await pgliteTemplate() } };
}
