import { isDeepStrictEqual } from 'node:util';
import { type Audience, buildJointView, londonDate, toViewRecord, type ViewRecord } from '@partnership-hub/domain';
import { type HubEvent, parseEventBridgeEvent, type SubjectType, THEMES } from '@partnership-hub/events';
import { GzipParts, type ViewStore, viewSk } from '@partnership-hub/store';
import { storeTrackerLists } from './tracker-lists.ts';

export interface ProjectorDeps {
  views: ViewStore;
  /** Now: the joint view is rebuilt as at today's date in Europe/London. */
  clock: () => Date;
}

const AUDIENCES: Audience[] = ['public', 'partners'];

/**
 * Consumes a hub event delivered by EventBridge and brings the views up to date.
 *
 * Events carry the whole state of their subject after the change, so a subject's record is
 * simply the newest version seen: a duplicate or an older delivery is refused by the store's
 * version condition, whatever order events arrive in. The change is then folded into what the
 * area's joint views are built from (ViewStore.jointInputs: the area's records in one item, newest
 * version of each subject kept), and the joint views are rebuilt from that, as at today: a change
 * costs one GetItem of the area, not a query of every record in it. The fold also runs on a
 * duplicate, so a rebuild lost to a crash heals on redelivery. A view rebuilt on an earlier day is
 * out of date once the date turns: readers check its date (jointViewAsAt in the API) and work
 * today's out until the next rebuild.
 */
export function createProjector(deps: ProjectorDeps) {
  const pending = new PendingRecords();
  const remembered = new RememberedInputs();
  const rebuild = coalescePerArea(async (areaId) => {
    const changes = pending.take(areaId);
    try {
      await foldIntoJointView(deps.views, areaId, changes, londonDate(deps.clock()), remembered);
    } catch (error) {
      // Its callers fail and are redelivered; meanwhile the next rebuild still folds these.
      for (const change of changes) pending.add(change);
      throw error;
    }
  });
  // Coalesced like the rebuild: under a burst of requests an area's requests are read twice, not once per change.
  const storeLists = coalescePerArea((areaId) => storeTrackerLists(deps.views, areaId));
  return async function project(delivery: unknown): Promise<{ stored: boolean }> {
    // A delivery that does not parse throws: EventBridge retries it, then it lands in the DLQ.
    const event = parseEventBridgeEvent(delivery);
    const record = toViewRecord(event);
    if (inJointView(record)) {
      // Waiting before the rebuild is asked for: a rebuild that starts later takes it (see coalescePerArea).
      pending.add(record);
      // The record is stored beside the fold, not before it: the fold takes it from `pending` (and
      // folds it into the area's records read from the store, when it reads them), so the joint
      // view need not wait for the record's own conditional put, one more table call per change.
      const [stored] = await Promise.all([deps.views.put(record), rebuild(record.areaId)]);
      return { stored };
    }
    const stored = await deps.views.put(record);
    if (stored && MOVES_REVISION.has(record.subjectType)) {
      // Not in the joint views, but in the area's feeds: a fold of nothing moves the area's revision
      // on, so that a feed's ETag (decided from the revision alone) changes with it.
      await rebuild(record.areaId);
    }
    if (record.subjectType === 'request') {
      // A duplicate moves the area's revision on too, so that a list lost to a crash after its request was stored is stored again.
      if (!stored) await rebuild(record.areaId);
      await storeLists(record.areaId);
    }
    return { stored };
  };
}

/**
 * Brings one subject's view up to an event: stored unless the view is as new or newer. The
 * projector's own write, which a rebuild from the log (`npm run rebuild`) runs too.
 */
export async function storeView(views: ViewStore, event: HubEvent): Promise<boolean> {
  return views.put(toViewRecord(event));
}

/**
 * Whether a record is among what the joint views are built from. Protocols are not. A new kind of
 * content the joint view shows (meeting notes, tracked requests) is folded in as it is; a kind it
 * does not show goes here.
 */
