import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LAMBDA_ASSETS_DIR, nodejsFunctionBundling, repoRoot } from '../src/aws/bundling.ts';

import { synthHub } from './support/synth.ts';

const run = promisify(execFile);

/** The browser pages in the stack: the session secret as a hidden parameter, and GOV.UK Frontend's stylesheet beside the API's bundle. */
const synthesised = () => synthHub({ stage: 'dev' }).template;

describe('the pages in the stack', () => {
  it('takes the session secret as a NoEcho parameter of at least 32 characters and gives it to the pages function only', () => {
    const template = synthesised();
    template.hasParameter('SessionSecret', { Type: 'String', NoEcho: true, MinLength: 32 });
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as {
      Properties: { Description: string; Environment?: { Variables?: Record<string, unknown> } };
    }[];
    const holders = functions
      .filter((fn) => JSON.stringify(fn.Properties.Environment?.Variables ?? {}).includes('SessionSecret'))
      .map((fn) => fn.Properties.Description);
    expect(holders).toEqual(['Partnership Hub pages']);
    const pages = functions.find((fn) => fn.Properties.Description === 'Partnership Hub pages')!;
    expect(pages.Properties.Environment?.Variables).toMatchObject({
      HUB_SESSION_SECRET: { Ref: 'SessionSecret' },
      HUB_ASSETS_DIR: LAMBDA_ASSETS_DIR,
    });
  });

  it("copies GOV.UK Frontend's compiled stylesheet and the OpenAPI document beside the pages' bundle, where HUB_ASSETS_DIR points", async () => {
    const hooks = nodejsFunctionBundling('apiPages').commandHooks!;
    const output = await mkdtemp(join(tmpdir(), 'partnership-hub-bundle-'));
    try {
      const commands = hooks.afterBundling(repoRoot, output);
      for (const command of commands) await run('bash', ['-c', command]);
      const copied = await readFile(join(output, 'assets', 'govuk-frontend.min.css'), 'utf8');
      const original = await readFile(join(repoRoot, 'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css'), 'utf8');
      expect(copied).toBe(original);
      expect(await readFile(join(output, 'assets', 'openapi.json'), 'utf8')).toBe(
        await readFile(join(repoRoot, 'functions/api/openapi.json'), 'utf8'),
      );
      expect(LAMBDA_ASSETS_DIR).toBe('/var/task/assets');
    } finally {
      await rm(output, { recursive: true, force: true });
    }
  });

  it('adds no copy step to handlers that read no assets', () => {
    expect(nodejsFunctionBundling('projector').commandHooks).toBeUndefined();
    expect(nodejsFunctionBundling('api').commandHooks).toBeUndefined();
    expect(nodejsFunctionBundling().commandHooks).toBeUndefined();
  });
});
