import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(REPO_ROOT, 'infra', 'src', 'local', 'main.ts');

/**
 * What `npm start` runs (infra/src/local/main.ts), built once with esbuild into one file, for tests
 * that start the hub as a process of its own again and again. `npm start` runs it through tsx,
 * which transforms every module on each start: 2.9-3.4 s a start on this machine, against about 1 s
 * for the same code bundled. Its npm dependencies are bundled too: started on a copy of the seeded
 * data folder, three starts each way interleaved (load 11), 4.0-8.4 s against 6.7-9.4 s with them
 * left to node_modules. Only the embedded DynamoDB stays outside (dynalite and classic-level:
 * LevelDB's binding finds its native build beside its own files). The file is written under
 * infra/cdk.out (git-ignored) so that those imports, and the API's look-up of govuk-frontend's stylesheet, resolve
 * from the repository's node_modules as they do for `npm start`.
 */
export async function bundleLocalMain(): Promise<{ file: string; remove: () => Promise<void> }> {
  const parent = join(REPO_ROOT, 'infra', 'cdk.out');
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(join(parent, 'local-main-'));
  const file = join(dir, 'main.mjs');
  await build({
    entryPoints: [MAIN],
    bundle: true,
    outfile: file,
    absWorkingDir: REPO_ROOT,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['dynalite', 'classic-level'],
    // CommonJS dependencies bundled into an ES module still call `require` (as handlerBundle's banner
    // says, infra/src/aws/bundling.ts); aliased, since a bundled module imports createRequire itself.
    banner: {
      js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}
