import {
  authoriseContentChange,
  type CommandContext,
  type ContentKind,
  type Decision,
  decideContentPut,
  type Principal,
  priorityKind,
  type RecordOf,
  recordedActor,
  type StreamHead,
  workProgrammeKind,
} from '@partnership-hub/domain';
import { ItemId, type PriorityState, type WorkProgrammeItemState } from '@partnership-hub/events';
import { type ImportKind, type ImportParse, type ImportRow, parseCsvImport, parseJsonImport } from '@partnership-hub/feeds';
import type { SubjectRef } from '@partnership-hub/store';
import * as z from 'zod/mini';
import { RESERVED_ID_DETAIL, RESERVED_ITEM_IDS } from './content-writes.ts';
import type { ApiDeps } from './deps.ts';
import { commitImportRows } from './import-commit.ts';
import { ProblemError } from './problem.ts';
import { livePlan } from './routes/plan-links.ts';
import { foreignEchoes } from './routing.ts';
import { PriorityBody, splitChange, WorkProgrammeItemBody, withoutReadOnly } from './schemas.ts';

/**
 * A bulk import, once, for every edge that imports: the JSON API (routes/imports.ts) and the
 * upload page (pages/routes/upload.tsx). The file is read by the same parser and item schemas,
 * and each row decided and committed as a PUT of it would be.
 *
 * Imports carry a whole work programme or plan: more than the API's 64 KB body limit. They have
 * their own limit, 1 MB (about 2,000 rows of a full CSV export); the rest of the API keeps 64 KB.
 */
export const IMPORT_MAX_BODY_BYTES = 1024 * 1024;

type ImportedItem = PriorityState & WorkProgrammeItemState;

/** A file's text, CSV (header row first) or JSON, read into rows the item's PUT schema accepts, or every error by line and column. */
export function parseImportText(text: string, format: 'csv' | 'json', segment: ImportKind): ImportParse<ImportedItem> {
  const item = (segment === 'priorities' ? PriorityBody() : WorkProgrammeItemBody()) as unknown as z.ZodMiniType<ImportedItem>;
  // An id that names one of the hub's pages would make the item's own page unreachable, as in a PUT.
  const id = ItemId.check(z.refine((value) => !RESERVED_ITEM_IDS.includes(value), RESERVED_ID_DETAIL));
  const schemas = { item, id };
  return format === 'csv' ? parseCsvImport(text, segment, schemas) : parseJsonImport(text, schemas);
}

/** What became (or, in a dry run, would become) of one row, with the item before and after for a row that changes it. */
export interface ImportOutcome {
  id: string;
  line: number;
  outcome: 'created' | 'revised' | 'unchanged';
  version: number;
  /** The item's state the row was decided on (a revision's "before"). */
  before?: Record<string, unknown> | undefined;
  /** The state the row records (created or revised rows). */
  after?: Record<string, unknown> | undefined;
}

/**
 * Decides every row on the log and, unless it is a dry run, commits those that change something.
 * Items are upserted by id through the same deciders as PUT, so the same file again changes
 * nothing and emits no events; items missing from the file are left alone (an import never
 * deletes). Throws the domain's refusal for a caller who may not change the body's content, and a
 * validation problem for rows naming plans the body has not published.
 */
export async function runImport(
  deps: ApiDeps,
  principal: Principal,
  target: { areaId: string; organisationId: string },
  segment: ImportKind,
  parsedRows: ImportRow<ImportedItem>[],
  dryRun: boolean,
): Promise<ImportOutcome[]> {
  const { areaId, organisationId } = target;
  const caller = authoriseContentChange(principal, target);
  const kind = segment === 'priorities' ? priorityKind : workProgrammeKind;
  refuseForeignEchoes(target, parsedRows);
  if (segment === 'priorities') await requirePlansOf(deps, areaId, organisationId, parsedRows);
  const actor = recordedActor(caller);
  const rows = parsedRows.map((row) => {
    const { content: sent, change } = splitChange(row.content as PriorityState);
    const content = withoutReadOnly(sent);
    const itemTarget = { areaId, organisationId, id: row.id };
    const ref = { areaId, subjectType: kind.subjectType, organisationId, id: row.id };
    const decideOn = (head: StreamHead<PriorityState> | undefined, context: CommandContext) =>
      decideContentPut(kind as typeof priorityKind, head, content, { kind: 'none' }, itemTarget, context);
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
    ? decided.map((one) => one.decision)
    : await commitImportRows(
        deps,
        actor,
        rows.map((row, index) => ({ decision: decided[index]!.decision, decideAgain: row.decideAgain })),
      );
  return decisions.map((decision, index) => {
    const before = decided[index]!.before;
    return {
      id: parsedRows[index]!.id,
      line: parsedRows[index]!.line,
      outcome: decision.outcome === 'withdrawn' ? ('revised' as const) : decision.outcome,
      version: decision.version,
      ...(before ? { before } : {}),
      ...('event' in decision ? { after: decision.event.detail.data as Record<string, unknown> } : {}),
    };
  });
}

/** A row may send back the identity an item's GET answered, but only its own: one naming another body or area refuses the file, naming each row. */
function refuseForeignEchoes(target: { areaId: string; organisationId: string }, rows: readonly ImportRow<object>[]): void {
  const errors = rows.flatMap((row) =>
    foreignEchoes(row.content, { ...target, id: row.id }).map((error) => ({ in: 'body', line: row.line, ...error })),
  );
  if (errors.length > 0)
    throw new ProblemError('validation-error', 'The file was not imported: it has rows for another body or area.', {
      errors: errors as never,
    });
}

/** Every plan the rows name must be a live plan of the body, as in a PUT; otherwise the whole file is refused, naming each row. */
async function requirePlansOf(
  deps: ApiDeps,
  areaId: string,
  organisationId: string,
  rows: readonly ImportRow<{ planId?: string }>[],
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
): Promise<{ decision: Decision; before: Record<string, unknown> | undefined }[]> {
  const { areaId, organisationId, subjectType } = scope;
  const records = new Map<string, RecordOf<ContentKind<unknown>['subjectType']>>();
  for (const record of await deps.views.list(areaId, { subjectType, organisationId })) records.set(record.id, record);
  const decisions: (Decision | undefined)[] = new Array(rows.length);
  const before: (Record<string, unknown> | undefined)[] = new Array(rows.length);

  const unchangedOnView: number[] = [];
  rows.forEach((row, index) => {
    const record = records.get(row.ref.id);
    if (!record || record.withdrawn) return;
    const decision = row.decide({ version: record.version, detailType: record.lastEventType, state: record.state as PriorityState });
    if (decision.outcome !== 'unchanged') return;
    decisions[index] = decision;
    before[index] = record.state as Record<string, unknown>;
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
    before[index] = heads[position]?.state as Record<string, unknown> | undefined;
  });
  return decisions.map((decision, index) => ({ decision: decision!, before: before[index] }));
}
