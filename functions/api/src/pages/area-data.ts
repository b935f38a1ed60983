import {
  type Audience,
  buildTrackerList,
  compareBodies,
  eventWithoutHiddenLinks,
  type JointView,
  type LinkableRecord,
  linkableSubjects,
  londonDate,
  type RecordOf,
  type TrackerRow,
  type ViewRecord,
  visibleRecords,
  withVisibleLinks,
} from '@partnership-hub/domain';
import type { HubEvent } from '@partnership-hub/events';
import type { ApiDeps } from '../deps.ts';
import { jointViewAsOf, jointViewOf, todaysJointView } from '../joint-view-today.ts';

export type Organisation = RecordOf<'organisation'>;

/** Everything of an area one reader may see, read with one query. */
export interface AreaContent {
  areaId: string;
  areaName: string;
  audience: Audience;
  /** Every record of the area as stored (for pure folds such as the joint view). */
  records: ViewRecord[];
  organisations: Organisation[];
  priorities: RecordOf<'priority'>[];
  plans: RecordOf<'plan'>[];
  work: RecordOf<'work-programme-item'>[];
  /** Meetings, agendas as this reader may see them (a restricted item is "Restricted item" and its number to the public). */
  meetings: RecordOf<'meeting'>[];
  protocols: RecordOf<'protocol'>[];
}

/** The order bodies go across the matrix: the joint view's own order. */
const byKindThenName = (a: Organisation, b: Organisation): number => compareBodies(a.state, b.state);

/** The area's content visible to the audience; undefined when there is no such area. */
export async function loadAreaContent(deps: ApiDeps, areaId: string, audience: Audience): Promise<AreaContent | undefined> {
  const records = await deps.views.list(areaId);
  const area = records.find((record): record is RecordOf<'area'> => record.subjectType === 'area');
  if (!area) return undefined;
  const of = <T extends ViewRecord['subjectType']>(type: T) =>
    visibleRecords(
      records.filter((record): record is RecordOf<T> => record.subjectType === type),
      audience,
    );
  const linkable = linkableIn(records);
  return {
    areaId,
    areaName: area.state.name,
    audience,
    records,
    organisations: of('organisation').sort(byKindThenName),
    priorities: withVisibleLinks(of('priority'), audience, linkable),
    plans: withVisibleLinks(of('plan'), audience, linkable),
    work: withVisibleLinks(of('work-programme-item'), audience, linkable),
    meetings: withVisibleLinks(of('meeting'), audience, linkable),
    protocols: of('protocol'),
  };
}

/**
 * The one thing a page is about, as its last accepted write leaves it: the head of its stream in
 * the event log, as the API's item reads answer, not its view. A form sends its writer to that page
 * the moment the write is answered, before the projector may have stored it, and the page must show
 * what they wrote. It is shown as the rest of `content` is: live and visible to the reader only,
 * with its links and agenda as they may see them. Lists and the rest of the page read the views.
 */
export async function currentIn<T extends 'priority' | 'plan' | 'work-programme-item' | 'meeting' | 'protocol'>(
  deps: ApiDeps,
  content: AreaContent,
  ref: { subjectType: T; organisationId: string | null; id: string },
): Promise<RecordOf<T> | undefined> {
  const record = await deps.eventLog.current({ areaId: content.areaId, ...ref });
  const visible = record ? visibleRecords([record], content.audience) : [];
  return withVisibleLinks(visible, content.audience, linkableIn(content.records))[0];
}

/** The tracker's data: the area's name, its bodies, and the rows of the requests this reader may see (see readTrackerRows). */
export async function loadTrackerContent(
  deps: ApiDeps,
  areaId: string,
  audience: Audience,
): Promise<(Pick<AreaContent, 'areaId' | 'areaName' | 'audience' | 'organisations'> & { rows: TrackerRow[] }) | undefined> {
  const [area, organisations, rows] = await Promise.all([
    deps.views.get(areaId, 'area', null, areaId),
    deps.views.list(areaId, { subjectType: 'organisation' }),
    readTrackerRows(deps, areaId, audience),
  ]);
  if (!area) return undefined;
  return {
    areaId,
    areaName: area.state.name,
    audience,
    organisations: visibleRecords(organisations, audience).sort(byKindThenName),
    rows,
  };
}

