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

/**
 * The cold-start targets: every bundle at most 300 KB (the external-SDK build: the deployed one);
 * each handler's initialisation against an empty Hono handler that imports and constructs the
 * same SDK clients (the hub cannot avoid loading the SDK; the comparison is fair only with it).
 */
const TARGET = { maxInitRatioToEmptyHonoWithSameClients: 1.5, maxBundleBytes: 300 * 1024 } as const;

/**
 * How the baseline constructs each SDK package's client, as the hub's wiring does. A package
 * with no client of its own here (a utility the bundle imports) is imported only.
 */
const CLIENT_CONSTRUCTION: Record<string, { imports: string; construct: string }> = {
  '@aws-sdk/client-dynamodb': { imports: 'DynamoDBClient', construct: 'new DynamoDBClient({})' },
  // The hub builds its one DynamoDBClient inside its document client (createDocumentClient), so
  // where both packages are imported the baseline builds that pair, not a second DynamoDBClient.
  '@aws-sdk/lib-dynamodb': {
    imports: 'DynamoDBDocumentClient',
    construct: 'DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } })',
  },
  '@aws-sdk/client-eventbridge': { imports: 'EventBridgeClient', construct: 'new EventBridgeClient({})' },
  '@aws-sdk/client-sqs': { imports: 'SQSClient', construct: 'new SQSClient({})' },
  '@aws-sdk/client-sesv2': { imports: 'SESv2Client', construct: 'new SESv2Client({})' },
};

/** The two builds compared: the SDK left to Lambda's runtime (deployed), or bundled and tree-shaken into the handler. */
type Build = 'sdkExternal' | 'sdkBundled';
const BUILDS: Build[] = ['sdkExternal', 'sdkBundled'];

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
  // The connectors' API (which starts the runner) and the API's identity-provider sign-in.
  CONNECTOR_RUN_FUNCTION: 'partnership-hub-bench-connector-runner',
  HUB_CLIENT_SECRETS_PREFIX: 'partnership-hub/bench/identity-providers/',
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
  const runs = options.runs ?? Number(process.env.BENCH_COLD_START_RUNS ?? 11);
  await rm(WORK_DIR, { recursive: true, force: true });
  await mkdir(WORK_DIR, { recursive: true });

  const handlers = (process.env.BENCH_COLD_START_HANDLERS?.split(',') ?? Object.keys(handlerEntries)) as HandlerName[];
  const emptyHono = await bundle('empty-hono', join(repoRoot, EMPTY_HONO_ENTRY), 'sdkExternal');
  /** Per handler and build: the handler's bundle, and its baseline's (an empty Hono handler constructing the same clients). */
  const subjects = new Map<string, { handler: Bundle; baseline: Bundle; sdkOnly: string }>();
  for (const handler of handlers) {
    process.stderr.write(`coldStart: bundling ${handler}\n`);
    const external = await bundle(handler, join(repoRoot, handlerEntries[handler]), 'sdkExternal');
    const baselineEntry = await emptyHonoWithClients(handler, external.externals);
    for (const build of BUILDS) {
      const bundled = build === 'sdkExternal' ? external : await bundle(handler, join(repoRoot, handlerEntries[handler]), build);
      subjects.set(`${handler}/${build}`, {
        handler: bundled,
        baseline: await bundle(`${handler}-baseline`, baselineEntry, build),
        sdkOnly: await sdkOnlyModule(`${handler}-${build}`, external.externals),
      });
    }
  }

  // Every file once, untimed, so that the first timed round does not also pay for the disk.
  const files = [
    ...new Set([
      emptyHono.file,
      ...[...subjects.values()].flatMap((subject) => [subject.handler.file, subject.baseline.file]),
      ...handlers.map((handler) => subjects.get(`${handler}/sdkExternal`)!.sdkOnly),
    ]),
  ];
  for (const file of files) await importTime(file);

  // Interleaved rounds: a slow moment on the machine then touches every subject alike.
  const samples = new Map<string, number[]>(files.map((file) => [file, []]));
  const cpuSamples = new Map<string, number[]>(files.map((file) => [file, []]));
  for (let pass = 0; pass < runs; pass++) {
    for (const file of files) {
      const { wallMs, cpuMs } = await importTime(file);
      samples.get(file)!.push(wallMs);
      cpuSamples.get(file)!.push(cpuMs);
    }
    // The section takes minutes and prints nothing else until it ends.
    process.stderr.write(`coldStart: round ${pass + 1} of ${runs} done\n`);
  }
  const median = (file: string) => summarise(samples.get(file)!).p50Ms!;
  const cpuMedian = (file: string) => summarise(cpuSamples.get(file)!).p50Ms!;

  const emptyHonoMs = median(emptyHono.file);
  const results: Record<string, unknown> = {};
  for (const handler of handlers) {
    const builds = {} as Record<Build, BuildFigures>;
    for (const build of BUILDS) {
      const { handler: bundled, baseline } = subjects.get(`${handler}/${build}`)!;
      const initMs = median(bundled.file);
      const baselineMs = median(baseline.file);
      builds[build] = {
        bundleBytes: bundled.bytes,
        bundleKiB: round(bundled.bytes / 1024, 1),
        external: bundled.externals,
        initMedianMs: initMs,
        emptyHonoWithSameClientsInitMedianMs: baselineMs,
        ratioToEmptyHonoWithSameClients: round(initMs / baselineMs),
        ratioToEmptyHono: round(initMs / emptyHonoMs),
        initCpuMedianMs: cpuMedian(bundled.file),
        emptyHonoWithSameClientsInitCpuMedianMs: cpuMedian(baseline.file),
        cpuRatioToEmptyHonoWithSameClients: round(cpuMedian(bundled.file) / cpuMedian(baseline.file)),
        samplesMs: samples.get(bundled.file)!.map((sample) => round(sample)),
      };
    }
    const deployed = builds[DEPLOYED_BUILD];
    const sdkMs = median(subjects.get(`${handler}/sdkExternal`)!.sdkOnly);
    results[handler] = {
      entry: handlerEntries[handler],
      ...builds,
      faster: builds.sdkBundled.initMedianMs < builds.sdkExternal.initMedianMs ? 'sdkBundled' : 'sdkExternal',
      deployed: DEPLOYED_BUILD,
      sdkImportMedianMs: sdkMs,
      /** The handler's own share in the external build: its initialisation less the SDK packages it imports. */
      initLessSdkMs: round(builds.sdkExternal.initMedianMs - sdkMs),
      met: {
        bundleSize: DEPLOYED_BUILD !== 'sdkExternal' || deployed.bundleBytes <= TARGET.maxBundleBytes,
        initRatio: deployed.ratioToEmptyHonoWithSameClients <= TARGET.maxInitRatioToEmptyHonoWithSameClients,
      },
    };
  }

  return {
    method:
      "esbuild with the stack's options (infra/src/aws/bundling.ts), once with the AWS SDK external (as deployed) and once with it bundled and tree-shaken; each handler beside an empty Hono handler that imports and constructs the same SDK clients, built the same way; each bundle imported by a fresh `node` process that times `await import(bundle)` alone; one untimed warm-up, then interleaved rounds; medians",
    runs,
    node: process.version,
    target: TARGET,
    deployedBuild: DEPLOYED_BUILD,
    emptyHono: {
      entry: EMPTY_HONO_ENTRY,
      bundleBytes: emptyHono.bytes,
      initMedianMs: emptyHonoMs,
      samplesMs: samples.get(emptyHono.file)!.map((sample) => round(sample)),
    },
    handlers: results,
  };
}