const NOT_IN_JOINT_VIEW: ReadonlySet<SubjectType> = new Set<SubjectType>(['protocol', 'request', 'plan-variation']);
const inJointView = (record: ViewRecord): boolean => !NOT_IN_JOINT_VIEW.has(record.subjectType);
/** Kinds the joint views leave out but the area's feeds carry: storing one moves the area's revision. */
const MOVES_REVISION: ReadonlySet<SubjectType> = new Set<SubjectType>(['request', 'plan-variation']);

/**
 * The fields of a record the joint views never read, left out of what is folded so that an area
 * of thousands of items stays small in one item. A field the joint view starts to read must leave
 * this list; the projector's tests check its views against views built from the full records.
 */
// `updatedAt` and `change` stay: they date a priority's latest status (recordInForceOn).
const RECORD_FIELDS_NOT_READ: ReadonlySet<string> = new Set(['lastEventType']);
const STATE_FIELDS_NOT_READ: ReadonlySet<string> = new Set(['description', 'outcomes', 'indicators', 'lead', 'documentUrl', 'summary']);

/** A record as the joint views need it (see RECORD_FIELDS_NOT_READ). */
export function jointViewInput(record: ViewRecord): ViewRecord {
  const trimmed = copyWithout(record, RECORD_FIELDS_NOT_READ);
  trimmed.state = copyWithout(record.state, STATE_FIELDS_NOT_READ);
  return trimmed as unknown as ViewRecord;
}

/**
 * A copy of an object's own fields but the ones named, in their order. Built field by field, not
 * copied and then `delete`d: V8 keeps an object a field was deleted from as a slow dictionary, and
 * the joint views read every field of every record of an area at every change: in the local run,
 * at 2,000 items, building each audience's view took 3.4-6 ms from such records and 1.7-2.4 ms
 * from records built this way.
 */
function copyWithout(object: object, fields: ReadonlySet<string>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(object)) if (!fields.has(field)) copy[field] = value;
  return copy;
}

/**
 * Folds records into a list of them: a subject's newer version replaces its older one, an older
 * or equal one changes nothing, so folding is idempotent and the order of folds does not matter.
 * The list stays in the store's key order (viewSk), as ViewStore.list answers it.
 */
export function foldRecords(records: readonly ViewRecord[], changes: Iterable<ViewRecord>): ViewRecord[] {
  const inputs = new AreaInputs(records);
  inputs.fold(changes);
  return [...inputs.records];
}

const byKeyOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/**
 * The run a record's key (viewSk) is in: its kind and body, `priority#{organisation}`; a kind
 * without a body (an organisation, the area) is one run. Keys with one prefix are next to each
 * other in key order, whatever the ids, and a run is only ever a unit of compression.
 */
const groupOf = (key: string): string => key.slice(0, Math.max(0, key.lastIndexOf('#')));

/**
 * An area's joint inputs as the projector holds them between folds: the records in the store's key
 * order (viewSk), each with its JSON. Folding k changes into n records costs k binary searches
 * and the stored document is the held JSON joined, rather than a map, a sort and a stringify of
 * every record of the area at every change: at 2,000 items those were most of a fold's time on
 * the event loop. Written here because it is a sorted array with a JSON cache beside it, a few
 * lines, and no sorted-map library keeps each entry's serialised form.
 */
export class AreaInputs {
  private readonly keys: string[] = [];
  private readonly held: ViewRecord[] = [];
  private readonly texts: string[] = [];
  /** Each run's JSON (see parts) by its group, made when first asked for and forgotten when a record in it changes. */
  private readonly runs = new Map<string, string>();

  /** Records already trimmed (jointViewInput), as the store holds them, in any order. */
  constructor(records: readonly ViewRecord[] = []) {
    const entries = records.map((record) => ({ key: viewSk(record), record }));
    entries.sort((a, b) => byKeyOrder(a.key, b.key));
    for (const { key, record } of entries) {
      if (this.keys.at(-1) === key) {
        // Two versions of one subject: the newer stands, as a fold would have it.
        if (this.held.at(-1)!.version < record.version) this.set(this.keys.length - 1, record);
        continue;
      }
      this.keys.push(key);
      this.held.push(record);
      this.texts.push(JSON.stringify(record));
    }
  }

