import { financialQuarterOf, type JointView } from '@partnership-hub/domain';
import {
  calendarQuarterText,
  FIRST_DATE_YEAR,
  type FinancialQuarter,
  financialQuarterText,
  financialYearLabel,
  IsoDate,
  inDateYears,
  LAST_DATE_YEAR,
  parseFinancialYear,
  parseQuarter,
  quarterIndex,
  THEMES,
  type ThemeSlug,
  themeWithDescendants,
} from '@partnership-hub/events';
import { pageOf, pagesOf } from './paging.ts';

/** The overview's filters, from the query string. Empty means "all". */
export interface OverviewFilters {
  theme: string;
  body: string;
  /**
   * A financial year (`2021/22`) or a financial quarter (`2021/22-Q4`); a quarter written the
   * calendar way (`2022-Q1`) is read as the same quarter. A bare year (`2022`) is a calendar
   * year, as links made before financial years meant.
   */
  period: string;
  /** Which page of bodies across the matrix: a number from 1, or `all` for every body on one page (for printing). */
  page: number | 'all';
  /** The date (`YYYY-MM-DD`) to see the joint view as at; empty or missing for today. */
  asOf?: string;
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
export const pageCount = (count: number) => pagesOf(count, BODIES_PER_PAGE);

/** The bodies on the chosen page. */
export function bodiesOnPage<T>(bodies: T[], page: number | 'all'): T[] {
  return page === 'all' ? bodies : bodies.slice((page - 1) * BODIES_PER_PAGE, page * BODIES_PER_PAGE);
}

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
    .replace(/^(\d{4}(?:\/\d{2})?)-?Q/, '$1-Q');
  const errors: FilterError[] = [];
  const filters: OverviewFilters = { theme: '', body: '', period: '', page: 1 };
  const asOf = asOfFrom(query);
  if (asOf.date === undefined) errors.push({ field: 'asOf', message: asOf.error });
  else if (asOf.date) filters.asOf = asOf.date;
  if (theme) {
    if (THEMES.some(({ slug }) => slug === theme)) filters.theme = theme;
    else errors.push({ field: 'theme', message: 'Choose a theme from the list' });
  }
  if (body) {
    if (bodyIds.includes(body)) filters.body = body;
    else errors.push({ field: 'body', message: 'Choose a body from the list' });
  }
  if (period) {
    const normalised = normalisePeriod(period);
    if (normalised) filters.period = normalised;
    else
      errors.push({
        field: 'period',
        message: 'Enter a period as a financial year, like 2021/22, or a quarter, like 2021/22-Q4 (January to March 2022)',
      });
  }
  // One body across needs no pages; otherwise the page must be one there is.
  const paged = pageOf(query.page, filters.body ? 1 : pageCount(bodyIds.length), 'bodies', true);
  filters.page = paged.page;
  if (paged.error) errors.push({ field: 'page', message: paged.error });
  return { filters, errors };
}

/** The message for a date the "As at" control cannot use. */
const AS_AT_ERROR = 'The date to see the joint view as at must be a real date, like 4 February 2022';

/**
 * The "As at" date from a page's query string: `asOf` as `<input type="date">` sends it
 * (`YYYY-MM-DD`), validated as the API validates it. Empty for today.
 */
export function asOfFrom(
  query: Record<string, string | undefined>,
): { date: string; error?: undefined } | { date?: undefined; error: string } {
  const text = (query.asOf ?? '').trim();
  if (text === '') return { date: '' };
  if (!IsoDate.safeParse(text).success) return { error: AS_AT_ERROR };
  // The years the API takes a date in (see FIRST_DATE_YEAR): year 0 or 9999 is a slip, not a date to look back to.
  return inDateYears(text)
    ? { date: text }
    : { error: `The date to see the joint view as at must be between 1 January ${FIRST_DATE_YEAR} and 31 December ${LAST_DATE_YEAR}` };
}

/** A period in the spelling the filter's choices use (financial), or undefined when it is none. */
function normalisePeriod(period: string): string | undefined {
  if (/^\d{4}$/.test(period)) return period;
  const year = parseFinancialYear(period);
  if (year !== undefined) return financialYearLabel(year);
  const quarter = parseQuarter(period);
  return quarter ? financialQuarterText(quarter) : undefined;
}

/** Whether a quarter lies in a period: the quarter itself, its financial year, or (a bare year) its calendar year. */
function quarterInPeriod(quarter: FinancialQuarter, period: string): boolean {
  if (/^\d{4}$/.test(period)) return calendarQuarterText(quarter).startsWith(`${period}-`);
  const year = parseFinancialYear(period);
  if (year !== undefined) return quarter.year === year;
  const wanted = parseQuarter(period);
  return wanted !== undefined && quarterIndex(wanted) === quarterIndex(quarter);
}

/**
 * Whether a work programme item falls in the period: its quarter (in either spelling, or its
 * date's) is the period or lies in it. Undated items fall in no period.
 */
export function inPeriod(item: { date?: string | undefined; quarter?: string | undefined }, period: string): boolean {
  if (!period) return true;
  const quarter = financialQuarterOf(item);
  return quarter !== undefined && quarterInPeriod(quarter, period);
}

/**
 * The joint view narrowed by the filters. Priorities span a whole plan period, so the period
 * narrows planned work only; a theme row stays while any body still has something on it. A theme
 * takes in the themes within it (violence against women and girls keeps the domestic abuse row).
 */
export function filterJointView(view: JointView, filters: OverviewFilters): JointView {
  const family = new Set<string>(filters.theme ? themeWithDescendants(filters.theme as ThemeSlug) : []);
  const themes = view.themes
    .filter((theme) => !filters.theme || family.has(theme.theme))
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
      (!filters.theme || family.has(gap.theme)) &&
      (!filters.body ||
        gap.missingFrom.includes(filters.body) ||
        gap.partlyCoveredBy.includes(filters.body) ||
        gap.coveredBy.includes(filters.body)),
  );
  const overlaps = view.overlaps.filter(
    (overlap) =>
      (!filters.theme || family.has(overlap.theme)) &&
      (!filters.body || overlap.items.some((item) => item.organisationId === filters.body)) &&
      (!filters.period || inPeriod({ quarter: overlap.quarter }, filters.period)),
  );
  return { ...view, themes, gaps, overlaps };
}

/** The financial years and quarters that planned work falls in, newest first, each year after its quarters: the period filter's choices. */
export function periodsOf(view: JointView): string[] {
  const quarters = new Set<string>();
  const years = new Set<string>();
  for (const theme of view.themes)
    for (const organisation of theme.organisations)
      for (const item of organisation.workProgramme) {
        const quarter = financialQuarterOf(item);
        if (!quarter) continue;
        quarters.add(financialQuarterText(quarter));
        years.add(financialYearLabel(quarter.year));
      }
  return [...years, ...quarters].sort((a, b) => b.localeCompare(a) || a.length - b.length);
}
