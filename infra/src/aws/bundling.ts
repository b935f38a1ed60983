import { fileURLToPath } from 'node:url';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The repository root: NodejsFunction's project root, and where the bundles' `@aws-sdk/*` imports resolve outside Lambda. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The Lambda entry points, relative to the repository root. The stack and the cold-start bench both bundle these. */
export const handlerEntries = {
  api: 'functions/api/src/lambda.ts',
  projector: 'functions/projector/src/lambda.ts',
  outboxRepublisher: 'functions/outbox-republisher/src/lambda.ts',
} as const;

export type HandlerName = keyof typeof handlerEntries;

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
  // The nodejs22.x runtime ships AWS SDK v3: leaving it out keeps bundles small, and Lambda's ES
  // module resolution finds it in the runtime.
  external: ['@aws-sdk/*'],
  // Prefer packages' ES module builds: they tree-shake; CommonJS builds do not.
  mainFields: ['module', 'main'],
  // CommonJS dependencies bundled into an ES module still call `require` for Node built-ins.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  /** The file NodejsFunction writes for an ES module bundle, and that Lambda loads. */
  outputFile: 'index.mjs',
} as const;

/** NodejsFunction's form of `handlerBundle`. */
export function nodejsFunctionBundling(): BundlingOptions {
  return {
    forceDockerBundling: false,
    format: OutputFormat.ESM,
    target: handlerBundle.target,
    minify: handlerBundle.minify,
    sourceMap: false,
    externalModules: [...handlerBundle.external],
    mainFields: [...handlerBundle.mainFields],
    banner: handlerBundle.banner,
  };
}