/**
 * The tracker's rows for an audience, in the tracker's order, statuses as at no day in particular
 * (trackerRowsAsOf makes them today's): the list the projector stored, one item; or, while there
 * is none (before the projector stored the area's first request, or on a hub upgraded from one
 * that did not store lists, until its next request or `npm run rebuild`), the same rows built
 * from the request records.
 */
async function readTrackerRows(deps: ApiDeps, areaId: string, audience: Audience): Promise<TrackerRow[]> {
  const stored = await deps.views.trackerList(areaId, audience);
  if (stored) return JSON.parse(stored.body) as TrackerRow[];
  return buildTrackerList(await deps.views.list(areaId, { subjectType: 'request' }), audience);
}

/** What links may point at: the area's priorities, plans and work programme items, whatever their visibility. */
const linkableIn = (records: ViewRecord[]): LinkableRecord[] =>
  records.filter(
    (record): record is LinkableRecord =>
      record.subjectType === 'priority' || record.subjectType === 'plan' || record.subjectType === 'work-programme-item',
  );

/** The overview's data: today's joint view (as the projector stored it, while it is today's), and the area's bodies. */
export interface OverviewData {
  areaName: string;
  organisations: Organisation[];
  view: JointView;
  isPartnersOnly: (kind: 'priority' | 'work', organisationId: string, id: string) => boolean;
  /** "Coming to the panel": the panel's next meetings (from today), agendas as this reader may see them. */
  panelMeetings: RecordOf<'meeting'>[];
}

/** How many of the panel's next meetings the overview shows. */
const NEXT_PANEL_MEETINGS = 3;

/**
 * The joint view for a page: today's (as stored, while it is today's) unless `asOf` names another
 * date, which is worked out per request (see jointViewAsOf).
 */
async function loadJointView(deps: ApiDeps, areaId: string, audience: Audience, asOf?: string): Promise<JointView | undefined> {
  if (asOf && asOf !== londonDate(deps.clock())) return jointViewAsOf(deps, areaId, audience, asOf);
  const today = await todaysJointView(deps, areaId, audience);
  return today ? jointViewOf(today) : undefined;
}

export async function loadOverview(deps: ApiDeps, areaId: string, audience: Audience, asOf?: string): Promise<OverviewData | undefined> {
  const [area, organisations, found, publicView, meetings] = await Promise.all([
    deps.views.get(areaId, 'area', null, areaId),
    deps.views.list(areaId, { subjectType: 'organisation' }),
    loadJointView(deps, areaId, audience, asOf),
    // Partners see partners-only items marked as such: they are the ones the public view lacks.
    audience === 'partners' ? loadJointView(deps, areaId, 'public', asOf) : Promise.resolve(undefined),
    deps.views.list(areaId, { subjectType: 'meeting' }),
  ]);
  if (!area) return undefined;
  const view: JointView = found ?? {
    areaId,
    areaName: area.state.name,
    audience,
    asOf: asOf || londonDate(deps.clock()),
    themes: [],
    gaps: [],
    overlaps: [],
  };
  const publicIds = new Set<string>();
  if (publicView) {
    const parsed = publicView;
    for (const theme of parsed.themes)
      for (const organisation of theme.organisations) {
        for (const priority of organisation.priorities) publicIds.add(`priority:${organisation.organisationId}:${priority.id}`);
        for (const item of organisation.workProgramme) publicIds.add(`work:${organisation.organisationId}:${item.id}`);
      }
  }
  const isPartnersOnly = (kind: 'priority' | 'work', organisationId: string, id: string) =>
    audience === 'partners' && !publicIds.has(`${kind}:${organisationId}:${id}`);
  const panels = new Set(
    organisations.filter((organisation) => organisation.state.kind === 'panel').map((organisation) => organisation.id),
  );
  const today = londonDate(deps.clock());
  const panelMeetings = withVisibleLinks(
    visibleRecords(meetings, audience)
      .filter((meeting) => panels.has(meeting.organisationId) && meeting.state.date >= today)
      .sort((a, b) => `${a.state.date}T${a.state.time ?? ''}`.localeCompare(`${b.state.date}T${b.state.time ?? ''}`))
      .slice(0, NEXT_PANEL_MEETINGS),
    audience,
    [],
  );
  const publishing = await publishingPartners(deps, areaId, audience, visibleRecords(organisations, audience), meetings, found);
  return {
    areaName: area.state.name,
    // A partner body that publishes nothing of its own (one only asked things of, such as an
    // inspectorate) would be an empty column: it is left out of the matrix, and still has its body
    // page and its requests. The area's own bodies always stay: a CSP's silence is what the gaps
    // and "no plan in force" report, a scrutiny committee's an empty column worth seeing.
    organisations: visibleRecords(organisations, audience)
      .filter((organisation) => organisation.state.kind !== 'partner' || publishing.has(organisation.id))
      .sort(byKindThenName),
    view,
    isPartnersOnly,
    panelMeetings,
  };
}

