import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A change as the hub's change feed answers it (GET /v1/areas/{areaId}/changes). */
export interface Change {
  id: string;
  type: string;
  occurredAt: string;
  areaId: string;
  organisationId: string | null;
  subject: { type: string; id: string; version: number };
  visibility: 'public' | 'partners';
  removed: boolean;
  data?: Record<string, unknown>;
}

export interface SyncState {
  from: string;
  area: string;
  /** The cursor after the last batch applied; undefined: from the beginning. */
  cursor?: string;
  /** The highest version applied per subject, so a change older than what is mirrored is never applied over it. */
  versions: Record<string, number>;
}

/** Where the changes go. */
export interface SyncTarget {
  describe(): string;
  /** Applies a batch (already filtered to changes newer than the mirror). Must be idempotent: after a crash the batch is applied again. */
  apply(changes: Change[]): Promise<void>;
}

export interface SyncOptions {
  from: string;
  area: string;
  key?: string;
  target: SyncTarget;
  /** The state file: the cursor and versions, written atomically after each applied batch. */
  stateFile: string;
  /** Changes per request (default 200). */
  limit?: number;
  /** Keep polling every this many ms once up to date; undefined: stop when up to date. */
  followEveryMs?: number;
  /** Stop following when this resolves (tests, Ctrl-C). */
  signal?: AbortSignal;
  progress?: (message: string) => void;
  fetch?: typeof fetch;
}

export interface SyncResult {
  applied: number;
  skipped: number;
  batches: number;
  cursor: string | undefined;
}

export const subjectKey = (change: Pick<Change, 'organisationId' | 'subject'>) =>
  `${change.subject.type}/${change.organisationId ?? '-'}/${change.subject.id}`;

/**
 * Follows a hub's change feed from the saved cursor and applies each batch to the target, then
 * saves the new cursor. A restart resumes from the saved cursor; a batch interrupted before its
 * cursor was saved is applied again, which targets absorb (they are idempotent and the versions
 * kept in the state refuse anything not newer), so nothing is applied twice.
 */
export async function sync(options: SyncOptions): Promise<SyncResult> {
  const progress = options.progress ?? (() => {});
  const get = options.fetch ?? fetch;
  const state = await loadState(options.stateFile, options.from, options.area);
  const result: SyncResult = { applied: 0, skipped: 0, batches: 0, cursor: state.cursor };
  progress(
    `following ${options.from} area ${options.area} from ${state.cursor ? `cursor ${state.cursor}` : 'the beginning'} into ${options.target.describe()}`,
  );
  for (;;) {
    if (options.signal?.aborted) break;
    const url = new URL(`/v1/areas/${encodeURIComponent(options.area)}/changes`, options.from);
    url.searchParams.set('limit', String(options.limit ?? 200));
    if (state.cursor) url.searchParams.set('after', state.cursor);
    const response = await get(url, {
      headers: { accept: 'application/json', ...(options.key ? { authorization: `Bearer ${options.key}` } : {}) },
    });
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { changes: Change[]; cursor: string };
    if (page.changes.length === 0) {
      state.cursor = page.cursor;
      if (options.followEveryMs === undefined) break;
      await sleep(options.followEveryMs, options.signal);
      continue;
    }
    const fresh = page.changes.filter((change) => change.subject.version > (state.versions[subjectKey(change)] ?? 0));
    await options.target.apply(fresh);
    for (const change of fresh) state.versions[subjectKey(change)] = change.subject.version;
    state.cursor = page.cursor;
    await saveState(options.stateFile, state);
    result.applied += fresh.length;
    result.skipped += page.changes.length - fresh.length;
    result.batches += 1;
    result.cursor = state.cursor;
    progress(
      `applied ${fresh.length} change${fresh.length === 1 ? '' : 's'}${page.changes.length > fresh.length ? ` (${page.changes.length - fresh.length} already mirrored)` : ''}; cursor ${state.cursor}`,
    );
  }
  await saveState(options.stateFile, state);
  result.cursor = state.cursor;
  progress(`up to date: ${result.applied} applied in ${result.batches} batch${result.batches === 1 ? '' : 'es'}`);
  return result;
}

async function loadState(file: string, from: string, area: string): Promise<SyncState> {
  try {
    const state = JSON.parse(await readFile(file, 'utf8')) as SyncState;
    if (state.from !== from || state.area !== area)
      throw new Error(
        `${file} is the state of a sync from ${state.from} area ${state.area}, not ${from} area ${area}: use another --state file`,
      );
    return { ...state, versions: state.versions ?? {} };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { from, area, versions: {} };
    throw error;
  }
}

/** Written to a temporary file and renamed over the old one: a crash leaves the old state or the new, never half of one. */
export async function writeFileAtomically(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}

