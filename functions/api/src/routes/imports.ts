import {
  authoriseContentChange,
  type Decision,
  decideContentPut,
  priorityKind,
  recordedActor,
  workProgrammeKind,
} from '@partnership-hub/domain';
import { ItemId, type PriorityState, type WorkProgrammeItemState } from '@partnership-hub/events';
import { CSV_COLUMNS, type ImportKind, type ImportParse, type ImportRow, parseCsvImport, parseJsonImport } from '@partnership-hub/feeds';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod';
import type { AuthEnv } from '../auth.ts';
import { decideAndCommit } from '../commit.ts';
import type { ApiDeps } from '../deps.ts';
import { ProblemError } from '../problem.ts';
import { type RouteRegistry, readUtf8 } from '../routing.ts';
import { OrganisationParams, PriorityBody, WorkProgrammeItemBody, withoutReadOnly } from '../schemas.ts';
import { requireOrganisationExists } from './directory.ts';
import { livePlan } from './plan-links.ts';

/**
 * Imports carry a whole work programme or plan: more than the API's 64 KB body limit. They have
 * their own limit, 1 MB (about 2,000 rows of a full CSV export); the rest of the API keeps 64 KB.
 */
const IMPORT_MAX_BODY_BYTES = 1024 * 1024;

const IMPORT_PATH = /^\/v1\/areas\/[^/]+\/organisations\/[^/]+\/(priorities|work-programme)\/import$/;

/** True for the bulk import routes (the API's general body limit does not apply to them). */
const isImportRequest = (c: Context) => c.req.method === 'POST' && IMPORT_PATH.test(c.req.path);

/** The import routes' body limit, answered as a problem like the general one. */
export function importBodyLimit(): MiddlewareHandler<AuthEnv> {
  const limit = bodyLimit({
    maxSize: IMPORT_MAX_BODY_BYTES,
    onError: () => {
      throw new ProblemError(
        'payload-too-large',
        `An import file is limited to ${IMPORT_MAX_BODY_BYTES / 1024} KB; split it into several files.`,
      );
    },
  });
  return async (c, next) => (isImportRequest(c) ? limit(c, next) : next());
}

const ImportQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .meta({ description: 'true: report what would change (created, revised, unchanged per id) and record nothing' }),
});

const ImportResult = z
  .object({
    dryRun: z.boolean(),
    created: z.number().int(),
    revised: z.number().int(),
    unchanged: z.number().int(),
    items: z.array(
      z.object({ id: z.string(), line: z.number().int(), outcome: z.enum(['created', 'revised', 'unchanged']), version: z.number().int() }),
    ),
  })
  .meta({ id: 'ImportResult' });

/** At most this many rows are decided at once: enough to be quick, gentle on the table. */
const CONCURRENCY = 8;

/**
 * Bulk import: a council's system sends its whole list (CSV or JSON) and each item is upserted by
 * id through the same deciders as PUT, so the same file again changes nothing and emits no
 * events. Items missing from the file are left alone (withdraw them with DELETE): an import never
 * deletes and reloads.
 */
export function registerImportRoutes(routes: RouteRegistry, deps: ApiDeps): void {
  for (const segment of ['priorities', 'work-programme'] as const) {
    routes.resource(`/v1/areas/{areaId}/organisations/{organisationId}/${segment}/import`, (imports) =>
      registerImport(imports, deps, segment),
    );
  }
}

