import {
  calendarQuarterText,
  type FinancialQuarter,
  financialQuarterText,
  financialYearOfDate,
  type OrganisationKind,
  parseQuarter,
  quarterIndex,
  quarterOfDate,
  THEMES,
  type ThemeSlug,
} from '@partnership-hub/events';
import {
  inForceOn,
  isAhead,
  type PlanPeriod,
  planInForceOn,
  planPeriods,
  priorityPeriod,
  recordInForceOn,
  type StatusChange,
  statusOn,
} from './in-force.ts';
import { coverageOf, type ThemeCoverage } from './theme-coverage.ts';
import type { Audience, RecordOf, ViewRecord } from './views.ts';
import { visibleRecords } from './views.ts';

export interface JointViewOrganisation {
  organisationId: string;
  name: string;
  kind: OrganisationKind;
  /**
   * `current` is true for a priority in force on the view's date (see inForceOn), false for one
   * whose dates have ended or whose status was not active then: it stays in the view so a reader
   * can see what came before, marked as past. A priority whose dates have not begun is left out.
   * Views stored before `status` and `current` were added lack them: read a missing `current` as true.
   */
  priorities: { id: string; title: string; version: number; status?: string; current?: boolean }[];
  workProgramme: { id: string; title: string; version: number; kind: string; date?: string; quarter?: string; status: string }[];
  /**
   * Items on the agenda of the body's meetings that name the theme: a note ("on the agenda of
   * the panel on 2 May 2014"), never coverage for gaps. Meetings of the view's financial year and
   * the next, not cancelled; a restricted item only for partners. Views stored before meetings lack it.
   */
  agenda?: { meetingId: string; date: string; number: string; title: string }[];
}

export interface JointView {
  areaId: string;
  areaName: string | null;
  audience: Audience;
  /** The date (Europe/London) the view is as at: what was in force on it. Views stored before it existed lack it. */
  asOf?: string;
  themes: {
    theme: ThemeSlug;
    name: string;
    /** True when the theme is among the PCC's priorities in force (the Police and Crime Plan). */
    inPoliceAndCrimePlan: boolean;
    organisations: JointViewOrganisation[];
  }[];
  /**
   * Themes of the Police and Crime Plan that a CSP does not cover in full: it covers neither the
   * theme nor a theme within it in its priorities or work programme (`missingFrom`), or only a
   * theme within it (`partlyCoveredBy`, with the themes it covers in `partly`).
   */
  gaps: ({ theme: ThemeSlug; name: string } & ThemeCoverage & {
      /** Each of `missingFrom` with why it is missing. Views stored before it existed lack it. */
      missing?: MissingBody[];
    })[];
  /**
   * CSPs with no plan and no priority in force on the date that the reader may see: they have
   * published nothing for it, which is not the same as a plan that is silent on a theme.
   * Views stored before it existed lack it.
   */
  noPlanInForce?: string[];
  /**
   * Two or more scrutinising bodies with work on the same theme in the same quarter, however each
   * wrote it. `quarter` is the calendar spelling (`2016-Q2`), `financialQuarter` the financial one (`2016/17-Q1`).
   */
  overlaps: {
    theme: ThemeSlug;
    name: string;
    quarter: string;
    financialQuarter: string;
    items: { organisationId: string; id: string; title: string }[];
  }[];
}

/**
 * Why a CSP is missing from a theme: it has published nothing in force on the date that the
 * reader may see (`no-plan-published`), or it has a plan or priority in force that covers neither
 * the theme nor a theme within it (`plan-silent`).
 */
export type MissingReason = 'no-plan-published' | 'plan-silent';
export interface MissingBody {
  organisationId: string;
  reason: MissingReason;
}

/**
 * Each priority's status history (statusHistory), keyed by statusHistoryKey. Without one for a
 * priority, its record's latest status stands for its history (see recordInForceOn), which is
 * right from its last change on: today's view needs none, an earlier date needs them all.
 */
export type StatusHistories = ReadonlyMap<string, readonly StatusChange[]>;
export const statusHistoryKey = (organisationId: string, id: string): string => `${organisationId}/${id}`;

/** The order bodies are listed in across the hub: the PCC, the panel, the CSPs, then scrutiny committees. */
export const KIND_ORDER: OrganisationKind[] = ['pcc', 'panel', 'csp', 'scrutiny-committee', 'council', 'partner'];

