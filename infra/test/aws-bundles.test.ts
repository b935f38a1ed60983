import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HandlerName, handlerBundle, handlerEntries, repoRoot } from '../src/aws/bundling.ts';
import { addHub, cdkJsonContext } from '../src/aws/hub-app.ts';

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

// Under the repository (cdk.out/ is git-ignored at any depth), so that the bundles' external
// `@aws-sdk/*` imports resolve from node_modules as they do from the runtime in Lambda.
const outdirParent = join(repoRoot, 'infra', 'cdk.out');
let outdir: string;
let bundles: { handler: HandlerName; file: string; bytes: number }[];
/** Each handler's own code: its bundle with the AWS SDK left out, as its budget counts it. */
let ownCode: Map<HandlerName, number>;

beforeAll(async () => {
  mkdirSync(outdirParent, { recursive: true });
  outdir = mkdtempSync(join(outdirParent, 'bundles-test-'));
  const app = new App({ outdir, context: { ...cdkJsonContext(), stage: 'dev' } });
  const stack = addHub(app);
  const template = Template.fromStack(stack);
  const assemblyDir = app.synth().directory;
  bundles = Object.values(template.findResources('AWS::Lambda::Function')).map((fn) => {
    const { Description: description, Code: code } = (fn as { Properties: { Description: string; Code: { S3Key: string } } }).Properties;
    const handler = HANDLER_BY_DESCRIPTION[description];
    if (!handler) throw new Error(`No handler is known for the function "${description}"`);
    // The asset's zip is named by its hash, and the staged directory is asset.<hash>.
    const file = join(assemblyDir, `asset.${code.S3Key.replace(/\.zip$/, '')}`, handlerBundle.outputFile);
    return { handler, file, bytes: statSync(file).size };
  });
  ownCode = new Map(
    handlerBundle.external.includes('@aws-sdk/*')
      ? bundles.map((bundle) => [bundle.handler, bundle.bytes] as const)
      : await ownCodeSizes(Object.keys(handlerEntries) as HandlerName[]),
  );
  // Twenty-five esbuild bundles (NodejsFunction runs esbuild once per function), then one build of
  // the handlers' own code: a minute or so on a quiet 2-core machine, more when it is shared.
}, 450_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/**
 * Each handler's own code, as its budget counts it: built the way the stack builds it but with the
 * AWS SDK left out, every handler in one esbuild run. Output for output it is what a build per
 * handler gives (no code splitting, so each entry's output holds everything it imports), and
 * esbuild parses the modules the handlers share once instead of nineteen times.
 */
async function ownCodeSizes(handlers: HandlerName[]): Promise<[HandlerName, number][]> {
  const result = await build({
    entryPoints: Object.fromEntries(handlers.map((handler) => [handler, join(repoRoot, handlerEntries[handler])])),
    bundle: true,
    write: false,
    metafile: true,
    absWorkingDir: repoRoot,
    outdir: join(outdir, 'own-code'),
    outExtension: { '.js': '.mjs' },
    splitting: false,
    platform: handlerBundle.platform,
    target: handlerBundle.target,
    format: handlerBundle.format,
    minify: handlerBundle.minify,
    external: ['@aws-sdk/*'],
    mainFields: [...handlerBundle.mainFields],
    banner: { js: handlerBundle.banner },
    logLevel: 'error',
  });
  const outputs = Object.values(result.metafile.outputs);
  return handlers.map((handler) => {
    const output = outputs.find((candidate) => candidate.entryPoint === handlerEntries[handler]);
    if (!output) throw new Error(`esbuild gave no output for ${handler} (${handlerEntries[handler]})`);
    return [handler, output.bytes];
  });
}

/** Every handler the stack bundles (bundling.ts), each checked below. */
const HANDLERS = Object.keys(handlerEntries) as HandlerName[];

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

  it.each(HANDLERS)('%s imports and initialises in a plain node process, exporting its handler', async (handler) => {
    const bundle = bundles.find((candidate) => candidate.handler === handler)!;
    const script = `const module = await import(${JSON.stringify(pathToFileURL(bundle.file).href)}); console.log(typeof module.handler);`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1', ...LAMBDA_ENV },
    });
    expect(stdout.trim()).toBe('function');
  });
});
