import { PRIORITY_STATUSES, type PriorityStatus } from '@partnership-hub/events';
import { priorityPublished, priorityRevised, priorityWithdrawn } from '@partnership-hub/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  changeTakesEffect,
  type DatedPriority,
  dayBefore,
  inForceOn,
  isWithin,
  londonDate,
  type Period,
  type PlanDates,
  planInForceOn,
  planPeriods,
  priorityPeriod,
  type StatusChange,
  statusHistory,
  statusOn,
} from '../src/index.ts';

/** Real calendar dates between 2000 and 2040, as YYYY-MM-DD. */
const calendarDate = fc
  .date({ min: new Date('2000-01-01T00:00:00.000Z'), max: new Date('2040-12-31T00:00:00.000Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const status = fc.constantFrom<PriorityStatus>(...PRIORITY_STATUSES);
const history = fc.array(fc.record({ status, on: calendarDate }), { minLength: 1, maxLength: 6 });
const NO_PLANS = new Map();

describe('londonDate: the date in Europe/London', () => {
  it.each([
    ['2026-01-15T23:30:00.000Z', '2026-01-15', 'in winter London is on UTC'],
    ['2026-07-15T23:30:00.000Z', '2026-07-16', 'in summer (BST) half past eleven UTC is already tomorrow'],
    ['2026-03-28T23:59:59.999Z', '2026-03-28', 'the last instant of GMT before the clocks go forward'],
    ['2026-03-29T00:59:59.999Z', '2026-03-29', 'the clocks go forward at 01:00 UTC'],
    ['2026-10-24T23:00:00.000Z', '2026-10-25', 'midnight BST on the day the clocks go back'],
    ['2026-10-25T23:30:00.000Z', '2026-10-25', 'after the clocks went back, London is on UTC again'],
  ])('%s is %s: %s', (instant, date) => {
    expect(londonDate(new Date(instant))).toBe(date);
  });

  it("is Intl's own answer for any instant, whichever instant was asked before it", () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
    const instants = fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true });
    // Pairs close together and far apart: the second often falls in the first's hour, or next to it.
    const offsets = fc.oneof(fc.integer({ min: -7_200_000, max: 7_200_000 }), fc.integer({ min: -1e11, max: 1e11 }));
    fc.assert(
      fc.property(instants, offsets, (first, offset) => {
        const second = new Date(first.getTime() + offset);
        expect(londonDate(first)).toBe(intl.format(first));
        expect(londonDate(second)).toBe(intl.format(second));
      }),
      { numRuns: 2000 },
    );
  });

  it('is the UTC date or the day after, never any other', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }), (instant) => {
        const utc = instant.toISOString().slice(0, 10);
        expect([utc, new Date(instant.getTime() + 86_400_000).toISOString().slice(0, 10)]).toContain(londonDate(instant));
      }),
    );
  });
});

describe('dayBefore', () => {
  it.each([
    ['2016-04-01', '2016-03-31'],
    ['2024-03-01', '2024-02-29'],
    ['2023-03-01', '2023-02-28'],
    ['2022-01-01', '2021-12-31'],
  ])('the day before %s is %s', (date, before) => {
    expect(dayBefore(date)).toBe(before);
  });

  it('is always a real date, one day earlier', () => {
    fc.assert(
      fc.property(calendarDate, (date) => {
        const before = dayBefore(date);
        expect(before < date).toBe(true);
        expect(Date.parse(date) - Date.parse(before)).toBe(86_400_000);
      }),
    );
  });
});

