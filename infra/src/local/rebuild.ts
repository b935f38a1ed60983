import { runRebuildCommand } from './rebuild-command.ts';

/**
 * `npm run rebuild -- --area <id>` (or `--all`): derives an area's projections again from its
 * event log, in the data folder of a stopped local hub. `--help` says more.
 */
process.exitCode = await runRebuildCommand(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  env: process.env,
});
