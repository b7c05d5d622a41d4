import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The repo's dependency rules (.dependency-cruiser.cjs, run by `pnpm lint`), run through
 * dependency-cruiser's API: over a scratch tree of tiny modules with one bad import per rule,
 * and over the real server source.
 */

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** The scratch tree: paths as in the repo, so the rules' paths match. One line of TypeScript each. */
const FIXTURE: Record<string, string> = {
  'packages/server/src/features/chat/service.ts': 'export const send = (text: string) => text;\nexport type Sender = string;\n',
  // Transport reaching up into a feature, once for a value and once only for a type.
  'packages/server/src/realtime/gateway.ts': "import { send } from '../features/chat/service';\nexport const relay = send;\n",
  'packages/server/src/realtime/types.ts': "import type { Sender } from '../features/chat/service';\nexport type Who = Sender;\n",
  // A module cycle between two features.
  'packages/server/src/features/alerts/queue.ts': "import { paid } from '../tips/effects';\nexport const queue = () => paid;\n",
  'packages/server/src/features/tips/effects.ts':
    "import { queue } from '../alerts/queue';\nexport const paid = 1;\nexport const q = queue;\n",
  // Two folders importing each other through different modules: no module cycle, a folder one.
  'packages/server/src/features/auth/guard.ts': "import { profile } from '../users/profile';\nexport const guard = profile;\n",
  'packages/server/src/features/users/profile.ts': 'export const profile = 1;\n',
  'packages/server/src/features/users/routes.ts': "import { rows } from '../auth/rows';\nexport const routes = rows;\n",
  'packages/server/src/features/auth/rows.ts': 'export const rows = 1;\n',
  // Provider code: interfaces below implementations, implementations picked only by a feature's assemble.ts.
  'packages/server/src/integrations/stripe/client.ts': 'export const stripe = 1;\n',
  'packages/server/src/providers/payment-provider.ts':
    "import { stripe } from '../integrations/stripe/client';\nexport const provider = stripe;\n",
  'packages/server/src/features/payments/service.ts':
    "import { stripe } from '../../integrations/stripe/client';\nexport const pay = stripe;\n",
  'packages/server/src/features/payments/assemble.ts':
    "import { stripe } from '../../integrations/stripe/client';\nexport const build = stripe;\n",
  // The packages' order: the sdk at the bottom, the widget and the server on it.
  'packages/sdk/src/client.ts': "import { widget } from '../../widget/src/index';\nexport const client = widget;\n",
  'packages/widget/src/index.ts': "import { app } from '../../server/src/app';\nexport const widget = app;\n",
  'packages/server/src/app.ts': 'export const app = 1;\n',
};

let options: ICruiseOptions;
let scratch: string;

async function violationsIn(baseDir: string, paths: string[]): Promise<{ rule: string; from: string; to: string }[]> {
  const { output } = await cruise(paths, { ...options, baseDir });
  if (typeof output === 'string') throw new Error('dependency-cruiser answered with text, not a result');
  return (output as ICruiseResult).summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

beforeAll(async () => {
  options = await extractDepcruiseOptions(join(repoRoot, '.dependency-cruiser.cjs'));
  scratch = await mkdtemp(join(tmpdir(), 'tipchat-layering-'));
  for (const [path, text] of Object.entries(FIXTURE)) {
    await mkdir(dirname(join(scratch, path)), { recursive: true });
    await writeFile(join(scratch, path), text);
  }
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the dependency rules', () => {
  it('refuse each bad import of the scratch tree, under the rule it breaks, and nothing else', async () => {
    const found = await violationsIn(scratch, ['packages']);
    const sorted = (list: { rule: string; from: string; to: string }[]) =>
      [...list].sort((a, b) => `${a.rule} ${a.from} ${a.to}`.localeCompare(`${b.rule} ${b.from} ${b.to}`));
    expect(sorted(found)).toEqual(
      sorted([
        {
          rule: 'lower-layers-not-to-features',
          from: 'packages/server/src/realtime/gateway.ts',
          to: 'packages/server/src/features/chat/service.ts',
        },
        // A type-only import is a dependency too.
        {
          rule: 'lower-layers-not-to-features',
          from: 'packages/server/src/realtime/types.ts',
          to: 'packages/server/src/features/chat/service.ts',
        },
        // A cycle is reported once, not at each of its modules.
        { rule: 'no-circular', from: 'packages/server/src/features/alerts/queue.ts', to: 'packages/server/src/features/tips/effects.ts' },
        { rule: 'no-folder-cycles', from: 'packages/server/src/features/alerts', to: 'packages/server/src/features/tips' },
        { rule: 'no-folder-cycles', from: 'packages/server/src/features/tips', to: 'packages/server/src/features/alerts' },
        { rule: 'no-folder-cycles', from: 'packages/server/src/features/auth', to: 'packages/server/src/features/users' },
        { rule: 'no-folder-cycles', from: 'packages/server/src/features/users', to: 'packages/server/src/features/auth' },
        {
          rule: 'providers-not-to-integrations',
          from: 'packages/server/src/providers/payment-provider.ts',
          to: 'packages/server/src/integrations/stripe/client.ts',
        },
        // service.ts is refused; assemble.ts, the feature's composition file, is not.
        {
          rule: 'features-not-to-integrations',
          from: 'packages/server/src/features/payments/service.ts',
          to: 'packages/server/src/integrations/stripe/client.ts',
        },
        { rule: 'sdk-not-to-widget-or-server', from: 'packages/sdk/src/client.ts', to: 'packages/widget/src/index.ts' },
        { rule: 'widget-not-to-server', from: 'packages/widget/src/index.ts', to: 'packages/server/src/app.ts' },
      ]),
    );
  });

  it('find nothing wrong in the real server source', async () => {
    expect(await violationsIn(repoRoot, ['packages/server/src'])).toEqual([]);
  });
});