/** Bodies by kind, then by name compared numerically, so that "Town 2" comes before "Town 10". */
export function compareBodies(a: { kind: OrganisationKind; name: string }, b: { kind: OrganisationKind; name: string }): number {
  return KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || byName().compare(a.name, b.name);
}
/**
 * What `localeCompare(name, 'en-GB', { numeric: true })` compares with, made once: localeCompare with
 * options builds a collator per call. Made on first use, not at import, which a cold start pays for.
 */
let collator: Intl.Collator | undefined;
const byName = () => (collator ??= new Intl.Collator('en-GB', { numeric: true }));
const SCRUTINISING: OrganisationKind[] = ['panel', 'scrutiny-committee'];

/**
 * The quarter a work programme item is planned for, in calendar spelling (`2016-Q2`) whichever
 * spelling it was written in: its quarter if it names one, else the quarter of its date.
 */
export function quarterOf(item: { date?: string | undefined; quarter?: string | undefined }): string | undefined {
  const quarter = financialQuarterOf(item);
  // A quarter the log holds outside the years the hub writes both ways is kept as written.
  return quarter ? calendarQuarterText(quarter) : item.quarter;
}

/** The financial quarter a work programme item is planned for: its quarter in either spelling, else its date's. */
export function financialQuarterOf(item: { date?: string | undefined; quarter?: string | undefined }): FinancialQuarter | undefined {
  if (item.quarter) return parseQuarter(item.quarter);
  return item.date ? quarterOfDate(item.date) : undefined;
}

/**
 * The panel's joint view of an area on a date, per theme: which bodies hold a priority in force
 * or have work planned, where the Police and Crime Plan's themes go uncovered by a CSP, and where
 * scrutiny overlaps. Pure: it is computed from the area's view records for one audience, as at
 * `asOf` (the date in Europe/London, passed in: today for the stored view). What is in force is
 * worked out from what the audience may see: a plan a reader may not see dates nothing for them.
 * Work is in view when it is planned for the financial year of `asOf` or the next (so next year's
 * planned work stays in view), or names no date or quarter at all. `onlyThemes` leaves out every
 * other theme's entry and overlaps (the gaps and the rest are whole): the projector rebuilds only
 * the parts a change touches and keeps the others it built before.
 */
