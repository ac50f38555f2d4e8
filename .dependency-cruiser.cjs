// The import rules of the repository, checked by dependency-cruiser in `pnpm check` (so in CI):
// `pnpm run check:imports`. The README's architecture section prints them; keep the two in step.
//
// Paths are as dependency-cruiser resolves them: workspace packages (`@chatapps/dsl`) through
// their `exports` to their source (`packages/dsl/src/index.ts`), npm packages to
// `node_modules/.pnpm/…/node_modules/<name>/…`. Type-only imports count like any other.

/** A package's or an app's production code (not its tests, benches or scripts). */
const src = (name) => `^(packages|apps)/${name}/src/`
/** Anything of the repository's packages and apps. */
const REPO = '^(packages|apps)/'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No module imports itself through others: no import cycles anywhere.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment:
        'Every import resolves, so that no rule below is passed by an import the linter cannot see.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'dsl-imports-only-valibot',
      severity: 'error',
      comment: '@chatapps/dsl imports valibot and nothing else (it knows nothing of HTTP).',
      from: { path: src('dsl') },
      to: { pathNot: [src('dsl'), '/node_modules/valibot/'] },
    },
    {
      name: 'signature-imports-nothing-of-the-repo',
      severity: 'error',
      comment: '@chatapps/signature knows nothing of messages or of the other packages.',
      from: { path: src('signature') },
      to: { path: REPO, pathNot: src('signature') },
    },
    {
      name: 'client-imports-dsl-and-signature',
      severity: 'error',
      comment:
        '@chatapps/client (and its CLI) builds on @chatapps/dsl and @chatapps/signature only.',
      from: { path: src('client') },
      to: { path: REPO, pathNot: [src('client'), src('dsl'), src('signature')] },
    },
    {
      name: 'preview-imports-dsl',
      severity: 'error',
      comment: '@chatapps/preview builds on @chatapps/dsl only.',
      from: { path: src('preview') },
      to: { path: REPO, pathNot: [src('preview'), src('dsl')] },
    },
    {
      name: 'edge-imports-dsl-and-signature',
      severity: 'error',
      comment: 'The gateway (apps/edge/src) builds on @chatapps/dsl and @chatapps/signature only.',
      from: { path: src('edge') },
      to: { path: REPO, pathNot: [src('edge'), src('dsl'), src('signature')] },
    },
    {
      name: 'edge-never-imports-client-preview-sandbox',
      severity: 'error',
      comment:
        'Nothing of apps/edge (tests and benches included) imports the client, the preview or the sandbox.',
      from: { path: '^apps/edge/' },
      to: { path: ['^packages/(client|preview)/', '^apps/sandbox/'] },
    },
    {
      name: 'sandbox-imports-dsl-and-preview',
      severity: 'error',
      comment: 'The sandbox (apps/sandbox/src) builds on @chatapps/dsl and @chatapps/preview only.',
      from: { path: src('sandbox') },
      to: { path: REPO, pathNot: [src('sandbox'), src('dsl'), src('preview')] },
    },
    {
      name: 'sandbox-never-imports-edge',
      severity: 'error',
      comment:
        'Nothing of apps/sandbox imports the gateway: it talks to it over HTTP, as 8x8 does.',
      from: { path: '^apps/sandbox/' },
      to: { path: '^apps/edge/' },
    },
    {
      name: 'testkit-only-in-tests',
      severity: 'error',
      comment: 'Tests (and benches) may import @chatapps/testkit; production code never does.',
      from: { path: '^(packages|apps)/[^/]+/src/', pathNot: src('testkit') },
      to: { path: src('testkit') },
    },
  ],
  options: {
    // Not the output folders, nor the generated runtime types (no imports, 13k lines each).
    exclude: {
      path: '(^|/)(node_modules|dist|reports|[.]turbo|[.]wrangler)/|^docs/api/|worker-configuration[.]d[.]ts$',
    },
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are imports: a cycle through types is a cycle.
    tsPreCompilationDeps: true,
    // TypeScript's resolution settings of every package (tsconfig `paths`, should one come).
    tsConfig: { fileName: 'tsconfig.base.json' },
    // Workspace packages resolve through their package.json `exports` to their TypeScript source.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default'],
      extensions: ['.ts', '.mts', '.d.ts', '.js', '.mjs', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
    // The workers' runtime modules, which no package provides.
    builtInModules: { add: ['cloudflare:workers', 'cloudflare:test'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
