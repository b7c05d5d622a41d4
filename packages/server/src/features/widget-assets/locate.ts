import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the built widget scripts are: WIDGET_DIST_DIR when set, else the widget package's dist
 * beside the server package — `packages/widget/dist` in this repository, and
 * `node_modules/@tipchat/widget/dist` when both packages are installed from npm. The server
 * does not depend on the widget package (the widget's tests depend on the server), so it looks
 * for the folder instead of importing it.
 */
export function widgetDistDir(configured: string | undefined): string {
  if (configured) return resolve(configured);
  return join(serverPackageRoot(), '..', 'widget', 'dist');
}

/**
 * The server package's folder, found by walking up from this module: it runs from src/ (tests,
 * tsx) and bundled into dist/ (the CLI), at different depths.
 */
function serverPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === '@tipchat/server') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('widget assets: cannot find the @tipchat/server package folder above this module');
    dir = parent;
  }
}

function readPackageName(manifest: string): unknown {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}