export function buildJointView(
  areaId: string,
  records: ViewRecord[],
  audience: Audience,
  asOf: string,
  histories: StatusHistories = new Map(),
  onlyThemes?: ReadonlySet<string>,
): JointView {
  const of = byKind(visibleRecords(records, audience));
  const area = of.area[0];
  const organisations = new Map(of.organisation.map((record) => [record.id, record]));
  const priorities = of.priority.filter((record) => organisations.has(record.organisationId));
  const year = financialYearOfDate(asOf);
  // Each item's financial quarter, worked out once: the overlaps below group by it.
  const quarters = new Map<RecordOf<'work-programme-item'>, FinancialQuarter | undefined>();
  const work = of['work-programme-item'].filter((record) => {
    if (!organisations.has(record.organisationId)) return false;
    const quarter = financialQuarterOf(record.state);
    quarters.set(record, quarter);
    return quarter === undefined || quarter.year === year || quarter.year === year + 1;
  });
  const meetings = of.meeting.filter((record) => {
    if (!organisations.has(record.organisationId) || record.state.status === 'cancelled') return false;
    const meetingYear = financialYearOfDate(record.state.date);
    return meetingYear === year || meetingYear === year + 1;
  });
  const kindOf = (organisationId: string) => organisations.get(organisationId)!.state.kind;
  const periods = plansByBody(of.plan);
  const periodsOf = (organisationId: string) => periods.get(organisationId) ?? NO_PLANS;
  const historyOf = (record: RecordOf<'priority'>) => histories.get(statusHistoryKey(record.organisationId, record.id));
  // Asked once per priority, however many themes it names: each answer dates a change in London time.
  const inForceAnswers = new Map<RecordOf<'priority'>, boolean>();
  const inForce = (record: RecordOf<'priority'>) => {
    let answer = inForceAnswers.get(record);
    if (answer === undefined) {
      const history = historyOf(record);
      answer = history
        ? inForceOn(record.state, history, periodsOf(record.organisationId), asOf)
        : recordInForceOn(record, periodsOf(record.organisationId), asOf);
      inForceAnswers.set(record, answer);
    }
    return answer;
  };
  const statusAsOf = (record: RecordOf<'priority'>) => {
    const history = historyOf(record);
    return history ? statusOn(history, asOf) : record.state.status;
  };
  const shownPriorities = priorities.filter((record) => !isAhead(priorityPeriod(record.state, periodsOf(record.organisationId)), asOf));
  const currentPriorities = priorities.filter(inForce);
  const activeWork = work.filter((record) => record.state.status !== 'deferred');
  const planThemes = new Set(
    currentPriorities.filter((record) => kindOf(record.organisationId) === 'pcc').flatMap((record) => record.state.themes),
  );

  // Each theme's records, in the order of the area's records, gathered in one pass rather than a
  // pass per theme, and only for the themes whose entries are built.
  const shownByTheme = byTheme(shownPriorities, onlyThemes);
  const workByTheme = byTheme(work, onlyThemes);
  const shownThemes = onlyThemes ? THEMES.filter(({ slug }) => onlyThemes.has(slug)) : THEMES;
  const themes = shownThemes
    .map(({ slug, name }) => {
      const byOrganisation = new Map<string, JointViewOrganisation>();
      const entry = (organisationId: string) => {
        let existing = byOrganisation.get(organisationId);
        if (!existing) {
          const organisation = organisations.get(organisationId)!;
          existing = { organisationId, name: organisation.state.name, kind: organisation.state.kind, priorities: [], workProgramme: [] };
          byOrganisation.set(organisationId, existing);
        }
        return existing;
      };
      for (const record of shownByTheme.get(slug) ?? []) {
        const status = statusAsOf(record);
        entry(record.organisationId).priorities.push({
          id: record.id,
          title: record.state.title,
          version: record.version,
          status,
          current: inForce(record),
        });
      }
      for (const record of workByTheme.get(slug) ?? []) {
        const { title, kind, date, quarter, status } = record.state;
        entry(record.organisationId).workProgramme.push({
          id: record.id,
          title,
          version: record.version,
          kind,
          status,
          ...(date ? { date } : {}),
          ...(quarter ? { quarter } : {}),
        });
      }
      for (const record of meetings)
        for (const item of record.state.agenda) {
          if (!item.themes?.includes(slug) || (item.restricted && audience !== 'partners')) continue;
          const shown = entry(record.organisationId);
          shown.agenda = [
            ...(shown.agenda ?? []),
            { meetingId: record.id, date: record.state.date, number: item.number, title: item.title },
          ];
        }
      return {
        theme: slug,
        name,
        inPoliceAndCrimePlan: planThemes.has(slug),
        organisations: [...byOrganisation.values()].sort(compareBodies),
      };
    })
    .filter((theme) => theme.organisations.length > 0);

  const csps = [...organisations.values()]
    .filter((record) => record.state.kind === 'csp')
    .map((record) => record.id)
    .sort();
  // Covering takes the same view of what is in force as the plan: a priority not in force on the date, or a deferred item, covers nothing.
  const coveredThemes = new Map<string, Set<string>>(csps.map((csp) => [csp, new Set()]));
  for (const record of [...currentPriorities, ...activeWork])
    for (const theme of record.state.themes) coveredThemes.get(record.organisationId)?.add(theme);
  // A CSP has published something for the date when a plan of its or a priority of its that the reader may see is in force on it.
  const publishing = new Set(currentPriorities.map((record) => record.organisationId));
  for (const [organisationId, plans] of periods)
    if ([...plans.values()].some((period) => planInForceOn(period, asOf))) publishing.add(organisationId);
  const noPlanInForce = csps.filter((csp) => !publishing.has(csp));
  const gaps = THEMES.filter(({ slug }) => planThemes.has(slug)).flatMap(({ slug, name }) => {
    const coverage = coverageOf(slug, csps, (csp) => coveredThemes.get(csp)!);
    const missing = coverage.missingFrom.map(
      (organisationId): MissingBody => ({ organisationId, reason: publishing.has(organisationId) ? 'plan-silent' : 'no-plan-published' }),
    );
    return coverage.missingFrom.length > 0 || coverage.partlyCoveredBy.length > 0 ? [{ theme: slug, name, ...coverage, missing }] : [];
  });

  // By financial quarter, so that `2016-Q2` and `2016/17-Q1` are the same quarter.
  const scrutinyByTheme = byTheme(
    activeWork.filter((record) => SCRUTINISING.includes(kindOf(record.organisationId))),
    onlyThemes,
  );
  const overlaps = shownThemes.flatMap(({ slug, name }) => {
    const byQuarter = new Map<number, { quarter: FinancialQuarter; items: RecordOf<'work-programme-item'>[] }>();
    for (const record of scrutinyByTheme.get(slug) ?? []) {
      const quarter = quarters.get(record);
      if (!quarter) continue;
      const index = quarterIndex(quarter);
      const held = byQuarter.get(index);
      if (held) held.items.push(record);
      else byQuarter.set(index, { quarter, items: [record] });
    }
    return [...byQuarter.entries()]
      .filter(([, { items }]) => new Set(items.map((item) => item.organisationId)).size > 1)
      .sort(([a], [b]) => a - b)
      .map(([, { quarter, items }]) => ({
        theme: slug,
        name,
        quarter: calendarQuarterText(quarter),
        financialQuarter: financialQuarterText(quarter),
        items: items.map((item) => ({ organisationId: item.organisationId, id: item.id, title: item.state.title })),
      }));
  });

  return { areaId, areaName: area?.state.name ?? null, audience, asOf, themes, gaps, noPlanInForce, overlaps };
}