function registerImport(routes: RouteRegistry, deps: ApiDeps, segment: ImportKind): void {
  const kind = segment === 'priorities' ? priorityKind : workProgrammeKind;
  const itemSchema = (segment === 'priorities' ? PriorityBody : WorkProgrammeItemBody) as unknown as z.ZodType<
    PriorityState & WorkProgrammeItemState
  >;
  const columns = CSV_COLUMNS[segment].join(',');
  routes.add(
    {
      method: 'post',
      path: `/v1/areas/{areaId}/organisations/{organisationId}/${segment}/import`,
      summary: `Import ${segment === 'priorities' ? 'priorities' : 'work programme items'} in bulk from CSV or JSON (the organisation's own key)`,
      description:
        `Send \`Content-Type: text/csv\` with the header row \`${columns}\` (lists separated by ";", links as organisationId/priorityId), ` +
        'or `application/json`: an array of items (each what PUT takes, plus its "id"), or {"items": [...]}. Items are upserted by id; ' +
        'the same file again changes nothing. A file with any invalid row is rejected whole, with every error by line and column. Up to 1 MB.',
      tags: ['imports'],
      auth: 'organisation',
      params: OrganisationParams,
      query: ImportQuery,
      requestContent: { 'text/csv': 'A CSV file with a header row', 'application/json': 'An array of items, or {"items": [...]}' },
      responses: {
        200: { description: 'What changed (or, with dryRun=true, what would change)', schema: ImportResult },
      },
    },
    async (c, input) => {
      const { areaId, organisationId } = input.params;
      const caller = authoriseContentChange(c.get('caller'), { areaId, organisationId });
      await requireOrganisationExists(deps, areaId, organisationId);
      const parsed = await readImport(c, segment, itemSchema);
      if (!parsed.ok) {
        throw new ProblemError(
          'validation-error',
          `The file was not imported: ${parsed.errors.length} error${parsed.errors.length === 1 ? '' : 's'}. Correct every row listed in "errors" and send the whole file again.`,
          {
            errors: parsed.errors.map((error) => ({ in: 'body', ...error })) as never,
          },
        );
      }
      if (segment === 'priorities') await requirePlansOf(deps, areaId, organisationId, parsed.rows);
      const dryRun = input.query.dryRun;
      const actor = recordedActor(caller);
      const results = await mapLimited(parsed.rows, CONCURRENCY, async (row) => {
        const content = withoutReadOnly(row.content);
        const target = { areaId, organisationId, id: row.id };
        const head = () => deps.eventLog.head<PriorityState>({ areaId, subjectType: kind.subjectType, organisationId, id: row.id });
        const decide = async (context: Parameters<Parameters<typeof decideAndCommit>[3]>[0]) =>
          decideContentPut(kind as typeof priorityKind, await head(), content, { kind: 'none' }, target, context);
        const decision: Decision = dryRun
          ? await decide({ eventId: 'dry-run', occurredAt: deps.clock().toISOString(), actor })
          : await decideAndCommit(deps, actor, { kind: 'none' }, decide);
        const outcome = decision.outcome === 'withdrawn' ? 'revised' : decision.outcome;
        return { id: row.id, line: row.line, outcome, version: decision.version };
      });
      const count = (outcome: string) => results.filter((result) => result.outcome === outcome).length;
      return c.json({ dryRun, created: count('created'), revised: count('revised'), unchanged: count('unchanged'), items: results }, 200);
    },
  );
}

/** Every plan the rows name must be a live plan of the body, as in a PUT; otherwise the whole file is refused, naming each row. */
async function requirePlansOf(
  deps: ApiDeps,
  areaId: string,
  organisationId: string,
  rows: ImportRow<{ planId?: string }>[],
): Promise<void> {
  const named = [...new Set(rows.flatMap((row) => (row.content.planId === undefined ? [] : [row.content.planId])))];
  const live = new Set<string>();
  for (const planId of named) if (await livePlan(deps, areaId, organisationId, planId)) live.add(planId);
  const errors = rows
    .filter((row) => row.content.planId !== undefined && !live.has(row.content.planId))
    .map((row) => ({ in: 'body', line: row.line, field: 'planId', detail: `is not a plan of ${organisationId}: publish it first` }));
  if (errors.length > 0)
    throw new ProblemError('validation-error', 'The file was not imported: it names plans the body has not published.', {
      errors: errors as never,
    });
}

async function readImport<T>(c: Context, segment: ImportKind, item: z.ZodType<T>): Promise<ImportParse<T>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const text = await readUtf8(c);
  const schemas = { item, id: ItemId };
  if (type === 'text/csv') return parseCsvImport(text, segment, schemas);
  if (type === 'application/json' || type === '') return parseJsonImport(text, schemas);
  throw new ProblemError(
    'unsupported-media-type',
    `An import is CSV (Content-Type: text/csv) or JSON (Content-Type: application/json), not ${type}.`,
  );
}

async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}
