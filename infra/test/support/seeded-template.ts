import { access, cp, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { southYorkshire } from '@partnership-hub/seed';
import { expect, inject } from 'vitest';
import { startLocalHub } from '../../src/local/hub.ts';
import { eventually, temporaryDirectory } from './client.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An empty folder for the whole run, where the first test file that needs it leaves a seeded data folder. */
    seededTemplateRoot: string;
  }
}

const TEMPLATE_WAIT_MS = 240_000;

/**
 * A data folder holding the South Yorkshire seed, fully projected, for a test file's own hub.
 * Seeding costs several seconds of CPU (every seeded write goes through the API and the consumers);
 * the test files that only need a seeded hub to read (the browser files) each took that, side by side,
 * on a 2-core machine. Now the first of them seeds one stopped hub's folder, under a lock any worker
 * process can see (an atomic mkdir), and every file copies it: a start on a folder already seeded
 * with this seed writes nothing (infra/src/local/seed-loader.ts decides that from the seed's digest).
 * The root comes from the run's global setup (infra/test/support/global-setup.ts), which removes it.
 */
export async function seededDataFolder(): Promise<{ path: string; remove: () => Promise<void> }> {
  const root = inject('seededTemplateRoot');
  const template = join(root, 'south-yorkshire');
  const failed = join(root, 'seeding-failed.txt');
  let seeding = false;
  try {
    await mkdir(join(root, 'seeding.lock'));
    seeding = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (seeding) {
    try {
      await seedTemplate(template);
    } catch (error) {
      await writeFile(failed, String((error as Error).stack ?? error));
      throw error;
    }
  } else {
    await eventually(async () => {
      const failure = await readFile(failed, 'utf8').catch(() => undefined);
      if (failure) throw new Error(`another test file failed to seed the template data folder:\n${failure}`);
      await access(template);
    }, TEMPLATE_WAIT_MS).catch((error: Error) => {
      // A failure to seed is the answer itself; only the wait's own timeout needs naming.
      if (error.message.startsWith('another test file')) throw error;
      throw new Error(`no seeded template data folder appeared in ${root} within ${TEMPLATE_WAIT_MS / 1000} s`);
    });
  }
  const data = await temporaryDirectory();
  await cp(template, data.path, { recursive: true });
  return data;
}

async function seedTemplate(template: string): Promise<void> {
  const building = `${template}.building`;
  const hub = await startLocalHub({ dataDir: building, port: 0, seed: southYorkshire });
  try {
    // The projector builds the joint view from the seeded events: wait until it has them all.
    await eventually(async () => {
      const view = (await (await fetch(`${hub.url}/v1/areas/south-yorkshire/joint-priorities`)).json()) as { gaps: { theme: string }[] };
      expect(view.gaps.map((gap) => gap.theme)).toContain('violence-against-women-and-girls');
      const protocols = (await (await fetch(`${hub.url}/v1/areas/south-yorkshire/protocols`)).json()) as { protocols: unknown[] };
      expect(protocols.protocols).toHaveLength(southYorkshire.protocols.length);
    }, 60_000);
    await hub.idle();
  } finally {
    await hub.stop();
  }
  // Only a complete folder ever has the template's name.
  await rename(building, template);
}
