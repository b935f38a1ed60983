import { parseArgs } from 'node:util';
import { importFromModernGov } from './moderngov.ts';
import { directoryTarget, hubTarget, type SyncTarget, sync } from './sync.ts';

const USAGE = `Usage:
  partnership-hub sync --from <hubUrl> --area <areaId> [--key <key>]
      (--to-dir <dir> | --to-hub <hubUrl> --to-key <key> --organisation <organisationId> [--to-area <areaId>])
      [--state <file>] [--limit <n>] [--follow <seconds>]

Follows a hub's change feed and mirrors it into a folder of JSON files (one per subject; withdrawn
ones removed) or into another hub's bulk import (one body's priorities and work programme).
Resumable: the cursor is saved in the state file (default .partnership-hub-sync.json) after
every batch; run the same command again to carry on. Progress goes to stderr.

  partnership-hub moderngov --base-url <councilSite> --committee <committeeId>
      --organisation <organisationId> --area <areaId> --hub <hubUrl> [--key <key>]
      [--days-back <n>] [--days-ahead <n>]

Imports one committee's meetings and agendas from a council's ModernGov web service
(<councilSite>/mgWebService.asmx) into the body's meetings on the hub, with the body's key
(--key or HUB_KEY). Reads the meetings from days-back (default 90) to days-ahead (default 365),
prints a line per meeting (created, revised, cancelled, unchanged) and a summary. A meeting the
body withdrew on the hub is not re-created. Running it again changes nothing unless the council
changed something. The council must be at a public
https address; HUB_ALLOW_LOOPBACK_WEBHOOKS=1 also allows http to loopback, for trials.`;

interface Io {
  stderr: (line: string) => void;
  /** Where HUB_KEY and HUB_ALLOW_LOOPBACK_WEBHOOKS are read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** The command line. Answers the exit code. */
export async function main(argv: string[], io: Io = { stderr: (line) => process.stderr.write(`${line}\n`) }): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'moderngov') return moderngov(rest, io);
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

const MODERNGOV_OPTIONS = {
  'base-url': { type: 'string' },
  committee: { type: 'string' },
  organisation: { type: 'string' },
  area: { type: 'string' },
  hub: { type: 'string' },
  key: { type: 'string' },
  'days-back': { type: 'string' },
  'days-ahead': { type: 'string' },
} as const;

/** `partnership-hub moderngov`: exit 0 when every meeting was written or unchanged, 1 when any was not, 2 for a usage error. */
async function moderngov(args: string[], io: Io): Promise<number> {
  const env = io.env ?? process.env;
  const say = (line: string) => io.stderr(`partnership-hub moderngov: ${line}`);
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({ args, options: MODERNGOV_OPTIONS, strict: true }) as { values: Record<string, string | undefined> });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const key = values.key ?? env.HUB_KEY;
  const missing = ['base-url', 'committee', 'organisation', 'area', 'hub'].filter((name) => !values[name]).map((name) => `--${name}`);
  if (!key) missing.push('--key (or HUB_KEY)');
  const days = (name: string) => (values[name] === undefined ? undefined : Number(values[name]));
  const wrongDays = ['days-back', 'days-ahead'].filter((name) => {
    const value = days(name);
    return value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= 3660);
  });
  if (missing.length > 0 || wrongDays.length > 0) {
    const problems = [
      ...(missing.length > 0 ? [`Missing: ${missing.join(', ')}`] : []),
      ...wrongDays.map((name) => `--${name} must be a whole number of days from 0 to 3660`),
    ];
    io.stderr(`${problems.join('\n')}\n\n${USAGE}`);
    return 2;
  }
  try {
    const report = await importFromModernGov({
      baseUrl: values['base-url']!,
      committee: values.committee!,
      hub: { url: values.hub!, key: key!, area: values.area!, organisation: values.organisation! },
      allowLoopback: env.HUB_ALLOW_LOOPBACK_WEBHOOKS === '1',
      ...(days('days-back') !== undefined ? { daysBack: days('days-back')! } : {}),
      ...(days('days-ahead') !== undefined ? { daysAhead: days('days-ahead')! } : {}),
      progress: say,
    });
    const { created, revised, cancelled, unchanged } = report.meetings;
    say(
      `${created} created, ${revised} revised, ${cancelled} cancelled, ${unchanged} unchanged${report.errors.length > 0 ? `; ${report.errors.length} not written` : ''}`,
    );
    for (const error of report.errors) say(`not written: ${error}`);
    return report.errors.length > 0 ? 1 : 0;
  } catch (error) {
    say(`failed, nothing written: ${(error as Error).message}`);
    return 1;
  }
}
