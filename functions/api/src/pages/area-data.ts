import {
  type Audience,
  compareBodies,
  eventWithoutHiddenLinks,
  type JointView,
  linkablePriorities,
  type RecordOf,
  type ViewRecord,
  visibleRecords,
  withVisibleLinks,
} from '@partnership-hub/domain';
import { financialQuarterText, type HubEvent, parseQuarter } from '@partnership-hub/events';
import type { ApiDeps } from '../deps.ts';

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
  work: RecordOf<'work-programme-item'>[];
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
  const areaPriorities = records.filter((record): record is RecordOf<'priority'> => record.subjectType === 'priority');
  return {
    areaId,
    areaName: area.state.name,
    audience,
    records,
    organisations: of('organisation').sort(byKindThenName),
    priorities: withVisibleLinks(of('priority'), audience, areaPriorities),
    work: withVisibleLinks(of('work-programme-item'), audience, areaPriorities),
    protocols: of('protocol'),
  };
}

/** The overview's data: the joint view as the projector stored it, and the area's bodies. */
export interface OverviewData {
  areaName: string;
  organisations: Organisation[];
  view: JointView;
  isPartnersOnly: (kind: 'priority' | 'work', organisationId: string, id: string) => boolean;
}

export async function loadOverview(deps: ApiDeps, areaId: string, audience: Audience): Promise<OverviewData | undefined> {
  const [area, organisations, stored, publicView] = await Promise.all([
    deps.views.get(areaId, 'area', null, areaId),
    deps.views.list(areaId, { subjectType: 'organisation' }),
    deps.views.jointView(areaId, audience),
    // Partners see partners-only items marked as such: they are the ones the public view lacks.
    audience === 'partners' ? deps.views.jointView(areaId, 'public') : Promise.resolve(undefined),
  ]);
  if (!area) return undefined;
  const view: JointView = stored
    ? withFieldsAddedSince(JSON.parse(stored.body) as JointView)
    : { areaId, areaName: area.state.name, audience, themes: [], gaps: [], overlaps: [] };
  const publicIds = new Set<string>();
  if (publicView) {
    const parsed = JSON.parse(publicView.body) as JointView;
    for (const theme of parsed.themes)
      for (const organisation of theme.organisations) {
        for (const priority of organisation.priorities) publicIds.add(`priority:${organisation.organisationId}:${priority.id}`);
        for (const item of organisation.workProgramme) publicIds.add(`work:${organisation.organisationId}:${item.id}`);
      }
  }
  const isPartnersOnly = (kind: 'priority' | 'work', organisationId: string, id: string) =>
    audience === 'partners' && !publicIds.has(`${kind}:${organisationId}:${id}`);
  return { areaName: area.state.name, organisations: visibleRecords(organisations, audience).sort(byKindThenName), view, isPartnersOnly };
}

/**
 * A joint view stored before partial coverage and financial quarters lacks their fields until the
 * projector next rebuilds it (on the area's next change): read them as nothing partly covered,
 * and the overlap's quarter in its financial spelling.
 */
function withFieldsAddedSince(view: JointView): JointView {
  return {
    ...view,
    gaps: view.gaps.map((gap) => ({ ...gap, partlyCoveredBy: gap.partlyCoveredBy ?? [], partly: gap.partly ?? [] })),
    overlaps: view.overlaps.map((overlap) => {
      const quarter = parseQuarter(overlap.quarter);
      return { ...overlap, financialQuarter: overlap.financialQuarter ?? (quarter ? financialQuarterText(quarter) : overlap.quarter) };
    }),
  };
}

/** Looks up a body's name among the area's bodies (its id when it is not one of them). */
export function nameOfIn(content: { organisations: { id: string; state: { name: string } }[] }): (organisationId: string) => string {
  const names = new Map(content.organisations.map((organisation) => [organisation.id, organisation.state.name]));
  return (organisationId) => names.get(organisationId) ?? organisationId;
}

/** A subject's events that this reader may see: none at all when the subject is now partners-only and they are not a partner. */
export async function visibleHistory(
  deps: ApiDeps,
  ref: { areaId: string; subjectType: 'priority' | 'work-programme-item' | 'protocol'; organisationId: string | null; id: string },
  audience: Audience,
  areaRecords: ViewRecord[],
): Promise<HubEvent[]> {
  const events = await deps.eventLog.stream(ref);
  const latest = events[events.length - 1];
  if (!latest || (audience === 'public' && latest.detail.visibility === 'partners')) return [];
  if (audience === 'partners') return events;
  // Past versions show the links they had: only those to priorities the public may see now.
  const visible = linkablePriorities(
    areaRecords.filter((record): record is RecordOf<'priority'> => record.subjectType === 'priority'),
    audience,
  );
  return events.filter((event) => event.detail.visibility === 'public').map((event) => eventWithoutHiddenLinks(event, visible));
}