  /** The records in key order. Changed in place by fold: read it, do not keep it across folds. */
  get records(): readonly ViewRecord[] {
    return this.held;
  }

  /** The records as a JSON array: JSON.stringify(this.records), from the JSON held per record. */
  get json(): string {
    return this.parts.join('');
  }

  /**
   * The same JSON as texts to be joined: the brackets, the commas, and a text for each run of
   * records of one kind and body (their keys' prefix), kept until a record in it changes, so that
   * GzipParts compresses again only the runs a fold changed.
   */
  get parts(): string[] {
    const parts = ['['];
    let start = 0;
    while (start < this.keys.length) {
      const group = groupOf(this.keys[start]!);
      let end = start + 1;
      while (end < this.keys.length && groupOf(this.keys[end]!) === group) end++;
      let run = this.runs.get(group);
      if (run === undefined) {
        run = this.texts.slice(start, end).join(',');
        this.runs.set(group, run);
      }
      parts.push(...(start === 0 ? [run] : [',', run]));
      start = end;
    }
    parts.push(']');
    return parts;
  }

  /**
   * Folds changes in (see foldRecords); each change is trimmed (jointViewInput) as it is held.
   * Answers what changed: each subject's record before (undefined when new) and after.
   */
  fold(changes: Iterable<ViewRecord>): { before: ViewRecord | undefined; after: ViewRecord }[] {
    const changed: { before: ViewRecord | undefined; after: ViewRecord }[] = [];
    for (const change of changes) {
      const key = viewSk(change);
      const index = this.indexOf(key);
      const before = this.keys[index] === key ? this.held[index]! : undefined;
      if (before && before.version >= change.version) continue;
      if (!before) {
        this.keys.splice(index, 0, key);
        this.held.splice(index, 0, change);
        this.texts.splice(index, 0, '');
      }
      this.set(index, jointViewInput(change));
      changed.push({ before, after: this.held[index]! });
    }
    return changed;
  }

  /** The held record under a key (viewSk), if any. */
  find(key: string): ViewRecord | undefined {
    const index = this.indexOf(key);
    return this.keys[index] === key ? this.held[index] : undefined;
  }

  private set(index: number, record: ViewRecord): void {
    this.runs.delete(groupOf(this.keys[index]!));
    this.held[index] = record;
    this.texts[index] = JSON.stringify(record);
  }

  /** Where `key` is, or where it would go: the first index whose key is not before it. */
  private indexOf(key: string): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.keys[middle]! < key) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/**
 * Records stored but not yet folded, per area, newest version of each subject: a rebuild takes
 * every one waiting when it starts. Kept here rather than passed to the rebuild, because one
 * rebuild serves every change that arrived while the previous one ran (coalescePerArea).
 */
class PendingRecords {
  private readonly byArea = new Map<string, Map<string, ViewRecord>>();

  add(record: ViewRecord): void {
    const area = this.byArea.get(record.areaId) ?? new Map<string, ViewRecord>();
    const key = viewSk(record);
    const held = area.get(key);
    if (!held || held.version < record.version) area.set(key, record);
    this.byArea.set(record.areaId, area);
  }

  take(areaId: string): ViewRecord[] {
    const area = this.byArea.get(areaId);
    this.byArea.delete(areaId);
    return [...(area?.values() ?? [])];
  }
}

/**
 * At most one rebuild per area at a time in this process. A change that arrives while one is
 * running waits for the next, which starts when the running one ends and is shared by every
 * change that arrived meanwhile: it reads the area after all of their records were stored, so
 * each delivery still returns only once a rebuild that includes its change has finished. Under
 * a burst an area is read twice, not once per change. (A dozen lines: the promise libraries
 * offer de-duplication of identical calls, not this "one running, one queued" shape.)
 */
export function coalescePerArea(rebuild: (areaId: string) => Promise<void>): (areaId: string) => Promise<void> {
  const running = new Map<string, Promise<void>>();
  const queued = new Map<string, Promise<void>>();
  const start = (areaId: string): Promise<void> => {
    const run: Promise<void> = rebuild(areaId).finally(() => {
      if (running.get(areaId) === run) running.delete(areaId);
    });
    running.set(areaId, run);
    return run;
  };
  return (areaId) => {
    const waiting = queued.get(areaId);
    if (waiting) return waiting;
    const current = running.get(areaId);
    if (!current) return start(areaId);
    const next = current
      .catch(() => {}) // the running rebuild's failure is its own callers'; this one runs afresh
      .then(() => {
        queued.delete(areaId);
        return start(areaId);
      });
    queued.set(areaId, next);
    return next;
  };
}

