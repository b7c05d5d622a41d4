import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SCRIPT_FILES } from './asset';
import { WIDGET_PREFIX } from './routes';

/** The scripts a person pastes somewhere; the dashboard's is loaded by its own page. */
const LABELS: Partial<Record<(typeof SCRIPT_FILES)[number], string>> = {
  'tipchat.js': 'Widget script ',
  'tipchat-overlay.js': 'Overlay script',
};

/** The start banner's widget lines: the script URLs, or how to build them when they are missing. */
export function widgetBannerLines(publicUrl: string, distDir: string): string[] {
  const built = SCRIPT_FILES.filter((file) => LABELS[file] !== undefined && existsSync(join(distDir, file)));
  if (built.length === 0) {
    return [`  Widget scripts not built (looked in ${distDir});`, '                 build them with: pnpm --filter @tipchat/widget build'];
  }
  return [
    ...built.map((file) => `  ${LABELS[file]} ${publicUrl}${WIDGET_PREFIX}/${file}`),
    `  SRI hashes     ${publicUrl}${WIDGET_PREFIX}/integrity.json`,
  ];
}
