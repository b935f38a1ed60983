import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from './support/client.ts';
import { bundleLocalMain } from './support/local-hub-bundle.ts';
import { seededDataFolder } from './support/seeded-template.ts';

/**
 * "An accepted change is never lost", tried the hard way: the hub runs as `npm start` runs it, in
 * a child process of its own, writers PUT priorities at it, and the process is killed with SIGKILL
 * (no shutdown, no flushing) at a random moment, then started again on the same data folder.
 * After the last restart every write that was answered 2xx must be readable, in the joint view,
 * and in the change feed exactly once, within 30 seconds.
 *
 * Costs about 30 s: a start on a copy of the suite's seeded data folder (seeding it again took
 * another 20 s), then a restart per kill. Each start runs `npm start`'s code bundled once by
 * esbuild (support/local-hub-bundle.ts) rather than through tsx, which transformed every module
 * again on each of the four starts.
 */
const AREA = 'south-yorkshire';
const BODY = 'safer-rotherham-partnership';
const KILLS = 3;
const WRITERS = 4;

interface Running {
  child: ChildProcess;
  url: string;
}

const children: ChildProcess[] = [];
let main: Awaited<ReturnType<typeof bundleLocalMain>> | undefined;

beforeAll(async () => {
  main = await bundleLocalMain();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await main?.remove();
});

/** Starts the hub as `npm start` does (one process, main.ts's code), and answers once it says where it listens. */
function startHub(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, [main!.file], {
    env: { ...process.env, HUB_DATA_DIR: dataDir, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the hub did not start within 60 s:\n${output}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Partnership Hub is running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Writers PUT new priorities until told to stop (or until the hub dies under them), adding each id acknowledged 2xx. */
async function write(url: string, key: string, round: number, stop: { now: boolean }, acknowledged: string[]): Promise<void> {
  const call = client(url);
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let n = 0; !stop.now; n++) {
        const id = `crash-${round}-${writer}-${n}`;
        try {
          const answer = await call('PUT', `/v1/areas/${AREA}/organisations/${BODY}/priorities/${id}`, {
            key,
            body: { title: `Written in round ${round} by writer ${writer}`, themes: ['anti-social-behaviour'], visibility: 'public' },
          });
          if (answer.status >= 200 && answer.status < 300) acknowledged.push(id);
        } catch {
          return; // the connection died with the hub: an unanswered write promises nothing
        }
      }
    }),
  );
}

describe('a hub killed mid-write', () => {
  it('keeps every acknowledged write: readable, in the joint view, and exactly once in the change feed', async () => {
    const data = await seededDataFolder();
    try {
      let hub = await startHub(data.path);
      const credentials = JSON.parse(await readFile(`${data.path}/dev-credentials.json`, 'utf8'));
      const key: string = credentials.organisations.find((entry: { organisationId: string }) => entry.organisationId === BODY).key;

      const acknowledged: string[] = [];
      for (let round = 1; round <= KILLS; round++) {
        const stop = { now: false };
        const before = acknowledged.length;
        const writing = write(hub.url, key, round, stop, acknowledged);
        // Writes are under way (some already answered) when the kill comes, at a random moment.
        await expect.poll(() => acknowledged.length - before, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(WRITERS);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 1000));
        await kill(hub.child);
        stop.now = true;
        await writing;
        hub = await startHub(data.path);
      }

      const call = client(hub.url);
      await expect
        .poll(
          async () => {
            const missing: string[] = [];
            for (const id of acknowledged) {
              const answer = await call('GET', `/v1/areas/${AREA}/organisations/${BODY}/priorities/${id}`);
              if (answer.status !== 200) missing.push(id);
            }
            return missing;
          },
          { timeout: 30_000, interval: 500 },
        )
        .toEqual([]);

      await expect
        .poll(
          async () => {
            const view = await call('GET', `/v1/areas/${AREA}/joint-priorities`);
            const inView = new Set<string>(
              view.body.themes.flatMap((theme: { organisations: { priorities: { id: string }[] }[] }) =>
                theme.organisations.flatMap((organisation) => organisation.priorities.map((priority) => priority.id)),
              ),
            );
            return acknowledged.filter((id) => !inView.has(id));
          },
          { timeout: 30_000, interval: 500 },
        )
        .toEqual([]);

      await expect
        .poll(
          async () => {
            const seen = new Map<string, number>();
            let cursor: string | undefined;
            for (;;) {
              const query = new URLSearchParams({ limit: '500', ...(cursor ? { after: cursor } : {}) });
              const page = await call('GET', `/v1/areas/${AREA}/changes?${query}`);
              if (page.body.changes.length === 0) break;
              for (const change of page.body.changes as { subject: { type: string; id: string } }[]) {
                if (change.subject.type === 'priority') seen.set(change.subject.id, (seen.get(change.subject.id) ?? 0) + 1);
              }
              cursor = page.body.cursor;
            }
            return acknowledged.filter((id) => seen.get(id) !== 1).map((id) => `${id}: ${seen.get(id) ?? 0} times`);
          },
          { timeout: 30_000, interval: 500 },
        )
        .toEqual([]);

      await kill(hub.child);
    } finally {
      await data.remove();
    }
  }, 240_000);
});
