import { afterAll, describe } from 'vitest';
import { removeSynthOutputs } from './support/synth.ts';

/**
 * The synth tests (the stack synthesised offline as `cdk synth` builds it, cdk-nag, and every
 * handler's bundle), one module each beside this file, run as one test file so that one vitest
 * worker runs them all. Each worker process that synthesises pays once for loading aws-cdk-lib,
 * starting CloudFormation validation's engine (cdk.json turns it on; it checks every synthesis)
 * and a first synthesis: about 11 s of CPU, most of it the engine. Spread over the three workers
 * as eight test files, the synth tests took 66 s of CPU here (42 s of wall, run alone); in one
 * worker, 32 s (28 s). A describe per module keeps each module's hooks to its own tests.
 */
afterAll(removeSynthOutputs);

describe('aws-stack.synth.ts', async () => {
  await import('./aws-stack.synth.ts');
});
describe('aws-feeds.synth.ts', async () => {
  await import('./aws-feeds.synth.ts');
});
describe('aws-notifications.synth.ts', async () => {
  await import('./aws-notifications.synth.ts');
});
describe('aws-people.synth.ts', async () => {
  await import('./aws-people.synth.ts');
});
describe('aws-oidc.synth.ts', async () => {
  await import('./aws-oidc.synth.ts');
});
describe('aws-pages.synth.ts', async () => {
  await import('./aws-pages.synth.ts');
});
describe('aws-connectors.synth.ts', async () => {
  await import('./aws-connectors.synth.ts');
});
describe('aws-bundles.synth.ts', async () => {
  await import('./aws-bundles.synth.ts');
});
