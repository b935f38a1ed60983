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
 *
 * Work put off from the import to first use still has to be done by the first request that needs
 * it, so for the handlers with a typical first invocation here (the JSON API: a body's PUT of a new
 * priority; the projector: a priority's event delivered) the section also times, in the same fresh
 * process, the import and then that invocation against an embedded DynamoDB (dynalite): a cost
 * moved from initialisation to the first request shows there.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { buildEvent, EVENT_SOURCE } from '@partnership-hub/events';
import { type HandlerName, handlerBundle, handlerEntries, repoRoot } from '@partnership-hub/infra/bundling';
import { EmbeddedDynamoDb, ensureTable, localAwsConnection } from '@partnership-hub/local-aws';
import { hubTableCreateInput } from '@partnership-hub/store';
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
 *
 * A client the hub builds on first use rather than at initialisation (Secrets Manager's, for an
 * identity provider's secret) is referenced, not constructed: the hub's bundle holds and loads its
 * code all the same. A bare `import "…"` would not do for the bundled build: the package marks
 * itself free of side effects, so esbuild drops an import nothing uses, and until 2026-12-02 the
 * bundled baselines of the JSON API and of the connectors' two functions loaded neither the
 * Secrets Manager client nor the Lambda client (which the connectors build at initialisation)
 * that their handlers load.
 */
const CLIENT_CONSTRUCTION: Record<string, { imports: string; construct?: string }> = {
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
  '@aws-sdk/client-lambda': { imports: 'LambdaClient', construct: 'new LambdaClient({})' },
  '@aws-sdk/client-secrets-manager': { imports: 'SecretsManagerClient' },
};

/** The two builds compared: the SDK left to Lambda's runtime (deployed), or bundled and tree-shaken into the handler. */
type Build = 'sdkExternal' | 'sdkBundled';
const BUILDS: Build[] = ['sdkExternal', 'sdkBundled'];

const EMPTY_HONO_ENTRY = 'bench/fixtures/empty-hono-handler.ts';

// Under the repository (.bench-data is git-ignored), so that the bundles' `@aws-sdk/*` imports
// resolve from node_modules as they resolve from the runtime in Lambda.
const WORK_DIR = join(repoRoot, '.bench-data', 'cold-start');

/** The administrator's key in the first invocations' setup (its hash is what the API reads). */
const ADMIN_KEY = 'cold-start-bench-administrator';

// What module initialisation reads from Lambda's environment.
const LAMBDA_ENV = {
  TABLE_NAME: 'partnership-hub-bench',
  BUS_NAME: 'partnership-hub-bench',
  HUB_ADMIN_KEY_HASH: createHash('sha256').update(ADMIN_KEY, 'utf8').digest('hex'),
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
  // The pages' cookie-signing secret: the stack always passes one (its SessionSecret parameter), so a
  // deployed page handler never starts with the "signing in is off" warning that it logs without one.
  HUB_SESSION_SECRET: 'cold-start-bench-session-secret-0123456789abcdef',
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

  // The handlers with a typical first invocation: each build's bundle, against one embedded DynamoDB.
  const invoked = handlers.filter((handler) => FIRST_INVOCATIONS[handler] !== undefined);
  const invocationSamples = new Map<string, InvocationTimes[]>(
    invoked.flatMap((handler) => BUILDS.map((build) => [`${handler}/${build}`, []] as [string, InvocationTimes[]])),
  );
  const database = invoked.length > 0 ? await startDatabase() : undefined;

  // Interleaved rounds: a slow moment on the machine then touches every subject alike.
  const samples = new Map<string, number[]>(files.map((file) => [file, []]));
  const cpuSamples = new Map<string, number[]>(files.map((file) => [file, []]));
  try {
    const setup = database ? await setUpFirstInvocations(database.env, subjects) : { apiKey: '' };
    let invocations = 0;
    for (let pass = 0; pass < runs; pass++) {
      for (const file of files) {
        const { wallMs, cpuMs } = await importTime(file);
        samples.get(file)!.push(wallMs);
        cpuSamples.get(file)!.push(cpuMs);
      }
      for (const handler of invoked) {
        const invocation = FIRST_INVOCATIONS[handler]!;
        for (const build of BUILDS) {
          const file = subjects.get(`${handler}/${build}`)!.handler.file;
          const times = await invokeInFreshProcess(file, [invocation.event(++invocations, setup)], database!.env);
          if (!times || !invocation.succeeded(times.results[0]))
            throw new Error(`${handler} (${build}) answered its first invocation with ${JSON.stringify(times?.results).slice(0, 500)}`);
          invocationSamples.get(`${handler}/${build}`)!.push(times);
        }
      }
      // The section takes minutes and prints nothing else until it ends.
      process.stderr.write(`coldStart: round ${pass + 1} of ${runs} done\n`);
    }
  } finally {
    await database?.stop();
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
        ...(FIRST_INVOCATIONS[handler] ? { firstInvocation: invocationFigures(invocationSamples.get(`${handler}/${build}`)!) } : {}),
      };
    }
    const deployed = builds[DEPLOYED_BUILD];
    const sdkMs = median(subjects.get(`${handler}/sdkExternal`)!.sdkOnly);
    results[handler] = {
      entry: handlerEntries[handler],
      ...builds,
      faster: builds.sdkBundled.initMedianMs < builds.sdkExternal.initMedianMs ? 'sdkBundled' : 'sdkExternal',
      deployed: DEPLOYED_BUILD,
      ...(FIRST_INVOCATIONS[handler] ? { firstInvocationIs: FIRST_INVOCATIONS[handler].description } : {}),
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
      "esbuild with the stack's options (infra/src/aws/bundling.ts), once with the AWS SDK external (as deployed) and once with it bundled and tree-shaken; each handler beside an empty Hono handler that imports and constructs the same SDK clients (one the hub builds on first use, Secrets Manager's, imported and referenced; until 2026-12-02 the bundled baselines lost the Lambda and Secrets Manager clients to tree-shaking), built the same way; each bundle imported by a fresh `node` process that times `await import(bundle)` alone; one untimed warm-up, then interleaved rounds; medians",
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
  /** Where the handler has a typical first invocation: the import and then that invocation, in one fresh process. */
  firstInvocation?: ReturnType<typeof invocationFigures>;
}

/** The build the stack deploys (handlerBundle.external in infra/src/aws/bundling.ts). */
const DEPLOYED_BUILD: Build = handlerBundle.external.length > 0 ? 'sdkExternal' : 'sdkBundled';

/** An empty Hono handler that imports and constructs the clients of the SDK packages a handler's bundle imports. */
async function emptyHonoWithClients(handler: HandlerName, externals: string[]): Promise<string> {
  const file = join(WORK_DIR, `${handler}-baseline-entry`, 'index.mjs');
  await mkdir(join(file, '..'), { recursive: true });
  const lines = ["import { Hono } from 'hono';", "import { handle } from 'hono/aws-lambda';"];
  const constructed: string[] = [];
  const referenced: string[] = [];
  const documentClient = externals.includes('@aws-sdk/lib-dynamodb');
  if (documentClient) lines.push("import { DynamoDBClient } from '@aws-sdk/client-dynamodb';");
  for (const specifier of externals) {
    const client = specifier === '@aws-sdk/client-dynamodb' && documentClient ? undefined : CLIENT_CONSTRUCTION[specifier];
    if (client) {
      lines.push(`import { ${client.imports} } from ${JSON.stringify(specifier)};`);
      if (client.construct) constructed.push(client.construct);
      else referenced.push(client.imports);
    } else lines.push(`import ${JSON.stringify(specifier)};`);
  }
  lines.push(
    `export const clients = [${constructed.join(', ')}];`,
    `export const builtOnFirstUse = [${referenced.join(', ')}];`,
    'export const handler = handle(new Hono());',
  );
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

/** One fresh process's import of a handler and its invocations, in order. */
interface InvocationTimes {
  importMs: number;
  /** From the end of the import to the last invocation's answer. */
  invocationMs: number;
  /** The import and the invocations, in CPU time (user and system, every thread). */
  cpuMs: number;
  results: unknown[];
}

function invocationFigures(times: InvocationTimes[]) {
  const median = (values: number[]) => summarise(values).p50Ms!;
  return {
    importMedianMs: median(times.map((time) => time.importMs)),
    invocationMedianMs: median(times.map((time) => time.invocationMs)),
    importPlusInvocationMedianMs: median(times.map((time) => time.importMs + time.invocationMs)),
    importPlusInvocationCpuMedianMs: median(times.map((time) => time.cpuMs)),
    samplesMs: times.map((time) => round(time.importMs + time.invocationMs)),
  };
}

/** An API Gateway HTTP API (payload 2.0) request, as Lambda hands it to `handle(app)`. */
function httpApiEvent(method: string, path: string, body: unknown, key: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'hub.example.org', authorization: `Bearer ${key}` },
    requestContext: {
      accountId: '123456789012',
      apiId: 'cold-start',
      domainName: 'hub.example.org',
      domainPrefix: 'hub',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'cold-start-bench' },
      requestId: 'cold-start',
      routeKey: '$default',
      stage: '$default',
      time: '01/Dec/2026:00:00:00 +0000',
      timeEpoch: 1_795_996_800_000,
    },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}

const AREA = 'cold-start-area';
const BODY = 'cold-start-body';
const priority = { title: 'Tackling burglary', themes: ['burglary'], visibility: 'public' } as const;

const answeredWith =
  (...statuses: number[]) =>
  (result: unknown) =>
    typeof result === 'object' && result !== null && statuses.includes((result as { statusCode?: unknown }).statusCode as number);

/**
 * Each handler's typical first invocation, where one is set up here; the n-th is about a subject of
 * its own (a new priority), so that every one is a first write, as a new request would be.
 */
const FIRST_INVOCATIONS: Partial<
  Record<
    HandlerName,
    { description: string; event: (n: number, setup: { apiKey: string }) => unknown; succeeded: (result: unknown) => boolean }
  >
> = {
  api: {
    description: "a body's PUT of a new priority with its own key (body parsed, event built and checked, appended to the log)",
    event: (n, { apiKey }) => httpApiEvent('PUT', `/v1/areas/${AREA}/organisations/${BODY}/priorities/cold-start-${n}`, priority, apiKey),
    succeeded: answeredWith(200, 201),
  },
  projector: {
    description: "a new priority's PriorityPublished delivered by EventBridge (parsed, projected into the views)",
    event: (n) => {
      const { detailType, detail } = buildEvent('PriorityPublished', {
        context: { eventId: `cold-start-${n}`, occurredAt: '2026-12-01T00:00:00.000Z', actor: { kind: 'key', organisationId: BODY } },
        areaId: AREA,
        organisationId: BODY,
        subject: { id: `cold-start-${n}`, version: 1 },
        visibility: 'public',
        data: { ...priority, themes: [...priority.themes], outcomes: [], indicators: [], status: 'active', supports: [] },
      });
      return {
        version: '0',
        id: `cold-start-${n}`,
        'detail-type': detailType,
        source: EVENT_SOURCE,
        account: '123456789012',
        time: '2026-12-01T00:00:00Z',
        region: LAMBDA_ENV.AWS_REGION,
        resources: [],
        detail,
      };
    },
    // The projector answers nothing; a delivery it could not project throws.
    succeeded: () => true,
  },
};

/** An embedded DynamoDB holding the hub's table, and the environment that points a bundle's SDK at it. */
async function startDatabase(): Promise<{ env: Record<string, string>; stop: () => Promise<void> }> {
  const database = new EmbeddedDynamoDb();
  const { endpoint } = await database.start();
  const connection = localAwsConnection(endpoint);
  const client = new DynamoDBClient(connection);
  await ensureTable(client, hubTableCreateInput(LAMBDA_ENV.TABLE_NAME));
  client.destroy();
  // The bundles build their clients from the environment, as in Lambda: they sign their requests as deployed.
  return {
    env: {
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_ACCESS_KEY_ID: connection.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: connection.credentials.secretAccessKey,
    },
    stop: () => database.stop(),
  };
}

/** Registers the area and the body through the API's own bundle, as the administrator, and issues the body a key. */
async function setUpFirstInvocations(env: Record<string, string>, subjects: Map<string, { handler: Bundle }>): Promise<{ apiKey: string }> {
  const api = subjects.get('api/sdkExternal');
  if (!api) return { apiKey: '' };
  const { results } = await invokeInFreshProcess(
    api.handler.file,
    [
      httpApiEvent('PUT', `/v1/areas/${AREA}`, { name: 'Cold start' }, ADMIN_KEY),
      httpApiEvent('PUT', `/v1/areas/${AREA}/organisations/${BODY}`, { name: 'Cold start partnership', kind: 'csp' }, ADMIN_KEY),
      httpApiEvent('POST', `/v1/areas/${AREA}/organisations/${BODY}/api-keys`, { label: 'cold start' }, ADMIN_KEY),
    ],
    env,
  );
  const issued = results[2] as { statusCode?: number; body?: string } | undefined;
  if (!results.slice(0, 2).every(answeredWith(200, 201)) || issued?.statusCode !== 201)
    throw new Error(`setting up the first invocations failed: ${JSON.stringify(results).slice(0, 1000)}`);
  return { apiKey: (JSON.parse(issued.body!) as { key: string }).key };
}

/** Imports a bundle in a fresh node process and invokes its handler with each event in turn, timing both. */
async function invokeInFreshProcess(file: string, events: unknown[], env: Record<string, string>): Promise<InvocationTimes> {
  const eventsFile = join(WORK_DIR, 'events.json');
  await writeFile(eventsFile, JSON.stringify(events));
  const script = [
    "import { readFileSync } from 'node:fs';",
    `const events = JSON.parse(readFileSync(${JSON.stringify(eventsFile)}, 'utf8'));`,
    'const cpu = process.cpuUsage();',
    'const started = performance.now();',
    `const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});`,
    'const imported = performance.now();',
    'const results = [];',
    'for (const event of events) results.push(await handler(event, {}));',
    'const done = performance.now();',
    'const used = process.cpuUsage(cpu);',
    "process.stdout.write('\\n' + MARK + JSON.stringify({ importMs: imported - started, invocationMs: done - imported, cpuMs: (used.user + used.system) / 1000, results }));",
  ].join('\n');
  const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', `const MARK = ${JSON.stringify(MARK)};\n${script}`], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1', ...LAMBDA_ENV, ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  // The handler logs as it works: the times follow the mark.
  const at = stdout.lastIndexOf(MARK);
  if (at < 0) throw new Error(`invoking ${file} printed ${JSON.stringify(stdout.slice(-2000))}, not its times`);
  return JSON.parse(stdout.slice(at + MARK.length)) as InvocationTimes;
}

const MARK = '@@cold-start@@';
