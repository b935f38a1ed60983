import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HandlerName, handlerAssets, handlerBundle, handlerEntries, repoRoot } from '../src/aws/bundling.ts';
import { HubFunction } from '../src/aws/constructs/hub-function.ts';
import { cdkJsonContext } from '../src/aws/hub-app.ts';
import { stageFromContext } from '../src/aws/stage.ts';
import { synthHub } from './support/synth.ts';

const run = promisify(execFile);
const KB = 1024;

/**
 * The target for every handler: its own code at most 300 KB minified. The deployed bundle also
 * carries the AWS SDK's clients, tree-shaken (see handlerBundle in bundling.ts), so the budget is
 * checked on the handler built the same way with the SDK left out.
 */
const TARGET_BYTES = 300 * KB;

/**
 * Handlers over the target, each with why and the ceiling it must stay under meanwhile, so that
 * growth is still caught. When the reason is fixed the entry goes (a test below says when).
 */
const overTarget: Partial<Record<HandlerName, { ceilingBytes: number; reason: string }>> = {};

/** Which handler a function is, from the description HubFunction gives it. */
const HANDLER_BY_DESCRIPTION: Record<string, HandlerName> = {
  'Partnership Hub API': 'api',
  'Partnership Hub feeds': 'apiFeeds',
  'Partnership Hub bulk import': 'apiImports',
  'Partnership Hub pages': 'apiPages',
  'Partnership Hub sign-in, email links and API reference': 'apiSignIn',
  'Partnership Hub publishing forms': 'apiPublishing',
  'Partnership Hub projector: brings the views up to date from each event': 'projector',
  'Partnership Hub log relay: publishes each appended event from the table stream': 'logRelay',
  'Partnership Hub outbox sweep: publishes events the stream relay could not': 'outboxSweep',
  'Partnership Hub notifier: matches each event to subscriptions and queues deliveries': 'notifier',
  'Partnership Hub delivery worker: sends signed webhooks and emails, with retries': 'deliveryWorker',
  'Partnership Hub daily digest: queues one email per digest subscription': 'digest',
  "Partnership Hub change feed: appends each event to its area's change feed": 'changeFeed',
  'Partnership Hub overdue check: records requests due soon and overdue': 'overdueCheck',
  'Partnership Hub requests, meetings and members': 'apiPartners',
  'Partnership Hub subscriptions': 'apiSubscriptions',
  'Partnership Hub calendar feeds': 'apiCalendars',
  'Partnership Hub body pages': 'apiBodyPages',
  'Partnership Hub calendar, protocol and tracker pages': 'apiTrackerPages',
  'Partnership Hub plan variation pages': 'apiVariationPages',
  'Partnership Hub connectors and their pages': 'apiConnectors',
  "Partnership Hub connector runner: imports meetings from a council's ModernGov": 'connectorRun',
  'Partnership Hub connector schedule: starts the connector runs that are due': 'connectorSweep',
  'Partnership Hub email alerts form': 'apiAlerts',
  'Partnership Hub sign-in through identity providers': 'apiSignInOidc',
  'Partnership Hub upload page': 'apiUploads',
};

// Lambda's environment, as far as module initialisation reads it.
const LAMBDA_ENV = {
  TABLE_NAME: 'partnership-hub-test',
  BUS_NAME: 'partnership-hub-test',
  HUB_ADMIN_KEY_HASH: '0'.repeat(64),
  AWS_REGION: 'eu-west-2',
  POWERTOOLS_SERVICE_NAME: 'partnership-hub-test',
  DELIVERY_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/123456789012/deliveries',
  HUB_PUBLIC_BASE_URL: 'https://hub.example.org',
  HUB_EMAIL_FROM: 'alerts@hub.example.org',
  CONNECTOR_RUN_FUNCTION: 'partnership-hub-test-connector-runner',
  HUB_CLIENT_SECRETS_PREFIX: 'partnership-hub/test/identity-providers/',
};

/** Every handler the stack bundles (bundling.ts), each checked below. */
const HANDLERS = Object.keys(handlerEntries) as HandlerName[];

// Under the repository (cdk.out/ is git-ignored at any depth), so that the bundles resolve
// anything left external from node_modules as they would from the runtime in Lambda.
const outdirParent = join(repoRoot, 'infra', 'cdk.out');
let outdir: string;
/** The stack's functions, from its synthesis without bundling, and each handler's bundle from the one build below. */
let bundles: { handler: HandlerName; file: string; bytes: number }[];
/** Each handler's own code: its bundle with the AWS SDK left out, as its budget counts it. */
let ownCode: Map<HandlerName, number>;
/** The one handler NodejsFunction itself bundles, in a stack of its own, and the file it wrote. */
const PROBE: HandlerName = 'apiPages';
let probeAssetDir: string;

