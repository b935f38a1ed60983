import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DataFolderInUseError, EmbeddedDynamoDb, type LocalAwsConnection } from '@partnership-hub/local-aws';
import { createDocumentClient, DynamoDbChangeFeed, DynamoDbEventLog, DynamoDbViewStore } from '@partnership-hub/store';
import { AreaNotFoundError, type RebuildSummary, rebuildArea } from '../rebuild/rebuild-area.ts';
import { DEFAULT_TABLE_NAME } from '../topology.ts';

export const REBUILD_USAGE = `Usage: npm run rebuild -- --area <id>
       npm run rebuild -- --all

Derives an area's projections again from its event log: each subject's view, the joint views and
the change feed. It works on the data folder of a STOPPED local hub (HUB_DATA_DIR, default
.hub-data, as npm start uses): stop the hub first; a folder a running hub holds is refused.
It puts back what is missing or behind and changes nothing else, so running it again changes
nothing. It publishes nothing and sends no notifications.

  --area <id>   the area to rebuild (e.g. south-yorkshire)
  --all         every area in the log
  -h, --help    this help`;

export interface RebuildCommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
}

/** Exit codes: 0 done (or help), 1 refused or failed, 2 wrong arguments. */
export async function runRebuildCommand(argv: string[], io: RebuildCommandIo): Promise<number> {
  const request = parseRequest(argv);
  if ('problem' in request) {
    io.err(request.problem);
    io.err(REBUILD_USAGE);
    return 2;
  }
  if (request.help) {
    io.out(REBUILD_USAGE);
    return 0;
  }

  const dataDir = resolve(io.env.HUB_DATA_DIR || '.hub-data');
  const databasePath = join(dataDir, 'dynamodb');
  // Checked first: dynalite would create an empty database where there was none.
  if (!existsSync(databasePath)) {
    io.err(`There is no hub data in ${dataDir} (HUB_DATA_DIR): nothing to rebuild.`);
    return 1;
  }

  const database = new EmbeddedDynamoDb({ path: databasePath });
  let connection: LocalAwsConnection;
  try {
    ({ connection } = await database.start());
  } catch (error) {
    if (!(error instanceof DataFolderInUseError)) throw error;
    io.err(`${dataDir} is in use by a running hub (its database is locked): stop the hub, then run the rebuild again.`);
    return 1;
  }
  const tables = new DynamoDBClient(connection);
  const documents = createDocumentClient(connection);
  try {
    if (!(await tableExists(tables))) {
      io.err(`There is no hub table in ${dataDir}: nothing to rebuild.`);
      return 1;
    }
    const stores = {
      eventLog: new DynamoDbEventLog(documents, DEFAULT_TABLE_NAME),
      views: new DynamoDbViewStore(documents, DEFAULT_TABLE_NAME),
      feed: new DynamoDbChangeFeed(documents, DEFAULT_TABLE_NAME),
    };
    const areas = request.all ? await stores.eventLog.areas() : [request.area];
    if (areas.length === 0) io.out(`There are no areas in ${dataDir}: nothing to rebuild.`);
    for (const areaId of areas) {
      io.out(`Rebuilding ${areaId} from its log in ${dataDir}`);
      try {
        const summary = await rebuildArea(stores, areaId, {
          progress: ({ phase, done, total }) =>
            io.out(
              phase === 'events'
                ? `Rebuilding ${areaId}: ${done} of ${total} events`
                : `Rebuilding ${areaId}: ${done} of ${total} change-feed entries to add`,
            ),
        });
        for (const line of describe(summary)) io.out(line);
      } catch (error) {
        if (!(error instanceof AreaNotFoundError)) throw error;
        const known = await stores.eventLog.areas();
        io.err(`There is no area "${areaId}" in ${dataDir} (${known.length > 0 ? `its areas: ${known.join(', ')}` : 'it has no areas'}).`);
        return 1;
      }
    }
    return 0;
  } catch (error) {
    io.err(`The rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    tables.destroy();
    documents.destroy();
    await database.stop();
  }
}

type RebuildRequest = { help: true } | { help: false; all: true } | { help: false; all: false; area: string } | { problem: string };

function parseRequest(argv: string[]): RebuildRequest {
  let values: { area?: string | undefined; all?: boolean | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { area: { type: 'string' }, all: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { help: true };
  if (values.all && values.area !== undefined) return { problem: 'Give either --area <id> or --all, not both.' };
  if (values.all) return { help: false, all: true };
  if (!values.area) return { problem: 'Say which area to rebuild: --area <id>, or --all.' };
  return { help: false, all: false, area: values.area };
}

async function tableExists(client: DynamoDBClient): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: DEFAULT_TABLE_NAME }));
    return true;
  } catch (error) {
    if ((error as { name?: unknown }).name === 'ResourceNotFoundException') return false;
    throw error;
  }
}

function describe(summary: RebuildSummary): string[] {
  const { changeFeed } = summary;
  const lines = [
    `Rebuilt ${summary.areaId} in ${(summary.tookMs / 1000).toFixed(1)} s: ${summary.eventsRead} events read, ` +
      `${summary.viewsWritten} views written, joint views ${summary.jointViewsRewritten ? 'rewritten' : 'unchanged'}, ` +
      `${changeFeed.entriesAdded} change-feed entries added (${changeFeed.backInPlace} back in their places), ` +
      `${changeFeed.claimsRestored} change-feed claims restored.`,
  ];
  if (changeFeed.gaps.length > 0) {
    lines.push(
      `  ${changeFeed.gaps.length} places of the change feed stay empty (${changeFeed.gaps.slice(0, 20).join(', ')}${changeFeed.gaps.length > 20 ? ', ...' : ''}): ` +
        'their entries were lost with their claims, so their events were added again at the end.',
    );
  }
  return lines;
}
