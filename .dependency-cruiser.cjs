// The import rules of the repository, checked by dependency-cruiser in `pnpm check` (so in CI):
// `pnpm run check:imports`. docs/architecture.md prints them; keep the two in step.
//
// Paths are as dependency-cruiser resolves them: workspace packages (`@chatapps/dsl`) through
// their `exports` to their source (`packages/dsl/src/index.ts`), npm packages to
// `node_modules/.pnpm/…/node_modules/<name>/…`. Type-only imports count like any other.

/** A package's or an app's production code (not its tests, benches or scripts). */
const src = (name) => `^(packages|apps)/${name}/src/`
/** The gateway's source. */
const EDGE = '^apps/edge/src/'

/** Anything of the repository's packages and apps. */
const REPO = '^(packages|apps)/'

/** A rule: of the repository, `name`'s production code imports only itself and `allowed`. */
const importsOnly = (rule, name, allowed, comment) => ({
  name: rule,
  severity: 'error',
  comment,
  from: { path: src(name) },
  to: { path: REPO, pathNot: [name, ...allowed].map(src) },
})

/** A rule: nothing under `from` (tests and benches included) imports anything under `to`. */
const never = (rule, from, to, comment) => ({
  name: rule,
  severity: 'error',
  comment,
  from: { path: from },
  to: { path: to },
})

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
    importsOnly(
      'signature-imports-nothing-of-the-repo',
      'signature',
      [],
      '@chatapps/signature knows nothing of messages or of the other packages.',
    ),
    importsOnly(
      'client-imports-dsl-and-signature',
      'client',
      ['dsl', 'signature'],
      '@chatapps/client (and its CLI) builds on @chatapps/dsl and @chatapps/signature only.',
    ),
    importsOnly(
      'preview-imports-dsl',
      'preview',
      ['dsl'],
      '@chatapps/preview builds on @chatapps/dsl only.',
    ),
    importsOnly(
      'edge-imports-dsl-and-signature',
      'edge',
      ['dsl', 'signature'],
      'The gateway (apps/edge/src) builds on @chatapps/dsl and @chatapps/signature only.',
    ),
    never(
      'edge-never-imports-client-preview-sandbox',
      '^apps/edge/',
      ['^packages/(client|preview)/', '^apps/sandbox/'],
      'Nothing of apps/edge imports the client, the preview or the sandbox.',
    ),
    importsOnly(
      'sandbox-imports-dsl-and-preview',
      'sandbox',
      ['dsl', 'preview'],
      'The sandbox (apps/sandbox/src) builds on @chatapps/dsl and @chatapps/preview only.',
    ),
    never(
      'sandbox-never-imports-edge',
      '^apps/sandbox/',
      '^apps/edge/',
      'Nothing of apps/sandbox imports the gateway: it talks to it over HTTP, as 8x8 does.',
    ),
    // apps/edge/src, the gateway: its layers (apps/edge/README.md, "The map").
    {
      name: 'edge-config-imports-nothing',
      severity: 'error',
      comment:
        'apps/edge config.ts imports nothing else of src: anything may read it without a cycle.',
      from: { path: `${EDGE}config[.]ts$` },
      to: { path: EDGE },
    },
    {
      name: 'edge-bindings-types-only',
      severity: 'error',
      comment: 'apps/edge bindings.ts holds types only.',
      from: { path: `${EDGE}bindings[.]ts$` },
      to: { path: EDGE, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'edge-lib-imports-only-lib',
      severity: 'error',
      comment: 'apps/edge lib/ holds small helpers: they import nothing of src but lib/.',
      from: { path: `${EDGE}lib/` },
      to: { path: EDGE, pathNot: `${EDGE}lib/` },
    },
    {
      name: 'edge-low-layers-stay-low',
      severity: 'error',
      comment:
        "apps/edge upstream/, db/ and the objects' clients import neither the domain (send, delivery, receipts, callbacks, templates) nor the HTTP layer: data flows one way.",
      from: {
        path: [`${EDGE}upstream/`, `${EDGE}db/`, `${EDGE}objects/`],
        pathNot: `${EDGE}objects/[^/]+/object[.]ts$`,
      },
      to: {
        path: [
          `${EDGE}(send|delivery|receipts|callbacks|templates|contacts|http|routes|openapi)/`,
          `${EDGE}(app|index|problems)[.]ts$`,
        ],
      },
    },
    {
      name: 'edge-objects-take-settings-as-arguments',
      severity: 'error',
      comment:
        'apps/edge objects/** (Durable Objects and their clients) never import config, http, routes or problems: settings arrive as call arguments.',
      from: { path: `${EDGE}objects/` },
      to: { path: [`${EDGE}(http|routes|openapi)/`, `${EDGE}(config|app|index|problems)[.]ts$`] },
    },
    {
      name: 'edge-domain-returns-results',
      severity: 'error',
      comment:
        'apps/edge send/, delivery/, receipts/, callbacks/, templates/ and contacts/ import neither the HTTP layer nor problems: domain code returns results, the HTTP layer decides the answer.',
      from: { path: `${EDGE}(send|delivery|receipts|callbacks|templates|contacts)/` },
      to: { path: [`${EDGE}(http|routes|openapi)/`, `${EDGE}(app|index|problems)[.]ts$`] },
    },
    {
      name: 'edge-http-below-routes',
      severity: 'error',
      comment: 'apps/edge http/ (the steps) never imports routes/ or the app.',
      from: { path: `${EDGE}http/` },
      to: { path: [`${EDGE}routes/`, `${EDGE}(app|index)[.]ts$`] },
    },
    {
      name: 'edge-console-is-a-top-layer',
      severity: 'error',
      comment:
        'apps/edge console/ (the operator pages) is mounted by app.ts alone: no other layer imports it, and it never imports routes/.',
      from: { path: EDGE, pathNot: [`${EDGE}app[.]ts$`, `${EDGE}console/`] },
      to: { path: `${EDGE}console/` },
    },
    {
      name: 'edge-console-never-imports-routes',
      severity: 'error',
      comment: 'apps/edge console/ uses the layers below routes, never a route.',
      from: { path: `${EDGE}console/` },
      to: { path: [`${EDGE}routes/`, `${EDGE}(app|index)[.]ts$`] },
    },
    {
      name: 'edge-only-index-imports-app',
      severity: 'error',
      comment: 'apps/edge app.ts is imported by index.ts alone; nothing in src imports index.ts.',
      from: { path: EDGE, pathNot: `${EDGE}index[.]ts$` },
      to: { path: `${EDGE}(app|index)[.]ts$` },
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
      extensions: ['.ts', '.tsx', '.mts', '.d.ts', '.js', '.mjs', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
    // The workers' runtime modules, which no package provides.
    builtInModules: { add: ['cloudflare:workers', 'cloudflare:test'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
