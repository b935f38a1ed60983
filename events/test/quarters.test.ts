import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calendarQuarterText,
  compareQuarters,
  FIRST_FINANCIAL_YEAR,
  type FinancialQuarter,
  financialQuarterText,
  financialYearLabel,
  financialYearOfDate,
  LAST_FINANCIAL_YEAR,
  parseFinancialYear,
  parseQuarter,
  Quarter,
  quarterIndex,
  quarterLabel,
  quarterMonths,
  quarterOfDate,
  quarterProblem,
  recordedWorkProgrammeItemState,
  WorkProgrammeItemState,
} from '../src/index.ts';

const anyQuarter = fc.record({
  year: fc.integer({ min: FIRST_FINANCIAL_YEAR, max: LAST_FINANCIAL_YEAR }),
  quarter: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
});

describe('the two spellings of a quarter', () => {
  it.each([
    ['2016/17-Q1', '2016-Q2', 'Q1 2016/17', 'April to June 2016'],
    ['2016/17-Q2', '2016-Q3', 'Q2 2016/17', 'July to September 2016'],
    ['2014/15-Q3', '2014-Q4', 'Q3 2014/15', 'October to December 2014'],
    ['2016/17-Q4', '2017-Q1', 'Q4 2016/17', 'January to March 2017'],
    ['1999/00-Q4', '2000-Q1', 'Q4 1999/00', 'January to March 2000'],
  ])('reads %s and %s as the same quarter, %s (%s)', (financial, calendar, label, months) => {
    const fromFinancial = parseQuarter(financial)!;
    const fromCalendar = parseQuarter(calendar)!;

    expect(fromFinancial).toEqual(fromCalendar);
    expect(financialQuarterText(fromFinancial)).toBe(financial);
    expect(calendarQuarterText(fromFinancial)).toBe(calendar);
    expect(quarterLabel(fromFinancial)).toBe(label);
    expect(quarterMonths(fromFinancial)).toBe(months);
  });

  it('round-trips every quarter between the financial and the calendar spelling', () => {
    fc.assert(
      fc.property(anyQuarter, (value) => {
        expect(parseQuarter(financialQuarterText(value))).toEqual(value);
        expect(parseQuarter(calendarQuarterText(value))).toEqual(value);
        expect(financialQuarterText(parseQuarter(calendarQuarterText(value))!)).toBe(financialQuarterText(value));
      }),
    );
  });

  it('keeps the order of quarters whichever spelling they are written in', () => {
    fc.assert(
      fc.property(anyQuarter, anyQuarter, (a, b) => {
        const order = Math.sign(compareQuarters(a, b));
        const calendarOrder = Math.sign(calendarQuarterText(a).localeCompare(calendarQuarterText(b)));
        const financialOrder = Math.sign(financialQuarterText(a).localeCompare(financialQuarterText(b)));
        expect(calendarOrder).toBe(order);
        expect(financialOrder).toBe(order);
        expect(Math.sign(compareQuarters(parseQuarter(calendarQuarterText(a))!, parseQuarter(financialQuarterText(b))!))).toBe(order);
      }),
    );
  });

  it('numbers consecutive quarters one apart, across the turn of a financial year', () => {
    fc.assert(
      fc.property(anyQuarter, (value) => {
        const next: FinancialQuarter =
          value.quarter === 4 ? { year: value.year + 1, quarter: 1 } : { ...value, quarter: (value.quarter + 1) as 2 | 3 | 4 };
        expect(quarterIndex(next) - quarterIndex(value)).toBe(1);
      }),
    );
  });

  it('places every day of a quarter in that quarter', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1001-01-01T00:00:00Z'), max: new Date('9998-12-31T00:00:00Z'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString().slice(0, 10);
          const month = date.getUTCMonth() + 1;
          const quarter = quarterOfDate(iso);
          expect(calendarQuarterText(quarter)).toBe(`${iso.slice(0, 4)}-Q${Math.ceil(month / 3)}`);
          expect(financialYearOfDate(iso)).toBe(month >= 4 ? date.getUTCFullYear() : date.getUTCFullYear() - 1);
        },
      ),
    );
  });

  it.each([
    ['2017-03-31', 'Q4 2016/17'],
    ['2017-04-01', 'Q1 2017/18'],
    ['2014-10-01', 'Q3 2014/15'],
    ['2022-02-04', 'Q4 2021/22'],
  ])('places %s in %s', (date, label) => {
    expect(quarterLabel(quarterOfDate(date))).toBe(label);
  });
});

describe('financial years', () => {
  it.each([
    [2016, '2016/17'],
    [1999, '1999/00'],
    [2009, '2009/10'],
  ])('writes %i as %s and reads it back', (year, label) => {
    expect(financialYearLabel(year)).toBe(label);
    expect(parseFinancialYear(label)).toBe(year);
  });

  it.each(['2016/18', '2016/16', '2016-17', '16/17', '2016/2017'])('does not read %s as a financial year', (text) => {
    expect(parseFinancialYear(text)).toBeUndefined();
  });
});

describe('what the API accepts as a quarter', () => {
  it.each(['2016/17-Q1', '2016-Q2', '1999/00-Q4', '2026-Q4'])('accepts %s', (text) => {
    expect(Quarter.safeParse(text).success).toBe(true);
  });

  it.each([
    ['2016/18-Q1', /2016\/18 is not a financial year/],
    ['2016/17-Q5', /YYYY\/YY-Qn.*YYYY-Qn/],
    ['2016-Q0', /YYYY\/YY-Qn.*YYYY-Qn/],
    ['Q1 2016/17', /YYYY\/YY-Qn.*YYYY-Qn/],
    ['2016/17', /YYYY\/YY-Qn.*YYYY-Qn/],
    ['0999/00-Q1', /between 1000\/01-Q1 and 9998\/99-Q4/],
  ])('refuses %s, saying which forms it takes', (text, message) => {
    const parsed = Quarter.safeParse(text);

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toHaveLength(1);
    expect(parsed.error?.issues[0]?.message).toMatch(message);
    expect(quarterProblem(text)).toBe(parsed.error?.issues[0]?.message);
  });

  it('keeps a quarter as the body wrote it, and still reads quarters written before financial years were taken', () => {
    const item = {
      title: 'Domestic abuse review',
      themes: ['domestic-abuse'],
      kind: 'scrutiny-review',
      status: 'planned',
      visibility: 'public',
    };

    expect(WorkProgrammeItemState().parse({ ...item, quarter: '2016/17-Q1' }).quarter).toBe('2016/17-Q1');
    expect(WorkProgrammeItemState().parse({ ...item, quarter: '2016-Q2' }).quarter).toBe('2016-Q2');
    // The log's schema never refuses what an earlier version accepted.
    expect(recordedWorkProgrammeItemState().parse({ ...item, quarter: '0000-Q1' }).quarter).toBe('0000-Q1');
  });
});