/** How many times a fold reads again after another writer folded first, before it gives up (and EventBridge retries). */
const FOLD_ATTEMPTS = 8;

/**
 * Folds changes into an area's joint inputs and rebuilds its joint views from them, as at `asOf`.
 * The inputs are written conditionally on the revision read, so of two writers at once (two
 * Lambda instances, or a rebuild from the log) the second reads again and folds on top: no change
 * is lost, and each revision numbers exactly one set of inputs. The views are stored at that
 * revision, so a slower writer's views never replace newer ones. Before anything was folded the
 * inputs are the area's records, read once.
 */
export async function foldIntoJointView(
  views: ViewStore,
  areaId: string,
  changes: ViewRecord[],
  asOf: string,
  remembered?: RememberedInputs,
): Promise<void> {
  await writeJointView(
    views,
    areaId,
    asOf,
    async (held) => {
      const inputs = held ?? new AreaInputs((await views.list(areaId)).filter(inJointView).map(jointViewInput));
      return { inputs, changed: inputs.fold(changes) };
    },
    remembered,
  );
}

/** How many areas' inputs a projector keeps in memory (RememberedInputs): a few MB each at thousands of items. */
const REMEMBERED_AREAS = 8;

/**
 * The joint inputs this projector last stored for each of a few areas, with the revision it
 * stored them at. A revision numbers exactly one set of inputs (putJointInputs is conditional on
 * it), so while the area's revision is still the one remembered, the remembered inputs are what
 * is stored: the next fold reads the revision alone rather than the whole item and its hundreds
 * of KB of JSON, and folds into them in place (AreaInputs). Any other revision (another Lambda
 * instance, a rebuild from the log) reads in full.
 */
export class RememberedInputs {
  private readonly byArea = new Map<string, Held>();

  async read(views: ViewStore, areaId: string): Promise<Held> {
    const held = this.byArea.get(areaId);
    if (held && (await views.latestJointRevision(areaId)) === held.revision) return held;
    return readInputs(views, areaId);
  }

  remember(areaId: string, held: Held): void {
    // Re-inserted, so that the Map's order is the order of use and the first is the least recently used.
    this.byArea.delete(areaId);
    this.byArea.set(areaId, held);
    for (const oldest of this.byArea.keys()) {
      if (this.byArea.size <= REMEMBERED_AREAS) break;
      this.byArea.delete(oldest);
    }
  }

  forget(areaId: string): void {
    this.byArea.delete(areaId);
  }
}

/**
 * An area's joint inputs at a revision and, when this projector built them, the views' theme
 * entries as JSON per audience, as at `asOf`: a fold that touches a few themes rebuilds those
 * entries and joins the rest as they were (see jointViewBody).
 */
interface Held {
  revision: number;
  inputs: AreaInputs | undefined;
  themes?: { asOf: string; byAudience: ReadonlyMap<Audience, ThemeParts> };
  /** The inputs' and each view's parts as last compressed, whatever they were built from: a part is reused only when its text is the same. */
  gzips?: ReadonlyMap<Audience | 'inputs', GzipParts>;
}

async function readInputs(views: ViewStore, areaId: string): Promise<Held> {
  const { revision, records } = await views.jointInputs(areaId);
  return { revision, inputs: records && new AreaInputs(records) };
}

/** Rebuilds an area's joint views, and what they are built from, from every record of the area, as at `asOf`. */
export async function rebuildJointView(views: ViewStore, areaId: string, asOf: string): Promise<void> {
  await writeJointView(views, areaId, asOf, async () => ({
    inputs: new AreaInputs((await views.list(areaId)).filter(inJointView).map(jointViewInput)),
  }));
}