/**
 * Which of an area's partner bodies publish something this reader may see: a plan, a priority, a
 * work programme item or a meeting. Those with meetings, or in the joint view, are known from what
 * the overview reads anyway; the area's plans, priorities and work programme are read only when a
 * partner body is left undecided, so an area with no silent partner bodies reads nothing more.
 */
async function publishingPartners(
  deps: ApiDeps,
  areaId: string,
  audience: Audience,
  organisations: RecordOf<'organisation'>[],
  meetings: ViewRecord[],
  view: JointView | undefined,
): Promise<Set<string | null>> {
  const publishing = new Set<string | null>(visibleRecords(meetings, audience).map((meeting) => meeting.organisationId));
  for (const theme of view?.themes ?? []) for (const organisation of theme.organisations) publishing.add(organisation.organisationId);
  const undecided = organisations.some((organisation) => organisation.state.kind === 'partner' && !publishing.has(organisation.id));
  if (!undecided) return publishing;
  const lists = await Promise.all(
    (['plan', 'priority', 'work-programme-item'] as const).map((subjectType) => deps.views.list(areaId, { subjectType })),
  );
  for (const record of lists.flatMap((records) => visibleRecords(records, audience))) publishing.add(record.organisationId);
  return publishing;
}

/** Looks up a body's name among the area's bodies (its id when it is not one of them). */
export function nameOfIn(content: { organisations: { id: string; state: { name: string } }[] }): (organisationId: string) => string {
  const names = new Map(content.organisations.map((organisation) => [organisation.id, organisation.state.name]));
  return (organisationId) => names.get(organisationId) ?? organisationId;
}

/** A subject's events that this reader may see: none at all when the subject is now partners-only and they are not a partner. */
export async function visibleHistory(
  deps: ApiDeps,
  ref: {
    areaId: string;
    subjectType: 'priority' | 'work-programme-item' | 'protocol' | 'plan' | 'meeting';
    organisationId: string | null;
    id: string;
  },
  audience: Audience,
  areaRecords: ViewRecord[],
): Promise<HubEvent[]> {
  const events = await deps.eventLog.stream(ref);
  const latest = events[events.length - 1];
  if (!latest || (audience === 'public' && latest.detail.visibility === 'partners')) return [];
  if (audience === 'partners') return events;
  // Past versions show the links they had: only those to priorities and plans the public may see now.
  const visible = linkableSubjects(linkableIn(areaRecords), audience);
  return events.filter((event) => event.detail.visibility === 'public').map((event) => eventWithoutHiddenLinks(event, visible));
}