interface BuildFigures {
  bundleBytes: number;
  bundleKiB: number;
  external: string[];
  initMedianMs: number;
  emptyHonoWithSameClientsInitMedianMs: number;
  ratioToEmptyHonoWithSameClients: number;
  ratioToEmptyHono: number;
  /**
   * The same import in CPU time (user and system, every thread of the process): on a shared machine
   * the other sessions' load stretches wall time far more than it does this, so it shows a change in
   * the handler's own work that wall time hides. The target stays on wall time.
   */
  initCpuMedianMs: number;
  emptyHonoWithSameClientsInitCpuMedianMs: number;
  cpuRatioToEmptyHonoWithSameClients: number;
  samplesMs: number[];
}

/** The build the stack deploys (handlerBundle.external in infra/src/aws/bundling.ts). */
const DEPLOYED_BUILD: Build = handlerBundle.external.length > 0 ? 'sdkExternal' : 'sdkBundled';

/** An empty Hono handler that imports and constructs the clients of the SDK packages a handler's bundle imports. */
async function emptyHonoWithClients(handler: HandlerName, externals: string[]): Promise<string> {
  const file = join(WORK_DIR, `${handler}-baseline-entry`, 'index.mjs');
  await mkdir(join(file, '..'), { recursive: true });
  const lines = ["import { Hono } from 'hono';", "import { handle } from 'hono/aws-lambda';"];
  const constructed: string[] = [];
  const documentClient = externals.includes('@aws-sdk/lib-dynamodb');
  if (documentClient) lines.push("import { DynamoDBClient } from '@aws-sdk/client-dynamodb';");
  for (const specifier of externals) {
    const client = specifier === '@aws-sdk/client-dynamodb' && documentClient ? undefined : CLIENT_CONSTRUCTION[specifier];
    if (client) {
      lines.push(`import { ${client.imports} } from ${JSON.stringify(specifier)};`);
      constructed.push(client.construct);
    } else lines.push(`import ${JSON.stringify(specifier)};`);
  }
  lines.push(`export const clients = [${constructed.join(', ')}];`, 'export const handler = handle(new Hono());');
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

async function bundle(name: string, entry: string, how: Build): Promise<Bundle> {
  const outfile = join(WORK_DIR, how, name, handlerBundle.outputFile);
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: handlerBundle.platform,
    target: handlerBundle.target,
    format: handlerBundle.format,
    minify: handlerBundle.minify,
    external: how === 'sdkExternal' ? ['@aws-sdk/*'] : [],
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
async function sdkOnlyModule(name: string, externals: string[]): Promise<string> {
  const file = join(WORK_DIR, `${name}-sdk-only`, 'index.mjs');
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, externals.map((specifier) => `import ${JSON.stringify(specifier)};\n`).join(''));
  return file;
}

/** Milliseconds a fresh node process takes to import `file`, in wall and in CPU time, measured inside that process. */
async function importTime(file: string): Promise<{ wallMs: number; cpuMs: number }> {
  const script = [
    'const cpu = process.cpuUsage();',
    'const started = performance.now();',
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
    'const wall = performance.now() - started;',
    'const used = process.cpuUsage(cpu);',
    'process.stdout.write(JSON.stringify([wall, (used.user + used.system) / 1000]));',
  ].join('\n');
  const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1', ...LAMBDA_ENV },
  });
  // The handler may log at initialisation: the times are the last line.
  const [wallMs, cpuMs] = (() => {
    try {
      return JSON.parse(stdout.slice(stdout.lastIndexOf('['))) as unknown[];
    } catch {
      return [];
    }
  })();
  if (typeof wallMs !== 'number' || typeof cpuMs !== 'number')
    throw new Error(`importing ${file} printed ${JSON.stringify(stdout)}, not its times`);
  return { wallMs, cpuMs };
}
