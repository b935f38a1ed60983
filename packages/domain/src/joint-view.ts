import {
  calendarQuarterText,
  type FinancialQuarter,
  financialQuarterText,
  type OrganisationKind,
  parseQuarter,
  quarterIndex,
  quarterOfDate,
  THEMES,
  type ThemeSlug,
} from '@partnership-hub/events';
import { coverageOf, type ThemeCoverage } from './theme-coverage.ts';
import type { Audience, RecordOf, ViewRecord } from './views.ts';
import { visibleRecords } from './views.ts';

export interface JointViewOrganisation {
  organisationId: string;
  name: string;
  kind: OrganisationKind;
  /**
   * `current` is false for a priority whose status says it has ended (superseded by a new plan,
   * achieved, closed...): it stays in the view so a reader can see what came before, marked as past.
   * Views stored before `status` and `current` were added lack them: read a missing `current` as true.
   */
  priorities: { id: string; title: string; version: number; status?: string; current?: boolean }[];
  workProgramme: { id: string; title: string; version: number; kind: string; date?: string; quarter?: string; status: string }[];
}

export interface JointView {
  areaId: string;
  areaName: string | null;
  audience: Audience;
  themes: {
    theme: ThemeSlug;
    name: string;
    /** True when the theme is among the PCC's current priorities (the Police and Crime Plan). */
    inPoliceAndCrimePlan: boolean;
    organisations: JointViewOrganisation[];
  }[];
  /**
   * Themes of the Police and Crime Plan that a CSP does not cover in full: it covers neither the
   * theme nor a theme within it in its priorities or work programme (`missingFrom`), or only a
   * theme within it (`partlyCoveredBy`, with the themes it covers in `partly`).
   */
  gaps: ({ theme: ThemeSlug; name: string } & ThemeCoverage)[];
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

/** Statuses that mean a priority is no longer a current one. Anything else counts as current. */
const NOT_CURRENT = new Set(['closed', 'achieved', 'completed', 'archived', 'superseded']);

export const isCurrentStatus = (status: string) => !NOT_CURRENT.has(status.toLowerCase());
/** The order bodies are listed in across the hub: the PCC, the panel, the CSPs, then scrutiny committees. */
export const KIND_ORDER: OrganisationKind[] = ['pcc', 'panel', 'csp', 'scrutiny-committee', 'council', 'partner'];

/** Bodies by kind, then by name compared numerically, so that "Town 2" comes before "Town 10". */
export function compareBodies(a: { kind: OrganisationKind; name: string }, b: { kind: OrganisationKind; name: string }): number {
  return KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name, 'en-GB', { numeric: true });
}
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
 * The panel's joint view of an area, per theme: which bodies hold a priority or have work
 * planned, where the plan's themes go uncovered by a CSP, and where scrutiny overlaps.
 * Pure: it is computed from the area's view records for one audience.
 */
export function buildJointView(areaId: string, records: ViewRecord[], audience: Audience): JointView {
  const of = <T extends ViewRecord['subjectType']>(type: T) =>
    visibleRecords(
      records.filter((record): record is RecordOf<T> => record.subjectType === type),
      audience,
    );
  const area = of('area')[0];
  const organisations = new Map(of('organisation').map((record) => [record.id, record]));
  const priorities = of('priority').filter((record) => organisations.has(record.organisationId));
  const work = of('work-programme-item').filter((record) => organisations.has(record.organisationId));
  const kindOf = (organisationId: string) => organisations.get(organisationId)!.state.kind;

  const currentPriorities = priorities.filter((record) => isCurrentStatus(record.state.status));
  const activeWork = work.filter((record) => record.state.status !== 'deferred');
  const planThemes = new Set(
    currentPriorities.filter((record) => kindOf(record.organisationId) === 'pcc').flatMap((record) => record.state.themes),
  );

  const themes = THEMES.map(({ slug, name }) => {
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
    for (const record of priorities.filter((candidate) => candidate.state.themes.includes(slug))) {
      const { title, status } = record.state;
      entry(record.organisationId).priorities.push({
        id: record.id,
        title,
        version: record.version,
        status,
        current: isCurrentStatus(status),
      });
    }
    for (const record of work.filter((candidate) => candidate.state.themes.includes(slug))) {
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
    return {
      theme: slug,
      name,
      inPoliceAndCrimePlan: planThemes.has(slug),
      organisations: [...byOrganisation.values()].sort(compareBodies),
    };
  }).filter((theme) => theme.organisations.length > 0);

  const csps = [...organisations.values()]
    .filter((record) => record.state.kind === 'csp')
    .map((record) => record.id)
    .sort();
  // Covering takes the same view of "current" as the plan: a closed priority or a deferred item covers nothing.
  const coveredThemes = new Map<string, Set<string>>(csps.map((csp) => [csp, new Set()]));
  for (const record of [...currentPriorities, ...activeWork])
    for (const theme of record.state.themes) coveredThemes.get(record.organisationId)?.add(theme);
  const gaps = THEMES.filter(({ slug }) => planThemes.has(slug)).flatMap(({ slug, name }) => {
    const coverage = coverageOf(slug, csps, (csp) => coveredThemes.get(csp)!);
    return coverage.missingFrom.length > 0 || coverage.partlyCoveredBy.length > 0 ? [{ theme: slug, name, ...coverage }] : [];
  });

  // By financial quarter, so that `2016-Q2` and `2016/17-Q1` are the same quarter.
  const overlaps = THEMES.flatMap(({ slug, name }) => {
    const byQuarter = new Map<number, { quarter: FinancialQuarter; items: RecordOf<'work-programme-item'>[] }>();
    for (const record of activeWork) {
      const quarter = financialQuarterOf(record.state);
      if (!quarter || !record.state.themes.includes(slug) || !SCRUTINISING.includes(kindOf(record.organisationId))) continue;
      const index = quarterIndex(quarter);
      byQuarter.set(index, { quarter, items: [...(byQuarter.get(index)?.items ?? []), record] });
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

  return { areaId, areaName: area?.state.name ?? null, audience, themes, gaps, overlaps };
}
