import type { MissingBody } from '@partnership-hub/domain';
import {
  calendarQuarterText,
  financialYearLabel,
  type OrganisationKind,
  type PlanKind,
  parseFinancialYear,
  parseQuarter,
  quarterLabel,
  quarterMonths,
  THEMES,
} from '@partnership-hub/events';

/** How the pages name things: words a panel member would use, never slugs. */
export const KIND_NAMES: Record<OrganisationKind, string> = {
  pcc: 'Police and Crime Commissioner',
  panel: 'Police and Crime Panel',
  csp: 'Community Safety Partnership',
  'scrutiny-committee': 'Crime and disorder scrutiny committee',
  council: 'Council',
  partner: 'Partner',
};

export const PLAN_KIND_NAMES: Record<PlanKind, string> = {
  'police-and-crime-plan': 'Police and Crime Plan',
  'community-safety-plan': 'Community safety plan',
  'partnership-plan': 'Partnership plan',
  'scrutiny-work-programme': 'Scrutiny work programme',
  'delivery-plan': 'Delivery plan',
  strategy: 'Strategy',
};

const WORK_KIND_NAMES: Record<string, string> = {
  report: 'Report',
  'scrutiny-review': 'Scrutiny review',
  'task-and-finish': 'Task and finish group',
  'performance-update': 'Performance update',
  meeting: 'Meeting',
};

const STATUS_NAMES: Record<string, string> = {
  planned: 'Planned',
  'in-progress': 'In progress',
  completed: 'Completed',
  deferred: 'Deferred',
  active: 'Active',
  achieved: 'Achieved',
  closed: 'Closed',
  superseded: 'Superseded',
  draft: 'Draft',
  agreed: 'Agreed',
};

const themeNames = new Map<string, string>(THEMES.map(({ slug, name }) => [slug, name]));

export const themeName = (slug: string) => themeNames.get(slug) ?? slug;
export const statusName = (status: string) => STATUS_NAMES[status] ?? status.charAt(0).toUpperCase() + status.slice(1);
export const workKindName = (kind: string) => WORK_KIND_NAMES[kind] ?? kind;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2022-02-04` → `4 February 2022` (GOV.UK style: no ordinals, no leading zero). */
export function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-');
  return `${Number(day)} ${MONTHS[Number(month) - 1] ?? month} ${year}`;
}

/** An ISO timestamp as a date and a 24-hour UTC time, e.g. `4 February 2022 at 10:05 (UTC)`. */
export function formatDateTime(iso: string): string {
  return `${formatDate(iso)} at ${iso.slice(11, 16)} (UTC)`;
}

/** A period in words: `1 April 2016 to 31 March 2019`, `from 4 February 2022`, `until 31 March 2019`, or `No dates`. */
export function periodInWords(period: { start?: string | undefined; end?: string | undefined }): string {
  if (period.start && period.end) return `${formatDate(period.start)} to ${formatDate(period.end)}`;
  if (period.start) return `From ${formatDate(period.start)}`;
  if (period.end) return `Until ${formatDate(period.end)}`;
  return 'No dates';
}

/**
 * A quarter in financial years, with the months it spans, whichever spelling it was written in:
 * `2014-Q4` and `2014/15-Q3` are both `Q3 2014/15 (October to December 2014)`.
 */
export function quarterName(quarter: string): string {
  const parsed = parseQuarter(quarter);
  return parsed ? `${quarterLabel(parsed)} (${quarterMonths(parsed)})` : quarter;
}

/** A period of the overview's filter in words: a financial year (`2016/17`), a quarter in either spelling, or a calendar year. */
export function periodName(period: string): string {
  const year = parseFinancialYear(period);
  if (year !== undefined) return `${financialYearLabel(year)} (April ${year} to March ${year + 1})`;
  if (/^\d{4}$/.test(period)) return `${period} (calendar year)`;
  return quarterName(period);
}

/** `2022-03` → `March 2022`. */
export function monthName(month: string): string {
  const [year, number] = month.split('-');
  return `${MONTHS[Number(number) - 1] ?? number} ${year}`;
}

/** When a work programme item is planned, in words: its date, else its quarter, else that it is not dated. */
export function whenOf(item: { date?: string | undefined; quarter?: string | undefined }): string {
  if (item.date) return formatDate(item.date);
  if (item.quarter) return quarterName(item.quarter);
  return 'Not dated';
}

/** Sorts by date or quarter, earliest first; undated items last. */
export function sortKeyOf(item: { date?: string | undefined; quarter?: string | undefined }): string {
  if (item.date) return item.date;
  if (item.quarter) {
    const parsed = parseQuarter(item.quarter);
    const [year, q] = (parsed ? calendarQuarterText(parsed) : item.quarter).split('-Q');
    return `${year}-${String((Number(q) - 1) * 3 + 1).padStart(2, '0')}-00`;
  }
  return '9999';
}

/** A list in words: `a`, `a and b`, `a, b and c`. */
export function inWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** A theme's name within a sentence: `Domestic abuse` → `domestic abuse`. */
export const themeInSentence = (slug: string) => themeName(slug).toLowerCase();

/**
 * The bodies that cover a gap's theme only through themes within it, in words:
 * `Safer Alpha Partnership covers it partly, through domestic abuse and forced marriage`.
 */
export function partlyInWords(partly: { organisationId: string; through: string[] }[], nameOf: (organisationId: string) => string): string {
  return partly
    .map(({ organisationId, through }) => `${nameOf(organisationId)} covers it partly, through ${inWords(through.map(themeInSentence))}`)
    .join('; ');
}

/** A wait in words, rounded up: "45 seconds", "15 minutes", "2 hours". */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return plural(Math.max(1, Math.ceil(seconds)), 'second');
  if (seconds < 90 * 60) return plural(Math.ceil(seconds / 60), 'minute');
  return plural(Math.ceil(seconds / 3600), 'hour');
}

/**
 * Why each CSP is missing from a gap, in words: those that have published nothing in force on
 * the date, then those whose plan in force says nothing on the theme.
 */
export function missingInWords(missing: MissingBody[], names: (ids: string[]) => string, asOf: string | undefined): string {
  const on = asOf ? ` on ${formatDate(asOf)}` : '';
  const unpublished = missing.filter((entry) => entry.reason === 'no-plan-published').map((entry) => entry.organisationId);
  const silent = missing.filter((entry) => entry.reason === 'plan-silent').map((entry) => entry.organisationId);
  return [
    unpublished.length === 0
      ? ''
      : `${names(unpublished)} ${unpublished.length === 1 ? 'has' : 'have'} no plan or priority in force${on} (none published)`,
    silent.length === 0
      ? ''
      : `${names(silent)} ${silent.length === 1 ? 'has a plan' : 'have plans'} in force${on} that ${silent.length === 1 ? 'says' : 'say'} nothing on it or any theme within it`,
  ]
    .filter(Boolean)
    .join('; ');
}
