/**
 * `npm run bench`: runs each performance section against the embedded stack and prints ONE JSON
 * document on stdout (progress goes to stderr). Missed targets are reported in the JSON
 * (`"met": false`); the exit code is non-zero only when something actually went wrong.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Far above the expected run (~60 s plus other sections): a safety net, never the normal end. */
const WATCHDOG_MS = 300_000;

type Section = () => Promise<Record<string, unknown>>;

const problems: string[] = [];
const fail = (what: string, error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  process.stderr.write(`[bench] ${what}: ${message}\n`);
};
process.on('unhandledRejection', (reason) => fail('unhandled rejection', reason));

const watchdog = setTimeout(() => {
  process.stderr.write(`[bench] still running after ${WATCHDOG_MS} ms: giving up\n`);
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();

async function runSection(name: string, load: () => Promise<Section>): Promise<Record<string, unknown>> {
  const started = Date.now();
  try {
    const section = await load();
    const result = await section();
    process.stderr.write(`[bench] ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return result;
  } catch (error) {
    fail(name, error);
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const cpuList = cpus();
const report: Record<string, unknown> = {
  machine: {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model ?? null,
    totalMemoryMiB: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    /** Other work on the machine competes with the bench: figures taken under load are lower and noisier. */
    loadAverage1m: { atStart: Math.round(loadavg()[0]! * 100) / 100, atEnd: null as number | null },
  },
  startedAt: new Date().toISOString(),
};

// The cold-start section lands separately: load it only when its file is there. It runs first,
// before this process has loaded the hub's modules or grown its heap with the other sections.
const coldStartFile = fileURLToPath(new URL('./sections/cold-start.ts', import.meta.url));
let coldStart: Record<string, unknown> | undefined;
if (existsSync(coldStartFile)) {
  coldStart = await runSection('coldStart', async () => {
    const module = (await import(new URL('./sections/cold-start.ts', import.meta.url).href)) as { coldStart?: unknown };
    if (typeof module.coldStart !== 'function') throw new Error('bench/sections/cold-start.ts does not export coldStart()');
    return module.coldStart as Section;
  });
}

report.hubCore = await runSection('hubCore', async () => (await import('./hub-core.ts')).hubCore);
report.pages = await runSection('pages', async () => (await import('./sections/pages.ts')).pages);
report.notifications = await runSection('notifications', async () => (await import('./sections/notifications.ts')).notifications);
report.feeds = await runSection('feeds', async () => (await import('./sections/feeds.ts')).feeds);
if (coldStart !== undefined) report.coldStart = coldStart;
report.finishedAt = new Date().toISOString();
(report.machine as { loadAverage1m: { atEnd: number | null } }).loadAverage1m.atEnd = Math.round(loadavg()[0]! * 100) / 100;
if (problems.length > 0) report.errors = problems;

process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.exitCode = problems.length > 0 ? 1 : 0;
// Everything was stopped; should a stray handle keep the process up, do not hang on it.
setTimeout(() => process.exit(), 5_000).unref();