describe('planPeriods: a plan that another supersedes', () => {
  const old: PlanDates = { id: 'plan-2013', startDate: '2013-04-01', endDate: '2017-03-31' };
  const refreshed: PlanDates = { id: 'plan-2016', startDate: '2016-03-01', supersedes: 'plan-2013' };

  it('ends the day before the superseding plan starts', () => {
    const periods = planPeriods([old, refreshed]);

    expect(periods.get('plan-2013')).toEqual({
      start: '2013-04-01',
      end: '2016-02-29',
      supersededBy: { id: 'plan-2016', startDate: '2016-03-01' },
    });
    expect(periods.get('plan-2016')).toEqual({ start: '2016-03-01', end: undefined });
  });

  it('gets its own end back when the superseding plan is withdrawn (no longer among the plans)', () => {
    expect(planPeriods([old]).get('plan-2013')).toEqual({ start: '2013-04-01', end: '2017-03-31' });
  });

  it('keeps its own end when that comes before the superseding plan starts', () => {
    const later: PlanDates = { id: 'plan-2020', startDate: '2020-04-01', supersedes: 'plan-2013' };

    expect(planPeriods([old, later]).get('plan-2013')?.end).toBe('2017-03-31');
  });

  it('ends before the earliest of several plans that supersede it', () => {
    const other: PlanDates = { id: 'plan-2015', startDate: '2015-01-01', supersedes: 'plan-2013' };

    expect(planPeriods([old, refreshed, other]).get('plan-2013')).toMatchObject({
      end: '2014-12-31',
      supersededBy: { id: 'plan-2015' },
    });
  });

  it('ignores a plan that names itself, and does not loop on a cycle', () => {
    const selfish: PlanDates = { id: 'a', startDate: '2020-01-01', supersedes: 'a' };
    const b: PlanDates = { id: 'b', startDate: '2020-01-01', supersedes: 'c' };
    const c: PlanDates = { id: 'c', startDate: '2021-01-01', supersedes: 'b' };

    expect(planPeriods([selfish]).get('a')).toEqual({ start: '2020-01-01', end: undefined });
    expect(planPeriods([b, c]).get('b')?.end).toBe('2020-12-31');
    expect(planPeriods([b, c]).get('c')?.end).toBe('2019-12-31');
  });

  it('never ends a plan later than its own end, and a superseded plan is never in force on a day its successor is', () => {
    const plan = (id: string) =>
      fc.record({ id: fc.constant(id), startDate: calendarDate, endDate: fc.option(calendarDate, { nil: undefined }) });
    fc.assert(
      fc.property(plan('old'), plan('new'), calendarDate, (older, newer, date) => {
        fc.pre(older.startDate < newer.startDate && (older.endDate === undefined || older.startDate <= older.endDate));
        const periods = planPeriods([older, { ...newer, supersedes: 'old' }]);
        const cut = periods.get('old')!;
        if (older.endDate !== undefined) expect(cut.end! <= older.endDate).toBe(true);
        if (isWithin(periods.get('new')!, date)) expect(planInForceOn(cut, date)).toBe(false);
        // Withdraw the newer plan and the older one is as it was published.
        expect(planPeriods([older]).get('old')).toEqual({ start: older.startDate, end: older.endDate });
      }),
    );
  });
});

describe('priorityPeriod: its own dates, else its plan’s, else always', () => {
  const plans = planPeriods([{ id: 'plan', startDate: '2016-04-01', endDate: '2019-03-31' }]);

  it.each<[DatedPriority, Period, string]>([
    [{}, { start: undefined, end: undefined }, 'no dates and no plan: open at both ends'],
    [{ planId: 'plan' }, { start: '2016-04-01', end: '2019-03-31' }, "the plan's dates"],
    [{ planId: 'plan', endDate: '2020-03-31' }, { start: '2016-04-01', end: '2020-03-31' }, 'its own end wins over the plan’s'],
    [{ planId: 'plan', startDate: '2017-01-01' }, { start: '2017-01-01', end: '2019-03-31' }, 'its own start wins over the plan’s'],
    [{ planId: 'not-a-plan-here' }, { start: undefined, end: undefined }, 'a plan it cannot see dates nothing'],
  ])('%j → %j (%s)', (priority, period, _why) => {
    expect(priorityPeriod(priority, plans)).toEqual(period);
  });
});

