import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** A file the widget package exports from its dist folder (see its package.json `exports`). */
const BUILT_SCRIPT = '@tipchat/widget/tipchat.js';
const MANIFEST = '@tipchat/widget/package.json';

/**
 * Where the built widget scripts are: WIDGET_DIST_DIR when set, else the dist folder of the
 * `@tipchat/widget` package this server depends on, found by package resolution from this module.
 * Resolution, not a path beside the server package: npm, pnpm (whose store puts each package in a
 * folder of its own), npx and a bundled server each lay packages out differently, and only Node's
 * resolver knows where the dependency is. In this repository it is packages/widget (a workspace
 * link).
 */
export function widgetDistDir(configured: string | undefined): string {
  if (configured) return resolve(configured);
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve(BUILT_SCRIPT));
  } catch {
    // Installed but not built (a repository checkout before its first build): the folder the build will write, so
    // the banner and the 404 can say where they looked.
  }
  try {
    return join(dirname(require.resolve(MANIFEST)), 'dist');
  } catch {
    throw new Error(
      'widget assets: the @tipchat/widget package cannot be found from @tipchat/server; install it beside the server, or set WIDGET_DIST_DIR to a built dist folder',
    );
  }
}
