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
  it('takes the session secret as a NoEcho parameter of at least 32 characters and gives it to the pages, publishing, upload page, connectors (their pages), email alerts form and sign-in functions only', () => {
    const template = synthesised();
    template.hasParameter('SessionSecret', { Type: 'String', NoEcho: true, MinLength: 32 });
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as {
      Properties: { Description: string; Environment?: { Variables?: Record<string, unknown> } };
    }[];
    const holders = functions
      .filter((fn) => JSON.stringify(fn.Properties.Environment?.Variables ?? {}).includes('SessionSecret'))
      .map((fn) => fn.Properties.Description);
    // The publishing forms read the signed-in session too (they write as the person signed in), and
    // so do the upload page's function and the connectors', which serves their pages; the JSON bulk
    // import serves no page and has none. The email alerts form signs its CSRF token with it, and the
    // provider sign-in its flow's cookie and the session it starts.
    expect(holders.sort()).toEqual([
      'Partnership Hub body pages',
      'Partnership Hub calendar, protocol and tracker pages',
      'Partnership Hub connectors and their pages',
      'Partnership Hub email alerts form',
      'Partnership Hub pages',
      'Partnership Hub plan variation pages',
      'Partnership Hub publishing forms',
      'Partnership Hub sign-in through identity providers',
      'Partnership Hub sign-in, email links and API reference',
      'Partnership Hub upload page',
    ]);
    for (const holder of holders) {
      const fn = functions.find((candidate) => candidate.Properties.Description === holder)!;
      expect(fn.Properties.Environment?.Variables).toMatchObject({
        HUB_SESSION_SECRET: { Ref: 'SessionSecret' },
        HUB_ASSETS_DIR: LAMBDA_ASSETS_DIR,
      });
    }
  });

  it("copies GOV.UK Frontend's compiled stylesheet beside the pages' bundle, and the OpenAPI document beside the sign-in function's, where HUB_ASSETS_DIR points", async () => {
    const copiedBy = async (handler: 'apiPages' | 'apiSignIn', file: string) => {
      const output = await mkdtemp(join(tmpdir(), 'partnership-hub-bundle-'));
      try {
        for (const command of nodejsFunctionBundling(handler).commandHooks!.afterBundling(repoRoot, output))
          await run('bash', ['-c', command]);
        return await readFile(join(output, 'assets', file), 'utf8');
      } finally {
        await rm(output, { recursive: true, force: true });
      }
    };
    expect(await copiedBy('apiPages', 'govuk-frontend.min.css')).toBe(
      await readFile(join(repoRoot, 'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css'), 'utf8'),
    );
    expect(await copiedBy('apiSignIn', 'openapi.json')).toBe(await readFile(join(repoRoot, 'functions/api/openapi.json'), 'utf8'));
    expect(LAMBDA_ASSETS_DIR).toBe('/var/task/assets');
  });

  it('adds no copy step to handlers that read no assets', () => {
    expect(nodejsFunctionBundling('projector').commandHooks).toBeUndefined();
    expect(nodejsFunctionBundling('api').commandHooks).toBeUndefined();
    expect(nodejsFunctionBundling().commandHooks).toBeUndefined();
  });
});
