/**
 * Which code may import which. `pnpm lint` checks every package's src with it (`pnpm lint:deps`);
 * packages/server/src/README.md says the same in prose, and packages/server/test/layering.test.ts
 * proves each rule refuses a bad import.
 */
const server = '^packages/server/src/';
/** Below the features: infrastructure and provider code that features build on, never the other way round. */
const lowerLayers = ['realtime', 'db', 'ledger', 'limits', 'mail', 'metrics', 'text', 'providers', 'integrations', 'plugins'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module cycle makes load order matter and ties every module in it to all the others; type-only imports count.',
      from: { path: '^packages/(sdk|server)/src/' },
      to: { circular: true },
    },
    {
      name: 'no-circular-runtime',
      severity: 'error',
      comment:
        "The widget's views name their host component's type (`import type`, erased at build), so only cycles of runtime imports are refused there.",
      from: { path: '^packages/widget/src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment: 'Two folders that import each other are one tangled unit: move the shared piece to the side that owns it.',
      scope: 'folder',
      from: { path: '^packages/[^/]+/src/' },
      to: { circular: true },
    },
    {
      name: 'lower-layers-not-to-features',
      severity: 'error',
      comment:
        'Transport, storage, money and provider code serves features; whatever it needs from them comes in through an interface it owns.',
      from: { path: `${server}(${lowerLayers.join('|')})/` },
      to: { path: `${server}features/` },
    },
    {
      name: 'providers-not-to-integrations',
      severity: 'error',
      comment: 'providers/ holds the interfaces; integrations/ implements them, so the arrow points from integrations to providers.',
      from: { path: `${server}providers/` },
      to: { path: `${server}integrations/` },
    },
    {
      name: 'features-not-to-integrations',
      severity: 'error',
      comment: "Features use providers through providers/ interfaces; only a feature's assemble.ts picks the concrete integration.",
      from: { path: `${server}features/`, pathNot: '/assemble\\.ts$' },
      to: { path: `${server}integrations/` },
    },
    {
      name: 'sdk-not-to-widget-or-server',
      severity: 'error',
      comment: 'The SDK is the bottom of the stack: the widget and the server build on it.',
      from: { path: '^packages/sdk/src/' },
      to: { path: '^packages/(widget|server)/' },
    },
    {
      name: 'widget-not-to-server',
      severity: 'error',
      comment: 'The widget ships to browsers: it talks to the server over the SDK, never by importing it.',
      from: { path: '^packages/widget/src/' },
      to: { path: '^packages/server/' },
    },
  ],
  options: {
    // The rules are about shipped code: tests and their helpers may reach across layers to set a scene up.
    exclude: { path: ['\\.test\\.ts$', '\\.test-support\\.ts$', '-test-kit\\.ts$', '^packages/[^/]+/test/'] },
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a layer that names another layer's types depends on it.
    tsPreCompilationDeps: true,
    // Workspace packages resolve to their TypeScript sources, as in vitest and tsc.
    enhancedResolveOptions: {
      conditionNames: ['tipchat-source', 'import', 'require', 'node', 'default'],
      exportsFields: ['exports'],
      mainFields: ['module', 'main', 'types'],
    },
    skipAnalysisNotInRules: true,
  },
};