async function writeJointView(
  views: ViewStore,
  areaId: string,
  asOf: string,
  fold: (held: AreaInputs | undefined) => Promise<{ inputs: AreaInputs; changed?: Changed[] }>,
  remembered?: RememberedInputs,
): Promise<void> {
  for (let attempt = 1; attempt <= FOLD_ATTEMPTS; attempt++) {
    const held = remembered ? await remembered.read(views, areaId) : await readInputs(views, areaId);
    // Forgotten first: the fold changes the remembered inputs in place, and a write that fails or
    // is refused leaves the stored inputs unknown here.
    remembered?.forget(areaId);
    const { inputs, changed } = await fold(held.inputs);
    const gzips = held.gzips ?? new Map([...AUDIENCES, 'inputs' as const].map((part) => [part, new GzipParts()]));
    const storingInputs = gzips
      .get('inputs')!
      .join(inputs.parts)
      .then((encoded) => views.putJointInputs(areaId, held.revision, inputs.records, encoded));
    // Awaited below; handled here too, so that a build that throws leaves no rejection unhandled.
    storingInputs.catch(() => {});
    // The views are built and compressed while the inputs are compressed and stored: they depend on
    // the inputs alone, not on the revision the write gives them. A write refused (another writer
    // folded first) wastes this work, which is rare; one accepted is followed at once by the views'
    // writes, rather than after a build and compression that waited for it. In the local run at 20
    // writes/s, the median time from the inputs' write to the views' fell from 5.9-7.6 ms to
    // 2.6-3.8 ms (three runs each, alternating).
    const records = [...inputs.records];
    // Built from the entries held only when they are of the inputs folded on top of, as at the same date.
    const touched = held.themes?.asOf === asOf && changed ? touchedThemes(changed, inputs) : undefined;
    const built = AUDIENCES.map((audience) =>
      jointViewBody(areaId, records, audience, asOf, touched && { touched, parts: held.themes!.byAudience.get(audience)! }),
    );
    const compressed = Promise.all(AUDIENCES.map((audience, index) => gzips.get(audience)!.join(built[index]!.texts)));
    // Settled whatever the write answers, so that a refusal or a failure leaves no rejection unhandled.
    const [stored, bodies] = await Promise.allSettled([storingInputs, compressed]);
    if (stored.status === 'rejected') throw stored.reason;
    const revision = stored.value;
    if (revision === undefined) continue;
    if (bodies.status === 'rejected') throw bodies.reason;
    remembered?.remember(areaId, {
      revision,
      inputs,
      themes: { asOf, byAudience: new Map(AUDIENCES.map((audience, index) => [audience, built[index]!.parts])) },
      gzips,
    });
    await Promise.all(AUDIENCES.map((audience, index) => views.putJointView(areaId, audience, revision, bodies.value[index]!, asOf)));
    return;
  }
  throw new Error(`The joint inputs of ${areaId} changed under ${FOLD_ATTEMPTS} folds in a row`);
}

type Changed = { before: ViewRecord | undefined; after: ViewRecord };

/**
 * The themes whose entries in the joint views a fold's changes can alter, or undefined when they
 * can alter any: only a priority or work programme item of a body that is not the PCC is confined
 * to the themes it names before and after. A PCC's priority moves the Police and Crime Plan's
 * themes; a body, a plan, a meeting or the area reach entries of every theme.
 */
function touchedThemes(changed: readonly Changed[], inputs: AreaInputs): Set<string> | undefined {
  const themes = new Set<string>();
  for (const { before, after } of changed) {
    if (after.subjectType !== 'priority' && after.subjectType !== 'work-programme-item') return undefined;
    const body = inputs.find(viewSk({ subjectType: 'organisation', organisationId: after.organisationId, id: after.organisationId }));
    if (body?.subjectType !== 'organisation' || body.state.kind === 'pcc') return undefined;
    for (const theme of [...((before as typeof after | undefined)?.state.themes ?? []), ...after.state.themes]) themes.add(theme);
  }
  return themes;
}

/** A joint view's per-theme parts as JSON: each theme's entry, and its overlaps joined by commas. */
export interface ThemeParts {
  entries: ReadonlyMap<string, string>;
  overlaps: ReadonlyMap<string, string>;
}