describe('statusOn: the status on a date, from the history', () => {
  const changes: StatusChange[] = [
    { status: 'active', on: '2016-04-01' },
    { status: 'achieved', on: '2018-06-30' },
  ];

  it('is the status of the latest change on or before the date', () => {
    expect(statusOn(changes, '2017-01-01')).toBe('active');
    expect(statusOn(changes, '2018-06-30')).toBe('achieved');
    expect(statusOn(changes, '2026-01-01')).toBe('achieved');
  });

  it('is, before the first change, the status first recorded', () => {
    expect(statusOn(changes, '2010-01-01')).toBe('active');
  });

  it('takes the later of two changes on the same day', () => {
    expect(statusOn([...changes, { status: 'closed', on: '2018-06-30' }], '2018-07-01')).toBe('closed');
  });

  it('is always one of the statuses in the history, and the last one from the last change on', () => {
    fc.assert(
      fc.property(history, calendarDate, (changes, date) => {
        const found = statusOn(changes, date);
        expect(changes.map((change) => change.status)).toContain(found);
        const last = [...changes].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
        const latestDay = last[last.length - 1]!.on;
        if (date >= latestDay) expect(found).toBe([...changes].reverse().find((change) => change.on === latestDay)!.status);
      }),
    );
  });
});

describe('statusHistory: a priority’s history from its events', () => {
  it('takes each publication and revision, dated when it was recorded in London, and not the withdrawal', () => {
    const events = [
      priorityPublished({ context: { occurredAt: '2026-06-30T23:30:00.000Z' } }),
      priorityRevised({ state: { status: 'achieved' }, context: { occurredAt: '2026-09-01T09:00:00.000Z' } }),
      priorityWithdrawn({ version: 3, context: { occurredAt: '2026-10-01T09:00:00.000Z' } }),
    ];

    expect(statusHistory(events)).toEqual([
      { status: 'active', on: '2026-07-01' },
      { status: 'achieved', on: '2026-09-01' },
    ]);
    expect(changeTakesEffect('2026-06-30T23:30:00.000Z')).toBe('2026-07-01');
  });
});

describe('inForceOn', () => {
  const plans = planPeriods([
    { id: 'srp-2016', startDate: '2016-04-01', endDate: '2019-03-31' },
    { id: 'srp-2019', startDate: '2019-04-01', supersedes: 'srp-2016' },
  ]);
  const active: StatusChange[] = [{ status: 'active', on: '2026-12-01' }];

  it('holds a priority of a plan within the plan’s dates, and not after them, whatever its status today', () => {
    expect(inForceOn({ planId: 'srp-2016' }, active, plans, '2016-06-01')).toBe(true);
    expect(inForceOn({ planId: 'srp-2016' }, active, plans, '2026-12-01')).toBe(false);
    expect(inForceOn({ planId: 'srp-2016' }, active, plans, '2016-03-31')).toBe(false);
  });

  it('holds a priority of no plan and no dates on any date while its status is active', () => {
    expect(inForceOn({}, active, NO_PLANS, '1999-01-01')).toBe(true);
    expect(inForceOn({}, [{ status: 'achieved', on: '2020-01-01' }], NO_PLANS, '2026-01-01')).toBe(false);
  });

  it('takes the status the priority had on the date, from its history', () => {
    const history: StatusChange[] = [
      { status: 'active', on: '2016-04-01' },
      { status: 'achieved', on: '2018-06-30' },
    ];

    expect(inForceOn({ planId: 'srp-2016' }, history, plans, '2017-01-01')).toBe(true);
    expect(inForceOn({ planId: 'srp-2016' }, history, plans, '2018-07-01')).toBe(false);
  });

  it('holds only within the period and only while the status on the date is active', () => {
    const dated = fc.record({
      planId: fc.option(fc.constantFrom('srp-2016', 'srp-2019'), { nil: undefined }),
      startDate: fc.option(calendarDate, { nil: undefined }),
      endDate: fc.option(calendarDate, { nil: undefined }),
    });
    fc.assert(
      fc.property(dated, history, calendarDate, (priority, changes, date) => {
        const inForce = inForceOn(priority, changes, plans, date);
        const period = priorityPeriod(priority, plans);
        expect(inForce).toBe(isWithin(period, date) && statusOn(changes, date) === 'active');
        // A priority whose dates have ended is past, whatever its status.
        if (period.end !== undefined && period.end < date) expect(inForce).toBe(false);
      }),
    );
  });
});