const NO_PLANS: ReadonlyMap<string, PlanPeriod> = new Map();

/**
 * Records by each theme they name (a theme named twice counts once), each list in the records'
 * order; only the themes in `only`, when given. One pass, and no Set per record: an area's joint
 * view is built again at every change, over every record of the area.
 */
function byTheme<T extends { state: { themes: readonly string[] } }>(records: readonly T[], only?: ReadonlySet<string>): Map<string, T[]> {
  const themes = new Map<string, T[]>();
  for (const record of records) {
    const named = record.state.themes;
    for (let index = 0; index < named.length; index++) {
      const theme = named[index]!;
      if ((only && !only.has(theme)) || named.indexOf(theme) !== index) continue;
      const held = themes.get(theme);
      if (held) held.push(record);
      else themes.set(theme, [record]);
    }
  }
  return themes;
}

/** The kinds of record a joint view is built from, each in the records' order. */
interface ByKind {
  area: RecordOf<'area'>[];
  organisation: RecordOf<'organisation'>[];
  priority: RecordOf<'priority'>[];
  plan: RecordOf<'plan'>[];
  'work-programme-item': RecordOf<'work-programme-item'>[];
  meeting: RecordOf<'meeting'>[];
}

/** The records a joint view is built from, by kind, in one pass (a filter per kind was a pass each). */
function byKind(records: readonly ViewRecord[]): ByKind {
  const kinds: ByKind = { area: [], organisation: [], priority: [], plan: [], 'work-programme-item': [], meeting: [] };
  for (const record of records) {
    switch (record.subjectType) {
      case 'area':
        kinds.area.push(record);
        break;
      case 'organisation':
        kinds.organisation.push(record);
        break;
      case 'priority':
        kinds.priority.push(record);
        break;
      case 'plan':
        kinds.plan.push(record);
        break;
      case 'work-programme-item':
        kinds['work-programme-item'].push(record);
        break;
      case 'meeting':
        kinds.meeting.push(record);
        break;
      default:
        break;
    }
  }
  return kinds;
}

/** Each body's plans with their periods as they stand (see planPeriods), by body. */
function plansByBody(plans: RecordOf<'plan'>[]): Map<string, Map<string, PlanPeriod>> {
  const byBody = new Map<string, RecordOf<'plan'>[]>();
  for (const plan of plans) byBody.set(plan.organisationId, [...(byBody.get(plan.organisationId) ?? []), plan]);
  return new Map(
    [...byBody.entries()].map(([organisationId, own]) => [
      organisationId,
      planPeriods(own.map((plan) => ({ id: plan.id, ...plan.state }))),
    ]),
  );
}
