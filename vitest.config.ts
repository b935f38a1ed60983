import { readFileSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const exclude = [...configDefaults.exclude, '**/dist/**', '**/cdk.out/**'];
/** The synth tests: one file, whose modules (infra/test/aws-*.synth.ts) one worker runs (see the file). */
const synthTests = 'infra/test/aws.test.ts';

/** Whether a test file runs on a copy of the run's seeded data folder (infra/test/support/seeded-template.ts): every browser file does. */
function needsSeededTemplate(file: TestSpecification): boolean {
  // An import of it, not a mention in a comment: the local run's file names it and seeds its own hubs.
  return (
    file.moduleId.includes('/infra/test/browser/') || /from '[./]*\/support\/seeded-template\.ts'/.test(readFileSync(file.moduleId, 'utf8'))
  );
}

/**
 * The longest files start first, so that none of them is the last thing running on a fresh clone.
 * Vitest's own order is the last run's durations where it has them, and otherwise file size (and
 * project name first): on a clean clone that started the browser files, the longest by far, after
 * dozens of larger but quicker files, and the suite waited on them alone at its end.
 *
 * One exception: the first file that needs the seeded data folder seeds it (4-5 s alone, far longer under load),
 * and a file that needs it too waits for it, doing nothing. So only one such file starts first; the
 * other workers start on the longest files that do not need it (the synth file; with more than two
 * workers, then the local run, which seeds its own hubs from scratch), and the other browser files
 * follow them.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) =>
      file.moduleId.includes('/infra/test/browser/') ? 0 : file.project.name === 'hub' ? 1 : file.project.name === 'synth' ? 2 : 3;
    const sorted = await super.sort(files);
    const ranked = sorted
      .map((file, index) => ({ file, index }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.index - b.index)
      .map(({ file }) => file);
    const waiting = new Set(ranked.filter(needsSeededTemplate));
    const seeder = ranked.find((file) => waiting.has(file));
    if (!seeder) return ranked;
    // The synth file, the longest of the rest (one worker's 30 s of CPU: it must not be the last thing
    // running), then hub files.
    const meanwhile = [
      ...ranked.filter((file) => file.project.name === 'synth'),
      ...ranked.filter((file) => file.project.name === 'hub' && !waiting.has(file)),
    ].slice(0, this.ctx.config.maxWorkers - 1);
    return [seeder, ...meanwhile, ...ranked.filter((file) => file !== seeder && !meanwhile.includes(file))];
  }
}

export default defineConfig({
  test: {
    sequence: { sequencer: LongestFirst },
    // One worker per core (Vitest's default on 2 cores is cores - 1). Three were faster while the
    // local hubs' table calls went over loopback HTTP and their workers waited on it (on 65 files:
    // 1 worker 161 s, 2 97-116 s, 3 86-90 s, 4 no less than 3); since those calls go to dynalite's
    // thread as messages, the whole suite back to back took 169 s with two workers and 201 s with
    // three (179 s and 188 s in another pair): a third worker's imports, Chromium and hubs only
    // contended for the same two cores.
    maxWorkers: 2,
    // Integration tests start embedded servers; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Keeps each module as transformed (TypeScript to JavaScript) in node_modules/.experimental-vitest-cache,
    // keyed by its content and the configuration, for the next run: the main process transforms the whole
    // hub for each project otherwise. One hub file alone took 6.1 s user CPU without it, 3.9 s with it warm;
    // the unit project's summed transform time went from 42 s (cache cold) to 16 s (warm). A clean clone
    // starts cold. `npx vitest --clearCache` empties it.
    experimental: { fsModuleCache: true },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{events,packages,functions}/**/test/**/*.test.ts'],
          exclude,
          // Unisolated: these files keep no state in modules (stores and clocks are made per test), and
          // importing zod, the AWS SDK and the app once per worker rather than once per file took the
          // same 55 files from 34 s to 10 s here.
          isolate: false,
        },
      },
      {
        extends: true,
        // The integration tests: embedded servers, child processes, the browser. Unisolated too: each
        // starts its own hubs and keeps no state in modules (no module mocks, no environment
        // changes), and importing the whole hub once per worker instead of once per file saved about
        // 25 s of CPU in a full run here (155 s -> 144 s).
        test: {
          name: 'hub',
          include: ['infra/**/test/**/*.test.ts'],
          exclude: [...exclude, synthTests],
          isolate: false,
          globalSetup: ['infra/test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'synth',
          include: [synthTests],
          exclude,
          // Unisolated, so that the synth files a worker runs share its module cache: CloudFormation
          // validation's engine starts once, and each stack configuration is synthesised once
          // (infra/test/support/synth.ts), instead of once per file.
          isolate: false,
          // The first file in a worker pays for all of that in its beforeAll, and aws-stack's synthesises
          // two configurations (dev and prod): that took over 120 s here with the machine at load 12.
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