beforeAll(async () => {
  mkdirSync(outdirParent, { recursive: true });
  outdir = mkdtempSync(join(outdirParent, 'bundles-test-'));
  // The stack's structure from the synthesis the other synth files share (bundling skipped there):
  // which functions it has, each named by the description HubFunction gives it.
  const { template } = synthHub({ stage: 'dev' });
  const handlers = Object.values(template.findResources('AWS::Lambda::Function')).map((fn) => {
    const { Description: description } = (fn as { Properties: { Description: string } }).Properties;
    const handler = HANDLER_BY_DESCRIPTION[description];
    if (!handler) throw new Error(`No handler is known for the function "${description}"`);
    return handler;
  });
  // What they deploy: every handler built in one esbuild run with handlerBundle's options, which
  // the stack hands to NodejsFunction (nodejsFunctionBundling). NodejsFunction runs esbuild once per
  // function, 26 runs of about 2.5 s each that parse the same shared modules again; one run parses
  // them once and gives each entry the same output (no code splitting). The probe below proves the
  // two ways give the same bytes, so that options drifting apart fail this file.
  const deployed = await buildHandlers(HANDLERS, handlerBundle.external, join(outdir, 'deployed'));
  bundles = handlers.map((handler) => {
    const file = join(outdir, 'deployed', `${handler}.mjs`);
    return { handler, file, bytes: deployed.get(handler)! };
  });
  ownCode = handlerBundle.external.includes('@aws-sdk/*')
    ? deployed
    : await buildHandlers(HANDLERS, ['@aws-sdk/*'], join(outdir, 'own-code'));
  probeAssetDir = synthesiseOneFunction(PROBE, join(outdir, 'probe'));
}, 450_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/**
 * Builds the handlers in one esbuild run with handlerBundle's options and the given externals,
 * writing each to `<dir>/<handler>.mjs`, and gives each output's size. Output for output it is what a
 * build per handler gives (no code splitting, so each entry's output holds everything it imports).
 */
async function buildHandlers(
  handlers: readonly HandlerName[],
  external: readonly string[],
  dir: string,
): Promise<Map<HandlerName, number>> {
  const result = await build({
    entryPoints: Object.fromEntries(handlers.map((handler) => [handler, join(repoRoot, handlerEntries[handler])])),
    bundle: true,
    write: true,
    metafile: true,
    absWorkingDir: repoRoot,
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    splitting: false,
    platform: handlerBundle.platform,
    target: handlerBundle.target,
    format: handlerBundle.format,
    minify: handlerBundle.minify,
    external: [...external],
    mainFields: [...handlerBundle.mainFields],
    banner: { js: handlerBundle.banner },
    logLevel: 'error',
  });
  const outputs = Object.values(result.metafile.outputs);
  return new Map(
    handlers.map((handler) => {
      const output = outputs.find((candidate) => candidate.entryPoint === handlerEntries[handler]);
      if (!output) throw new Error(`esbuild gave no output for ${handler} (${handlerEntries[handler]})`);
      return [handler, output.bytes] as const;
    }),
  );
}

/**
 * Synthesises one HubFunction, bundled by NodejsFunction exactly as the stack bundles each of its
 * functions, in a stack of its own, and gives the folder of its staged asset.
 */
function synthesiseOneFunction(handler: HandlerName, dir: string): string {
  const app = new App({ outdir: dir, context: { ...cdkJsonContext(), stage: 'dev' } });
  const stack = new Stack(app, 'BundleProbe');
  new HubFunction(stack, 'Probe', {
    handler,
    description: `Bundle probe: ${handler}`,
    stage: stageFromContext(app.node),
    serviceName: 'partnership-hub-bundle-probe',
    environment: {},
    memorySize: 512,
    timeout: Duration.seconds(10),
  });
  const template = Template.fromStack(stack);
  const assemblyDir = app.synth().directory;
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
  const { S3Key: key } = (fn as { Properties: { Code: { S3Key: string } } }).Properties.Code;
  // The asset's zip is named by its hash, and the staged directory is asset.<hash>.
  return join(assemblyDir, `asset.${key.replace(/\.zip$/, '')}`);
}

/**
 * Imports each bundle in a fresh worker thread (its own module graph and globals, as a process of
 * its own would have) inside one plain node process with Lambda's environment, and gives, for each
 * file, the type of its `handler` export or the error that stopped it. One process instead of one
 * per bundle: 26 node start-ups cost more than the imports on a loaded 2-core machine.
 */
async function importEach(files: string[]): Promise<Record<string, string>> {
  const script = `
    import { Worker } from 'node:worker_threads';
    const files = ${JSON.stringify(files.map((file) => pathToFileURL(file).href))};
    const results = {};
    for (const url of files) {
      results[url] = await new Promise((resolve) => {
        const worker = new Worker(
          "import('node:worker_threads').then(({ parentPort }) => import(" + JSON.stringify(url) + ").then((m) => parentPort.postMessage(typeof m.handler), (e) => parentPort.postMessage('failed: ' + (e && e.stack || e))))",
          { eval: true },
        );
        let result;
        worker.on('message', (message) => { result = message; });
        worker.on('error', (error) => { result ??= 'failed: ' + (error && error.stack || error); });
        worker.on('exit', (code) => resolve(result ?? 'exited with ' + code + ' and no result'));
      });
    }
    console.log(JSON.stringify(results));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1', ...LAMBDA_ENV },
    maxBuffer: 16 * 1024 * 1024,
  });
  const results = JSON.parse(stdout) as Record<string, string>;
  return Object.fromEntries(files.map((file) => [file, results[pathToFileURL(file).href] ?? 'not imported']));
}

describe('the synthesised handler bundles', () => {
  it('are one ES module per function', () => {
    expect(bundles.map((bundle) => bundle.handler).sort()).toEqual([
      'api',
      'apiAlerts',
      'apiBodyPages',
      'apiCalendars',
      'apiConnectors',
      'apiFeeds',
      'apiImports',
      'apiPages',
      'apiPartners',
      'apiPublishing',
      'apiSignIn',
      'apiSignInOidc',
      'apiSubscriptions',
      'apiTrackerPages',
      'apiUploads',
      'apiVariationPages',
      'changeFeed',
      'connectorRun',
      'connectorSweep',
      'deliveryWorker',
      'digest',
      'logRelay',
      'notifier',
      'outboxSweep',
      'overdueCheck',
      'projector',
    ]);
  });

  it.each(HANDLERS)('%s is within its size budget (target 300 KB minified, the AWS SDK left out)', (handler) => {
    const bundle = bundles.find((candidate) => candidate.handler === handler)!;
    const own = ownCode.get(handler)!;
    const limit = overTarget[handler]?.ceilingBytes ?? TARGET_BYTES;
    console.info(
      `${handler}: ${(own / KB).toFixed(1)} KB of its own (limit ${limit / KB} KB); deployed ${(bundle.bytes / KB).toFixed(1)} KB`,
    );
    expect(own).toBeLessThanOrEqual(limit);
  });

  it('lists a handler as over the target only while it is', () => {
    const fixed = bundles
      .filter((bundle) => overTarget[bundle.handler] && ownCode.get(bundle.handler)! <= TARGET_BYTES)
      .map((bundle) => `${bundle.handler} (${(ownCode.get(bundle.handler)! / KB).toFixed(1)} KB)`);
    expect(fixed, 'within the 300 KB target now: remove from overTarget').toEqual([]);
  });

  it(`as NodejsFunction builds them (${PROBE} built both ways gives the same bytes)`, () => {
    const oneBuild = readFileSync(bundles.find((bundle) => bundle.handler === PROBE)!.file);
    const nodejsFunction = readFileSync(join(probeAssetDir, handlerBundle.outputFile));
    expect(nodejsFunction.length, 'the bundle NodejsFunction wrote, against the one-build output').toBe(oneBuild.length);
    expect(nodejsFunction.equals(oneBuild), 'same bytes').toBe(true);
    // The files copied beside the bundle (handlerAssets) are there too.
    for (const { to } of handlerAssets[PROBE] ?? []) expect(existsSync(join(probeAssetDir, to)), to).toBe(true);
  });

  describe('each imports and initialises in a plain node process, exporting its handler', () => {
    let imported: Record<string, string>;
    beforeAll(async () => {
      imported = await importEach(bundles.map((bundle) => bundle.file));
    }, 300_000);

    it.each(HANDLERS)('%s', (handler) => {
      const bundle = bundles.find((candidate) => candidate.handler === handler)!;
      expect(imported[bundle.file]).toBe('function');
    });
  });
});