/**
 * A joint view's JSON, exactly JSON.stringify(buildJointView(...)), the texts it is joined from
 * (each theme's entry and overlaps one, for GzipParts), and its per-theme parts' JSON.
 * Given the parts built before and the themes touched since, only those are built again and the
 * rest are joined as they were: at thousands of items the theme entries and overlaps are nearly all
 * of the view, and building and stringifying all of them at every change was most of a fold's
 * time. The gaps and the rest are built whole each time (they are small, and any change can move
 * them). Joined by hand because JSON.stringify has no way to take parts already serialised; a raw
 * `,"themes":[]` cannot occur inside a JSON string (its quotes would be escaped), so the first is
 * the key's, and `overlaps` is the view's last key.
 */
export function jointViewBody(
  areaId: string,
  records: ViewRecord[],
  audience: Audience,
  asOf: string,
  since?: { touched: ReadonlySet<string>; parts: ThemeParts },
): { body: string; texts: string[]; parts: ThemeParts } {
  const view = buildJointView(areaId, records, audience, asOf, undefined, since?.touched);
  const rebuiltEntries = new Map(view.themes.map((entry) => [entry.theme as string, JSON.stringify(entry)]));
  const rebuiltOverlaps = new Map<string, string[]>();
  for (const overlap of view.overlaps) {
    const held = rebuiltOverlaps.get(overlap.theme);
    if (held) held.push(JSON.stringify(overlap));
    else rebuiltOverlaps.set(overlap.theme, [JSON.stringify(overlap)]);
  }
  const entries = new Map<string, string>();
  const overlaps = new Map<string, string>();
  for (const { slug } of THEMES) {
    const kept = since && !since.touched.has(slug) ? since.parts : undefined;
    const entry = kept ? kept.entries.get(slug) : rebuiltEntries.get(slug);
    if (entry !== undefined) entries.set(slug, entry);
    const overlap = kept ? kept.overlaps.get(slug) : rebuiltOverlaps.get(slug)?.join(',');
    if (overlap !== undefined) overlaps.set(slug, overlap);
  }
  const shell = JSON.stringify({ ...view, themes: [], overlaps: [] });
  const at = shell.indexOf(THEMES_KEY);
  const texts = [
    `${shell.slice(0, at)},"themes":[`,
    ...commaSeparated(entries.values()),
    `]${shell.slice(at + THEMES_KEY.length, -OVERLAPS_END.length)},"overlaps":[`,
    ...commaSeparated(overlaps.values()),
    ']}',
  ];
  return {
    // Joined only when asked: the projector stores the texts compressed (GzipParts) and never needs the whole.
    get body() {
      return texts.join('');
    },
    texts,
    parts: { entries, overlaps },
  };
}
const OVERLAPS_END = ',"overlaps":[]}';
/** The parts with a comma between each two, each part its own text, so that a part compressed once is reused (GzipParts). */
const commaSeparated = (parts: Iterable<string>): string[] => [...parts].flatMap((part, index) => (index === 0 ? [part] : [',', part]));
const THEMES_KEY = ',"themes":[]';

/**
 * Whether an area's stored joint views, and what they are built from, are what its records make
 * now, for every audience. A rebuild from the log (`npm run rebuild`) rewrites them only when
 * they are not, so a second rebuild writes nothing.
 */
export async function jointViewsCurrent(views: ViewStore, areaId: string, asOf: string): Promise<boolean> {
  const records = await views.list(areaId);
  const [held, ...stored] = await Promise.all([
    views.jointInputs(areaId),
    ...AUDIENCES.map((audience) => views.jointView(areaId, audience)),
  ]);
  const expected = records.filter(inJointView).map(jointViewInput);
  return (
    held.records !== undefined &&
    // Compared as data: a store need not keep the order of a record's fields.
    isDeepStrictEqual(held.records, JSON.parse(JSON.stringify(expected))) &&
    AUDIENCES.every(
      (audience, index) =>
        stored[index]?.asOf === asOf && stored[index]?.body === JSON.stringify(buildJointView(areaId, records, audience, asOf)),
    )
  );
}
