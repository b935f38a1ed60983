/**
 * Quarters and financial years. Councils and OPCCs plan in financial years, April to March,
 * written "2016/17"; their Q1 is April to June. The hub also accepts the calendar spelling it
 * took first ("2016-Q2" is April to June 2016), and stored events keep whichever spelling they
 * were written in, so every comparison goes through the one financial quarter both name.
 *
 * Written here rather than taken from a date library: no well-kept package knows UK public-sector
 * financial years or these two spellings, and the arithmetic is a few lines of integer maths.
 * Pure: no clock, no locale.
 */

/** A quarter of a financial year: `year` is the year it starts in (2016 for 2016/17), `quarter` 1 (April–June) to 4 (January–March). */
export interface FinancialQuarter {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

/** The financial years the hub can write both ways: from 1000/01 to 9998/99 (a calendar year must stay four digits). */
export const FIRST_FINANCIAL_YEAR = 1000;
export const LAST_FINANCIAL_YEAR = 9998;

const CALENDAR = /^(\d{4})-Q([1-4])$/;
const FINANCIAL = /^(\d{4})\/(\d{2})-Q([1-4])$/;
const FINANCIAL_YEAR = /^(\d{4})\/(\d{2})$/;

/** The regular expression of both spellings, for schemas that can only say so much (JSON Schema `pattern`). */
export const QUARTER_PATTERN = /^\d{4}(?:\/\d{2})?-Q[1-4]$/;

/** How a quarter may be written, in the words a problem response uses. */
export const QUARTER_FORMS =
  'a financial quarter written YYYY/YY-Qn (financial years run April to March: 2016/17-Q1 is April to June 2016) or a calendar quarter written YYYY-Qn (2016-Q2 is April to June 2016)';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const inRange = (year: number) => year >= FIRST_FINANCIAL_YEAR && year <= LAST_FINANCIAL_YEAR;

/** `2016` → `2016/17`; `1999` → `1999/00`. */
export function financialYearLabel(year: number): string {
  return `${String(year).padStart(4, '0')}/${String((year + 1) % 100).padStart(2, '0')}`;
}

/** `2016/17` → 2016, or undefined when the second year does not follow the first. */
export function parseFinancialYear(text: string): number | undefined {
  const match = FINANCIAL_YEAR.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  return Number(match[2]) === (year + 1) % 100 && inRange(year) ? year : undefined;
}

/** The financial quarter a calendar quarter is: its Q1 (January–March) ends the financial year before. */
export function fromCalendarQuarter(year: number, quarter: number): FinancialQuarter {
  return quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: (quarter - 1) as 1 | 2 | 3 };
}

/**
 * Reads either spelling; undefined for anything else, including a financial year whose second
 * half does not follow its first ("2016/18-Q1") and a quarter outside the years the hub writes.
 */
export function parseQuarter(text: string): FinancialQuarter | undefined {
  const calendar = CALENDAR.exec(text);
  if (calendar) {
    const parsed = fromCalendarQuarter(Number(calendar[1]), Number(calendar[2]));
    return inRange(parsed.year) ? parsed : undefined;
  }
  const financial = FINANCIAL.exec(text);
  if (!financial) return undefined;
  const year = parseFinancialYear(`${financial[1]}/${financial[2]}`);
  return year === undefined ? undefined : { year, quarter: Number(financial[3]) as 1 | 2 | 3 | 4 };
}

/** Why a text is not a quarter, in a sentence fit for a problem response; undefined when it is one. */
export function quarterProblem(text: string): string | undefined {
  if (parseQuarter(text)) return undefined;
  const financial = FINANCIAL.exec(text);
  if (financial && Number(financial[2]) !== (Number(financial[1]) + 1) % 100)
    return `must be ${QUARTER_FORMS}; ${financial[1]}/${financial[2]} is not a financial year (the year after ${financial[1]} is written /${String((Number(financial[1]) + 1) % 100).padStart(2, '0')})`;
  if (financial || CALENDAR.test(text))
    return `must be ${QUARTER_FORMS}, between ${financialYearLabel(FIRST_FINANCIAL_YEAR)}-Q1 and ${financialYearLabel(LAST_FINANCIAL_YEAR)}-Q4`;
  return `must be ${QUARTER_FORMS}`;
}

/** `{2016, 1}` → `2016/17-Q1`: the spelling the hub writes. */
export function financialQuarterText({ year, quarter }: FinancialQuarter): string {
  return `${financialYearLabel(year)}-Q${quarter}`;
}

/** `{2016, 1}` → `2016-Q2`: the calendar spelling of the same three months. */
export function calendarQuarterText({ year, quarter }: FinancialQuarter): string {
  return quarter === 4 ? `${String(year + 1).padStart(4, '0')}-Q1` : `${String(year).padStart(4, '0')}-Q${quarter + 1}`;
}

/** `{2014, 3}` → `Q3 2014/15`: how pages and feeds name a quarter. */
export function quarterLabel(value: FinancialQuarter): string {
  return `Q${value.quarter} ${financialYearLabel(value.year)}`;
}

/** The calendar months a financial quarter spans: `{2014, 3}` → `October to December 2014`. */
export function quarterMonths({ year, quarter }: FinancialQuarter): string {
  const first = (quarter * 3) % 12; // Q1 starts in April (index 3), Q4 in January (index 0)
  const calendarYear = quarter === 4 ? year + 1 : year;
  return `${MONTHS[first]} to ${MONTHS[first + 2]} ${calendarYear}`;
}

/** A number per quarter, one apart from the next: for ordering and comparing. */
export function quarterIndex({ year, quarter }: FinancialQuarter): number {
  return year * 4 + quarter - 1;
}

export function compareQuarters(a: FinancialQuarter, b: FinancialQuarter): number {
  return quarterIndex(a) - quarterIndex(b);
}

/** The financial quarter a calendar date (`YYYY-MM-DD`, or any text starting `YYYY-MM`) falls in. */
export function quarterOfDate(isoDate: string): FinancialQuarter {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return fromCalendarQuarter(year, Math.floor((month - 1) / 3) + 1);
}

/** The financial year (the year it starts in) a calendar date falls in: 2017-03-31 is in 2016/17, 2017-04-01 in 2017/18. */
export function financialYearOfDate(isoDate: string): number {
  return quarterOfDate(isoDate).year;
}