async function saveState(file: string, state: SyncState): Promise<void> {
  await writeFileAtomically(file, `${JSON.stringify(state, null, 2)}\n`);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/* ---------- targets ---------- */

/** Fields of an event's data that describe the change, not the subject. */
const CHANGE_FIELDS = new Set(['changedFields', 'previous', 'agreedBy', 'variation']);
const stateOf = (change: Change) => Object.fromEntries(Object.entries(change.data ?? {}).filter(([key]) => !CHANGE_FIELDS.has(key)));

/**
 * A folder of JSON files, one per subject: {dir}/{organisation or "area"}/{subject type}/{id}.json
 * holding the subject's current state. A withdrawn subject (or one no longer visible) is removed.
 */
export function directoryTarget(dir: string): SyncTarget {
  const fileOf = (change: Change) => join(dir, change.organisationId ?? 'area', change.subject.type, `${change.subject.id}.json`);
  return {
    describe: () => `folder ${dir}`,
    async apply(changes) {
      for (const change of changes) {
        const file = fileOf(change);
        if (change.removed) await rm(file, { force: true });
        else {
          const document = {
            id: change.subject.id,
            type: change.subject.type,
            areaId: change.areaId,
            organisationId: change.organisationId,
            version: change.subject.version,
            updatedAt: change.occurredAt,
            ...stateOf(change),
          };
          await writeFileAtomically(file, `${JSON.stringify(document, null, 2)}\n`);
        }
      }
    },
  };
}

export interface HubTargetOptions {
  url: string;
  key: string;
  /** The body whose content is mirrored: the same id on both hubs. */
  organisation: string;
  /** The area on the target hub (default: the source area). */
  area: string;
  fetch?: typeof fetch;
}

const SEGMENTS: Record<string, string> = { priority: 'priorities', 'work-programme-item': 'work-programme' };

/**
 * Another hub, through its API: the body's plans are put one by one (first, since priorities name
 * them), then its priorities and work programme items are upserted by id through the bulk import,
 * with the body's key on that hub (the same content again changes nothing there); withdrawals
 * become DELETEs (already withdrawn there: nothing to do).
 */
export function hubTarget(options: HubTargetOptions): SyncTarget {
  const send = options.fetch ?? fetch;
  const base = `${options.url.replace(/\/$/, '')}/v1/areas/${encodeURIComponent(options.area)}/organisations/${encodeURIComponent(options.organisation)}`;
  const headers = { authorization: `Bearer ${options.key}` };
  return {
    describe: () => `${options.organisation} on ${options.url} (area ${options.area})`,
    async apply(changes) {
      const mine = changes.filter(
        (change) => change.organisationId === options.organisation && (SEGMENTS[change.subject.type] || change.subject.type === 'plan'),
      );
      // Only the latest change of each subject in the batch matters: each carries the whole state.
      const latest = new Map<string, Change>();
      for (const change of mine) {
        const previous = latest.get(subjectKey(change));
        if (!previous || previous.subject.version < change.subject.version) latest.set(subjectKey(change), change);
      }
      // A plan a priority names must be there first (earliest start first: a plan may supersede an
      // earlier one only once that is there); one withdrawn goes last, after what named it has moved.
      const startOf = (change: Change) => String(stateOf(change).startDate ?? '');
      const plans = [...latest.values()]
        .filter((change) => change.subject.type === 'plan')
        .sort((a, b) => startOf(a).localeCompare(startOf(b)));
      for (const change of plans.filter((candidate) => !candidate.removed)) {
        const response = await send(`${base}/plans/${encodeURIComponent(change.subject.id)}`, {
          method: 'PUT',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(stateOf(change)),
        });
        if (!response.ok)
          throw new Error(`putting plan ${change.subject.id} into ${base} answered ${response.status}: ${await response.text()}`);
      }
      for (const [subjectType, segment] of Object.entries(SEGMENTS)) {
        const ofType = [...latest.values()].filter((change) => change.subject.type === subjectType);
        const upserts = ofType.filter((change) => !change.removed).map((change) => ({ id: change.subject.id, ...stateOf(change) }));
        if (upserts.length > 0) {
          const response = await send(`${base}/${segment}/import`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({ items: upserts }),
          });
          if (!response.ok) throw new Error(`importing into ${base}/${segment} answered ${response.status}: ${await response.text()}`);
        }
        for (const change of ofType.filter((candidate) => candidate.removed)) {
          const response = await send(`${base}/${segment}/${encodeURIComponent(change.subject.id)}`, { method: 'DELETE', headers });
          if (!response.ok && response.status !== 404)
            throw new Error(
              `withdrawing ${change.subject.id} from ${base}/${segment} answered ${response.status}: ${await response.text()}`,
            );
        }
      }
      for (const change of plans.filter((candidate) => candidate.removed)) {
        const response = await send(`${base}/plans/${encodeURIComponent(change.subject.id)}`, { method: 'DELETE', headers });
        if (!response.ok && response.status !== 404)
          throw new Error(`withdrawing plan ${change.subject.id} from ${base} answered ${response.status}: ${await response.text()}`);
      }
    },
  };
}
