// The architecture, checked on every `npm test` (npm run lint:deps): functions → packages → events,
// a pure domain, and nothing that ships to Lambda leaning on the local stand-ins or the infrastructure.
//
// Workspaces are imported by their package names (@partnership-hub/*). Those resolve through the
// workspace links in node_modules to the folders below, so every rule speaks of folders.

/** The workspace folders, as a path prefix; `$1` in a `to` refers back to the matched workspace. */
const WORKSPACE = '^(events|bench|infra|packages/[^/]+|functions/[^/]+)/';
/** A test file or a test helper: the only places that may use the shared test builders. */
const TEST = '(^|/)test/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Small files that do one thing, and no circular imports: a cycle means two modules are really one, or one belongs elsewhere.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-cross-workspace-relative-import',
      severity: 'error',
      comment:
        'Another workspace is reached by its package name (@partnership-hub/...) and through what its package.json exports, never by a relative path into its folder: its internals are its own to change.',
      from: { path: WORKSPACE },
      // A workspace imported by its name resolves through its link in node_modules, which dependency-cruiser
      // also types as local; aliased-workspace tells the two apart.
      to: { dependencyTypes: ['local'], dependencyTypesNot: ['aliased-workspace'], pathNot: '^$1/' },
    },
    {
      name: 'pure-core-no-aws-sdk',
      severity: 'error',
      comment:
        'The event contracts and the domain are plain functions over plain data: no AWS SDK. Adapters (packages/store, publisher…) talk to AWS.',
      from: { path: '^(events|packages/domain)/' },
      to: { path: '@aws-sdk/' },
    },
    {
      name: 'pure-core-no-node-modules',
      severity: 'error',
      comment:
        "The event contracts and the domain do no I/O and take no clock or randomness that is not passed in, so they import no node: module at all (node:crypto included: an id or a random value is an argument). The events' scripts (generate.ts) may write files; their src may not.",
      from: { path: '^(events|packages/domain)/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'events-imports-no-workspace',
      severity: 'error',
      comment: 'events is the bottom of the dependency direction (functions → packages → events): it imports no other workspace.',
      from: { path: '^events/', pathNot: TEST },
      to: { path: WORKSPACE, pathNot: '^events/' },
    },
    {
      name: 'domain-imports-only-events',
      severity: 'error',
      comment: 'The pure domain builds on the event contracts alone: no store, publisher, function or infrastructure.',
      from: { path: '^packages/domain/', pathNot: TEST },
      to: { path: WORKSPACE, pathNot: '^(packages/domain|events)/' },
    },
    {
      name: 'functions-import-no-infra',
      severity: 'error',
      comment:
        'The functions are wired by infra (locally and on AWS), never the other way round: nothing under functions/, tests included, imports infra.',
      from: { path: '^functions/' },
      to: { path: '^infra/' },
    },
    {
      name: 'functions-src-import-no-local-aws',
      severity: 'error',
      comment:
        "What ships to Lambda never depends on the local stand-ins for AWS: locality lives in the wiring (infra/src/local). A function's tests may start the embedded DynamoDB from packages/local-aws, as the integration tests do.",
      from: { path: '^functions/[^/]+/src/' },
      to: { path: '^packages/local-aws/' },
    },
    {
      name: 'sync-client-imports-no-workspace',
      severity: 'error',
      comment:
        "The sync client is a client of the hub's HTTP API, shipped as a command of its own (npx partnership-hub): it imports no server workspace, so the wire format is the only contract it shares. The ModernGov connector and the outbound HTTP rules it follows are client-side code too, and ship inside the command.",
      from: { path: '^packages/(sync-client|moderngov|outbound)/' },
      to: { path: WORKSPACE, pathNot: '^packages/(sync-client|moderngov|outbound)/' },
    },
    {
      name: 'testing-only-from-tests',
      severity: 'error',
      comment: 'The shared test builders (@partnership-hub/testing) are for tests only: source code never imports them.',
      from: { pathNot: [TEST, '^packages/testing/'] },
      to: { path: '^packages/testing/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The workspaces' build output only: excluding node_modules here would drop every dependency on an npm
    // package from the graph, and with it the rules about them.
    exclude: { path: `${WORKSPACE}(dist|cdk\\.out)/` },
    // Type-only imports count: a cycle or a forbidden dependency through types is still one.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
