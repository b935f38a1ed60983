import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The repository root: NodejsFunction's project root, and where the bundles' `@aws-sdk/*` imports resolve outside Lambda. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The Lambda entry points, relative to the repository root. The stack and the cold-start bench both bundle these. */
export const handlerEntries = {
  api: 'functions/api/src/lambda.ts',
  apiFeeds: 'functions/api/src/lambda-feeds.ts',
  apiImports: 'functions/api/src/lambda-imports.ts',
  apiPages: 'functions/api/src/lambda-pages.ts',
  apiSignIn: 'functions/api/src/lambda-sign-in.ts',
  apiPublishing: 'functions/api/src/lambda-publishing.ts',
  projector: 'functions/projector/src/lambda.ts',
  logRelay: 'functions/log-relay/src/stream-lambda.ts',
  outboxSweep: 'functions/log-relay/src/sweep-lambda.ts',
  changeFeed: 'functions/change-feed/src/lambda.ts',
  notifier: 'functions/notifier/src/lambda.ts',
  deliveryWorker: 'functions/notifier/src/delivery-lambda.ts',
  digest: 'functions/notifier/src/digest-lambda.ts',
  overdueCheck: 'functions/api/src/lambda-overdue.ts',
  apiPartners: 'functions/api/src/lambda-partners.ts',
  apiSubscriptions: 'functions/api/src/lambda-subscriptions.ts',
  apiCalendars: 'functions/api/src/lambda-calendars.ts',
  apiBodyPages: 'functions/api/src/lambda-body-pages.ts',
  apiTrackerPages: 'functions/api/src/lambda-tracker-pages.ts',
  apiVariationPages: 'functions/api/src/lambda-variation-pages.ts',
  apiConnectors: 'functions/api/src/lambda-connectors.ts',
  connectorRun: 'functions/api/src/lambda-connector-run.ts',
  connectorSweep: 'functions/api/src/lambda-connector-sweep.ts',
  apiAlerts: 'functions/api/src/lambda-alerts.ts',
  apiSignInOidc: 'functions/api/src/lambda-sign-in-oidc.ts',
  apiUploads: 'functions/api/src/lambda-uploads.ts',
} as const;

export type HandlerName = keyof typeof handlerEntries;

/**
 * Files a handler reads at run time, copied beside its bundle (`from` is relative to the repository
 * root, `to` to the bundle's folder, /var/task in Lambda). The API's pages read GOV.UK Frontend's
 * 136 KB stylesheet from here (HUB_ASSETS_DIR) rather than carry it inside the 300 KB bundle.
 */
export const handlerAssets: Partial<Record<HandlerName, { from: string; to: string }[]>> = {
  apiPages: [{ from: 'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css', to: 'assets/govuk-frontend.min.css' }],
  // The whole API's OpenAPI document (npm run openapi:generate), served at /openapi.json and /docs.
  apiSignIn: [{ from: 'functions/api/openapi.json', to: 'assets/openapi.json' }],
};

/** Where the API finds its assets in Lambda: the `assets` folder beside the bundle. */
export const LAMBDA_ASSETS_DIR = '/var/task/assets';

/**
 * How every handler is bundled, in one place: the stack hands it to NodejsFunction (which runs the
 * esbuild installed in node_modules, never Docker) and the cold-start bench hands it to esbuild's
 * API, so the bench measures exactly what Lambda runs.
 */
export const handlerBundle = {
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  // The AWS SDK is bundled and tree-shaken rather than left to the nodejs22.x runtime's copy: one
  // file holding only the clients and commands a handler uses initialises in about half the time
  // of loading the runtime's SDK package by package (AWS's own advice for Node.js cold starts;
  // measured side by side by `npm run bench -- coldStart`). The 300 KB budget applies to the
  // handler's own code, built with the SDK left out (infra/test/aws-bundles.synth.ts).
  external: [] as string[],
  // Prefer packages' ES module builds: they tree-shake; CommonJS builds do not.
  mainFields: ['module', 'main'],
  // CommonJS dependencies bundled into an ES module still call `require` for Node built-ins.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  /** The file NodejsFunction writes for an ES module bundle, and that Lambda loads. */
  outputFile: 'index.mjs',
} as const;

/** NodejsFunction's form of `handlerBundle`. */
export function nodejsFunctionBundling(handler?: HandlerName): BundlingOptions {
  const assets = handler ? (handlerAssets[handler] ?? []) : [];
  return {
    ...(assets.length > 0
      ? {
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (inputDir: string, outputDir: string) =>
              assets.flatMap(({ from, to }) => [
                `mkdir -p "${posix.join(outputDir, posix.dirname(to))}"`,
                `cp "${posix.join(inputDir, from)}" "${posix.join(outputDir, to)}"`,
              ]),
          },
        }
      : {}),
    forceDockerBundling: false,
    format: OutputFormat.ESM,
    target: handlerBundle.target,
    minify: handlerBundle.minify,
    sourceMap: false,
    externalModules: [...handlerBundle.external],
    bundleAwsSDK: handlerBundle.external.length === 0,
    mainFields: [...handlerBundle.mainFields],
    banner: handlerBundle.banner,
  };
}
