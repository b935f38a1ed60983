/**
 * Cold start, the part the code controls: module initialisation. Each Lambda handler is bundled
 * with the stack's own esbuild options (infra/src/aws/bundling.ts), as is an empty Hono handler
 * for a baseline; each bundle is then imported by a fresh `node` process, which times the import
 * alone (node's own start-up excluded), several times, interleaved, and the medians are compared.
 *
 * Importing a bundle runs its top level, which is where the hub builds its SDK clients, so the
 * figure is "import and build clients". The AWS SDK is external, as in Lambda, where the runtime
 * provides it: loading it is part of initialisation there too, so it is part of the figure here.
 * Beside each handler is the time to import the same SDK packages alone, to show how much of it
 * is the SDK's. (Lambda's own runtime start and the download of the code are not measured.)
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type HandlerName, handlerBundle, handlerEntries, repoRoot } from '@partnership-hub/infra/bundling';
import { build } from 'esbuild';
import { round, summarise } from '../lib/stats.ts';

const run = promisify(execFile);

/** The cold-start targets: every bundle at most 300 KB; initialisation against an empty Hono handler's. */
const TARGET = { maxInitRatioToEmptyHono: 2, maxBundleBytes: 300 * 1024 } as const;

const EMPTY_HONO_ENTRY = 'bench/fixtures/empty-hono-handler.ts';

// Under the repository (.bench-data is git-ignored), so that the bundles' `@aws-sdk/*` imports
// resolve from node_modules as they resolve from the runtime in Lambda.
const WORK_DIR = join(repoRoot, '.bench-data', 'cold-start');

// What module initialisation reads from Lambda's environment.
const LAMBDA_ENV = {
  TABLE_NAME: 'partnership-hub-bench',
  BUS_NAME: 'partnership-hub-bench',
  HUB_ADMIN_KEY_HASH: '0'.repeat(64),
  AWS_REGION: 'eu-west-2',
  POWERTOOLS_SERVICE_NAME: 'partnership-hub-bench',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  // The notifications handlers (notifier, delivery worker, digest).
  DELIVERY_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/123456789012/partnership-hub-bench',
  HUB_PUBLIC_BASE_URL: 'https://hub.example.org',
  HUB_EMAIL_FROM: 'alerts@hub.example.org',
};

export interface ColdStartOptions {
  /** Timed imports per bundle (after one untimed warm-up of the file cache). */
  runs?: number;
}

interface Bundle {
  file: string;
  bytes: number;
  /** The packages left external (the AWS SDK), as imported by the bundle. */
  externals: string[];
}

export async function coldStart(options: ColdStartOptions = {}): Promise<Record<string, unknown>> {
  const runs = options.runs ?? 11;
  await rm(WORK_DIR, { recursive: true, force: true });
  await mkdir(WORK_DIR, { recursive: true });

  const handlers = Object.keys(handlerEntries) as HandlerName[];
  const baseline = await bundle('empty-hono', EMPTY_HONO_ENTRY);
  const bundles = new Map<HandlerName, Bundle>();
  const sdkOnly = new Map<HandlerName, string>();
  for (const handler of handlers) {
    const bundled = await bundle(handler, handlerEntries[handler]);
    bundles.set(handler, bundled);
    sdkOnly.set(handler, await sdkOnlyModule(handler, bundled.externals));
  }

  // Every file once, untimed, so that the first timed round does not also pay for the disk.
  const files = [baseline.file, ...[...bundles.values()].map((bundled) => bundled.file), ...sdkOnly.values()];
  for (const file of files) await importTime(file);

  // Interleaved rounds: a slow moment on the machine then touches every subject alike.
  const samples = new Map<string, number[]>(files.map((file) => [file, []]));
  for (let pass = 0; pass < runs; pass++) {
    for (const file of files) samples.get(file)!.push(await importTime(file));
  }
  const median = (file: string) => summarise(samples.get(file)!).p50Ms!;

  const baselineMs = median(baseline.file);
  const results: Record<string, unknown> = {};
  for (const handler of handlers) {
    const bundled = bundles.get(handler)!;
    const initMs = median(bundled.file);
    const sdkMs = median(sdkOnly.get(handler)!);
    results[handler] = {
      entry: handlerEntries[handler],
      bundleBytes: bundled.bytes,
      bundleKiB: round(bundled.bytes / 1024, 1),
      external: bundled.externals,
      initMedianMs: initMs,
      emptyHonoInitMedianMs: baselineMs,
      ratioToEmptyHono: round(initMs / baselineMs),
      sdkImportMedianMs: sdkMs,
      /** The handler's own share: its initialisation less the SDK packages it imports. */
      initLessSdkMs: round(initMs - sdkMs),
      met: { bundleSize: bundled.bytes <= TARGET.maxBundleBytes, initRatio: initMs / baselineMs <= TARGET.maxInitRatioToEmptyHono },
      samplesMs: samples.get(bundled.file)!.map((sample) => round(sample)),
    };
  }

  return {
    method:
      "esbuild with the stack's options (infra/src/aws/bundling.ts); each bundle imported by a fresh `node` process that times `await import(bundle)` alone; one untimed warm-up, then interleaved rounds; medians",
    runs,
    node: process.version,
    target: TARGET,
    emptyHono: {
      entry: EMPTY_HONO_ENTRY,
      bundleBytes: baseline.bytes,
      initMedianMs: baselineMs,
      samplesMs: samples.get(baseline.file)!.map((sample) => round(sample)),
    },
    handlers: results,
  };
}

async function bundle(name: string, entry: string): Promise<Bundle> {
  const outfile = join(WORK_DIR, name, handlerBundle.outputFile);
  const result = await build({
    entryPoints: [join(repoRoot, entry)],
    outfile,
    bundle: true,
    platform: handlerBundle.platform,
    target: handlerBundle.target,
    format: handlerBundle.format,
    minify: handlerBundle.minify,
    external: [...handlerBundle.external],
    mainFields: [...handlerBundle.mainFields],
    banner: { js: handlerBundle.banner },
    metafile: true,
    logLevel: 'error',
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  const externals = [
    ...new Set(
      output.imports.filter((imported) => imported.external && !imported.path.startsWith('node:')).map((imported) => imported.path),
    ),
  ].sort();
  return { file: outfile, bytes: output.bytes, externals };
}

/** A module that imports only the SDK packages a handler's bundle imports. */
async function sdkOnlyModule(handler: HandlerName, externals: string[]): Promise<string> {
  const file = join(WORK_DIR, `${handler}-sdk-only`, 'index.mjs');
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, externals.map((specifier) => `import ${JSON.stringify(specifier)};\n`).join(''));
  return file;
}

/** Milliseconds a fresh node process takes to import `file`, measured inside that process. */
async function importTime(file: string): Promise<number> {
  const script = [
    'const started = performance.now();',
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
    'process.stdout.write(String(performance.now() - started));',
  ].join('\n');
  const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1', ...LAMBDA_ENV },
  });
  const ms = Number(stdout);
  if (!Number.isFinite(ms)) throw new Error(`importing ${file} printed ${JSON.stringify(stdout)}, not a time`);
  return ms;
}
