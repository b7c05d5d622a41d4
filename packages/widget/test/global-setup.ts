import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RollupOptions, rollup } from 'rollup';
import type { TestProject } from 'vitest/node';
import { createPgliteTemplate } from '../../server/test/support/template-database';
import { dashboardScriptTag, overlayScriptTag, scriptTag } from '../rollup.config.mjs';

/**
 * Vitest global setup for the browser tests, once per run: the three script-tag bundles exactly as `rollup -c`
 * builds them (each build takes seconds, and ten files used to rebuild them), and the server suites' migrated
 * template database, which every embedded server the tests start copies.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder laid out like the package's dist/: tipchat.js, tipchat-overlay.js, tipchat-dashboard.js. */
    widgetDist: string;
  }
}

type IifeOptions = RollupOptions & { output: NonNullable<RollupOptions['output']> };

async function buildIife(options: IifeOptions | null, name: string): Promise<string> {
  if (!options) throw new Error(`rollup.config.mjs has no ${name} script`);
  const bundle = await rollup(options);
  try {
    const output = Array.isArray(options.output) ? options.output[0] : options.output;
    const { output: chunks } = await bundle.generate(output ?? {});
    return chunks[0].code;
  } finally {
    await bundle.close();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dist = await mkdtemp(join(tmpdir(), 'tipchat-widget-dist-'));
  // One after the other: two rollup builds at once would fight over a 2-core machine.
  await writeFile(join(dist, 'tipchat.js'), await buildIife(scriptTag, 'viewer'));
  await writeFile(join(dist, 'tipchat-overlay.js'), await buildIife(overlayScriptTag, 'overlay'));
  await writeFile(join(dist, 'tipchat-dashboard.js'), await buildIife(dashboardScriptTag, 'dashboard'));
  project.provide('widgetDist', dist);
  // The browser tests' servers are embedded, whatever DATABASE_URL says.
  const template = await createPgliteTemplate();
  project.provide('pgliteTemplate', template.file);
  return async () => {
    await template.drop();
    await rm(dist, { recursive: true, force: true });
  };
}
