import { type JointView, quarterOf } from '@partnership-hub/domain';
import { THEMES } from '@partnership-hub/events';

/** The overview's filters, from the query string. Empty means "all". */
export interface OverviewFilters {
  theme: string;
  body: string;
  /** A year (`2022`) or a quarter (`2022-Q1`). */
  period: string;
  /** Which page of bodies across the matrix: a number from 1, or `all` for every body on one page (for printing). */
  page: number | 'all';
}

export interface FilterError {
  field: keyof OverviewFilters;
  message: string;
}

/**
 * How many bodies the matrix shows across at once. A typical force area (a PCC, a panel and up to
 * five councils' partnerships and scrutiny committees) fits on one page; a large one (40 bodies)
 * would be a table 40 columns wide and several times the page weight, so it is paged, with a
 * link to show every body on one page for printing.
 */
export const BODIES_PER_PAGE = 12;

/** How many pages of bodies there are when `count` bodies go across. */
export const pageCount = (count: number) => Math.max(1, Math.ceil(count / BODIES_PER_PAGE));

/** The bodies on the chosen page. */
export function bodiesOnPage<T>(bodies: T[], page: number | 'all'): T[] {
  return page === 'all' ? bodies : bodies.slice((page - 1) * BODIES_PER_PAGE, page * BODIES_PER_PAGE);
}

const PERIOD = /^\d{4}(?:-Q[1-4])?$/;

/**
 * Reads the filters and says, in the GOV.UK error summary's words, which ones cannot be used.
 * An unusable filter is ignored (the page still shows everything it can), never a 500.
 */
export function parseOverviewFilters(
  query: Record<string, string | undefined>,
  bodyIds: string[],
): { filters: OverviewFilters; errors: FilterError[] } {
  const theme = (query.theme ?? '').trim();
  const body = (query.body ?? '').trim();
  const period = (query.period ?? '')
    .trim()
    .toUpperCase()
    .replace(/^(\d{4})-?Q/, '$1-Q');
  const page = (query.page ?? '').trim().toLowerCase();
  const errors: FilterError[] = [];
  const filters: OverviewFilters = { theme: '', body: '', period: '', page: 1 };
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
  // One body across needs no pages; otherwise the page must be one there is.
  const pages = filters.body ? 1 : pageCount(bodyIds.length);
  if (page === 'all') filters.page = 'all';
  else if (page) {
    const number = /^\d{1,4}$/.test(page) ? Number(page) : Number.NaN;
    if (number >= 1 && number <= pages) filters.page = number;
    else
      errors.push({
        field: 'page',
        message: pages === 1 ? 'There is only one page of bodies' : `Choose a page of bodies from 1 to ${pages}`,
      });
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
        .map((organisation) => ({
          ...organisation,
          workProgramme: organisation.workProgramme.filter((item) => inPeriod(item, filters.period)),
        }))
        .filter((organisation) => organisation.priorities.length > 0 || organisation.workProgramme.length > 0),
    }))
    .filter((theme) => theme.organisations.length > 0 || (filters.theme !== '' && theme.theme === filters.theme));
  const gaps = view.gaps.filter(
    (gap) =>
      (!filters.theme || gap.theme === filters.theme) &&
      (!filters.body || gap.missingFrom.includes(filters.body) || gap.coveredBy.includes(filters.body)),
  );
  const overlaps = view.overlaps.filter(
    (overlap) =>
      (!filters.theme || overlap.theme === filters.theme) &&
      (!filters.body || overlap.items.some((item) => item.organisationId === filters.body)) &&
      (!filters.period ||
        (filters.period.includes('-Q') ? overlap.quarter === filters.period : overlap.quarter.startsWith(`${filters.period}-`))),
  );
  return { ...view, themes, gaps, overlaps };
}

/** The quarters that planned work falls in, newest first: the period filter's choices. */
export function periodsOf(view: JointView): string[] {
  const quarters = new Set<string>();
  for (const theme of view.themes)
    for (const organisation of theme.organisations)
      for (const item of organisation.workProgramme) {
        const quarter = quarterOf(item);
        if (quarter) quarters.add(quarter);
      }
  const years = new Set([...quarters].map((quarter) => quarter.slice(0, 4)));
  return [...years, ...quarters].sort((a, b) => b.localeCompare(a) || a.length - b.length);
}
