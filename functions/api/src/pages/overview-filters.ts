import { quarterOf, type JointView } from '@partnership-hub/domain';
import { THEMES } from '@partnership-hub/events';

/** The overview's filters, from the query string. Empty means "all". */
export interface OverviewFilters {
  theme: string;
  body: string;
  /** A year (`2022`) or a quarter (`2022-Q1`). */
  period: string;
}

export interface FilterError {
  field: keyof OverviewFilters;
  message: string;
}

const PERIOD = /^\d{4}(?:-Q[1-4])?$/;

/**
 * Reads the filters and says, in the GOV.UK error summary's words, which ones cannot be used.
 * An unusable filter is ignored (the page still shows everything it can), never a 500.
 */
export function parseOverviewFilters(query: Record<string, string | undefined>, bodyIds: string[]): { filters: OverviewFilters; errors: FilterError[] } {
  const theme = (query.theme ?? '').trim();
  const body = (query.body ?? '').trim();
  const period = (query.period ?? '').trim().toUpperCase().replace(/^(\d{4})-?Q/, '$1-Q');
  const errors: FilterError[] = [];
  const filters: OverviewFilters = { theme: '', body: '', period: '' };
  if (theme) {
    if (THEMES.some(({ slug }) => slug === theme)) filters.theme = theme;
    else errors.push({ field: 'theme', message: 'Choose a theme from the list' });
  }
  if (body) {
    if (bodyIds.includes(body)) filters.body = body;
    else errors.push({ field: 'body', message: 'Choose a body from the list' });
  }
  if (period) {
    if (PERIOD.test(period)) filters.period = period;
    else errors.push({ field: 'period', message: 'Enter a period as a year, like 2022, or a quarter, like 2022-Q1' });
  }
  return { filters, errors };
}

/** Whether a work programme item falls in the period: its quarter is the period or lies in that year. Undated items fall in no period. */
export function inPeriod(item: { date?: string | undefined; quarter?: string | undefined }, period: string): boolean {
  if (!period) return true;
  const quarter = quarterOf(item);
  if (!quarter) return false;
  return period.includes('-Q') ? quarter === period : quarter.startsWith(`${period}-`);
}

/**
 * The joint view narrowed by the filters. Priorities span a whole plan period, so the period
 * narrows planned work only; a theme row stays while any body still has something on it.
 */
export function filterJointView(view: JointView, filters: OverviewFilters): JointView {
  const themes = view.themes
    .filter((theme) => !filters.theme || theme.theme === filters.theme)
    .map((theme) => ({
      ...theme,
      organisations: theme.organisations
        .filter((organisation) => !filters.body || organisation.organisationId === filters.body)
        .map((organisation) => ({ ...organisation, workProgramme: organisation.workProgramme.filter((item) => inPeriod(item, filters.period)) }))
        .filter((organisation) => organisation.priorities.length > 0 || organisation.workProgramme.length > 0),
    }))
    .filter((theme) => theme.organisations.length > 0 || (filters.theme !== '' && theme.theme === filters.theme));
  const gaps = view.gaps.filter((gap) => (!filters.theme || gap.theme === filters.theme) && (!filters.body || gap.missingFrom.includes(filters.body) || gap.coveredBy.includes(filters.body)));
  const overlaps = view.overlaps.filter(
    (overlap) =>
      (!filters.theme || overlap.theme === filters.theme) &&
      (!filters.body || overlap.items.some((item) => item.organisationId === filters.body)) &&
      (!filters.period || (filters.period.includes('-Q') ? overlap.quarter === filters.period : overlap.quarter.startsWith(`${filters.period}-`))),
  );
  return { ...view, themes, gaps, overlaps };
}

/** The quarters that planned work falls in, newest first: the period filter's choices. */
export function periodsOf(view: JointView): string[] {
  const quarters = new Set<string>();
  for (const theme of view.themes) for (const organisation of theme.organisations) for (const item of organisation.workProgramme) {
    const quarter = quarterOf(item);
    if (quarter) quarters.add(quarter);
  }
  const years = new Set([...quarters].map((quarter) => quarter.slice(0, 4)));
  return [...years, ...quarters].sort((a, b) => b.localeCompare(a) || a.length - b.length);
}
