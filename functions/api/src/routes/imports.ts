import {
  authoriseContentChange,
  type CommandContext,
  type ContentKind,
  type Decision,
  decideContentPut,
  priorityKind,
  type RecordOf,
  recordedActor,
  type StreamHead,
  workProgrammeKind,
} from '@partnership-hub/domain';
import { ItemId, type PriorityState, type WorkProgrammeItemState } from '@partnership-hub/events';
import { CSV_COLUMNS, type ImportKind, type ImportParse, type ImportRow, parseCsvImport, parseJsonImport } from '@partnership-hub/feeds';
import type { SubjectRef } from '@partnership-hub/store';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod';
import type { AuthEnv } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { commitImportRows } from '../import-commit.ts';
import { ProblemError } from '../problem.ts';
import { type RouteRegistry, readUtf8 } from '../routing.ts';
import { OrganisationParams, PriorityBody, splitChange, WorkProgrammeItemBody, withoutReadOnly } from '../schemas.ts';
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
        `Send \`Content-Type: text/csv\` with the header row \`${columns}\` (lists separated by ";", links as organisationId/priorityId; ` +
        "effectiveDate and source, sourceSection, sourceUrl describe each row's change, as effectiveDate and source do in a PUT), " +
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
      const rows = parsed.rows.map((row) => {
        const { content: sent, change } = splitChange(row.content as PriorityState);
        const content = withoutReadOnly(sent);
        const target = { areaId, organisationId, id: row.id };
        const ref = { areaId, subjectType: kind.subjectType, organisationId, id: row.id };
        const decideOn = (head: StreamHead<PriorityState> | undefined, context: CommandContext) =>
          decideContentPut(kind as typeof priorityKind, head, content, { kind: 'none' }, target, context);
        const context = dryRun
          ? { eventId: 'dry-run', occurredAt: deps.clock().toISOString(), actor, change }
          : { eventId: deps.newEventId(), occurredAt: deps.clock().toISOString(), actor, change };
        return {
          ref,
          decide: (head: StreamHead<PriorityState> | undefined) => decideOn(head, context),
          decideAgain: async (again: CommandContext) => decideOn(await deps.eventLog.head<PriorityState>(ref), { ...again, change }),
        };
      });
      const decided = await decideOnTheLog(deps, { areaId, organisationId, subjectType: kind.subjectType }, rows);
      const decisions = dryRun
        ? decided
        : await commitImportRows(
            deps,
            actor,
            rows.map((row, index) => ({ decision: decided[index]!, decideAgain: row.decideAgain })),
          );
      const results = decisions.map((decision, index) => ({
        id: parsed.rows[index]!.id,
        line: parsed.rows[index]!.line,
        outcome: decision.outcome === 'withdrawn' ? ('revised' as const) : decision.outcome,
        version: decision.version,
      }));
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

interface RowToDecide {
  ref: SubjectRef;
  /** The row's decision on its subject's head, as a PUT of the row would decide. */
  decide: (head: StreamHead<PriorityState> | undefined) => Decision;
}

/**
 * Decides every row of a file on its subject's head in the event log, the source of truth, with
 * a few batched reads rather than a query per row (2,000 queries took seconds).
 *
 * The organisation's views of this kind come first, in one consistent Query. A row whose view
 * holds exactly the row's content (a live record, not withdrawn) is decided "unchanged" at the
 * view's version if the log confirms that version is still the head (EventLog.isHead: version n
 * there, n+1 not). That is safe because a view record of version n is the projector's fold
 * (toViewRecord) of the log's event n and of nothing else, and parsing a stored event again gives
 * it back unchanged, so its state is the state the log holds at n: equal to the row, with n the
 * head, deciding on the log's head gives "unchanged" at n too. Every other row (no view, a
 * withdrawn one, content that differs, or a version the log did not confirm: the view is behind)
 * is decided on the head read from the log itself (EventLog.heads, with the view's version as the
 * guess that lets it batch its reads). So a missing or stale view can cost a read, never change an
 * outcome; and a commit's appends are conditional on the version decided, whatever it was decided on.
 */
async function decideOnTheLog(
  deps: ApiDeps,
  scope: { areaId: string; organisationId: string; subjectType: ContentKind<unknown>['subjectType'] },
  rows: readonly RowToDecide[],
): Promise<Decision[]> {
  const { areaId, organisationId, subjectType } = scope;
  const records = new Map<string, RecordOf<ContentKind<unknown>['subjectType']>>();
  for (const record of await deps.views.list(areaId, { subjectType, organisationId })) records.set(record.id, record);
  const decisions: (Decision | undefined)[] = new Array(rows.length);

  const unchangedOnView: number[] = [];
  rows.forEach((row, index) => {
    const record = records.get(row.ref.id);
    if (!record || record.withdrawn) return;
    const decision = row.decide({ version: record.version, detailType: record.lastEventType, state: record.state as PriorityState });
    if (decision.outcome !== 'unchanged') return;
    decisions[index] = decision;
    unchangedOnView.push(index);
  });
  const confirmed = await deps.eventLog.isHead(
    unchangedOnView.map((index) => ({ ref: rows[index]!.ref, version: decisions[index]!.version })),
  );
  confirmed.forEach((isHead, position) => {
    if (!isHead) decisions[unchangedOnView[position]!] = undefined;
  });

  const fromLog = rows.flatMap((_, index) => (decisions[index] === undefined ? [index] : []));
  const heads = await deps.eventLog.heads<PriorityState>(
    fromLog.map((index) => ({ ref: rows[index]!.ref, believedVersion: records.get(rows[index]!.ref.id)?.version ?? 0 })),
  );
  fromLog.forEach((index, position) => {
    decisions[index] = rows[index]!.decide(heads[position]);
  });
  return decisions as Decision[];
}
