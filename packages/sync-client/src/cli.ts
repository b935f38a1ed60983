import { parseArgs } from 'node:util';
import { directoryTarget, hubTarget, type SyncTarget, sync } from './sync.ts';

const USAGE = `Usage:
  partnership-hub sync --from <hubUrl> --area <areaId> [--key <key>]
      (--to-dir <dir> | --to-hub <hubUrl> --to-key <key> --organisation <organisationId> [--to-area <areaId>])
      [--state <file>] [--limit <n>] [--follow <seconds>]

Follows a hub's change feed and mirrors it into a folder of JSON files (one per subject; withdrawn
ones removed) or into another hub's bulk import (one body's priorities and work programme).
Resumable: the cursor is saved in the state file (default .partnership-hub-sync.json) after
every batch; run the same command again to carry on. Progress goes to stderr.`;

/** The command line. Answers the exit code. */
export async function main(
  argv: string[],
  io: { stderr: (line: string) => void } = { stderr: (line) => process.stderr.write(`${line}\n`) },
): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'sync') {
    io.stderr(USAGE);
    return command === '--help' || command === 'help' ? 0 : 2;
  }
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        from: { type: 'string' },
        area: { type: 'string' },
        key: { type: 'string' },
        'to-dir': { type: 'string' },
        'to-hub': { type: 'string' },
        'to-key': { type: 'string' },
        'to-area': { type: 'string' },
        organisation: { type: 'string' },
        state: { type: 'string' },
        limit: { type: 'string' },
        follow: { type: 'string' },
      },
      strict: true,
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const missing = ['from', 'area'].filter((name) => !values[name]);
  if (!values['to-dir'] && !values['to-hub']) missing.push('to-dir or to-hub');
  if (values['to-hub'] && !values['to-key']) missing.push('to-key');
  if (values['to-hub'] && !values.organisation) missing.push('organisation');
  if (missing.length > 0) {
    io.stderr(`Missing: ${missing.map((name) => `--${name}`).join(', ')}\n\n${USAGE}`);
    return 2;
  }
  const target: SyncTarget = values['to-dir']
    ? directoryTarget(values['to-dir'])
    : hubTarget({
        url: values['to-hub']!,
        key: values['to-key']!,
        organisation: values.organisation!,
        area: values['to-area'] ?? values.area!,
      });
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await sync({
      from: values.from!,
      area: values.area!,
      ...(values.key ? { key: values.key } : {}),
      target,
      stateFile: values.state ?? '.partnership-hub-sync.json',
      ...(values.limit ? { limit: Number(values.limit) } : {}),
      ...(values.follow ? { followEveryMs: Number(values.follow) * 1000 } : {}),
      signal: controller.signal,
      progress: (message) => io.stderr(`partnership-hub sync: ${message}`),
    });
    return 0;
  } catch (error) {
    io.stderr(`partnership-hub sync: ${(error as Error).message}`);
    return 1;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
