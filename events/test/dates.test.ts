import { describe, expect, it } from 'vitest';
import {
  InputDate,
  londonTimeProblem,
  MeetingState,
  PlanState,
  PriorityState,
  RequestContent,
  recordedMeetingState,
  recordedPlanState,
  recordedPriorityState,
  recordedRequestState,
  VariationStepInputs,
  WorkProgrammeItemState,
} from '../src/index.ts';

const years = (date: unknown) => `must be in the years 1900 to 2199 (got ${JSON.stringify(date)})`;

describe('InputDate', () => {
  it.each(['1900-01-01', '2026-03-31', '2199-12-31', '2024-02-29'])('takes %s', (date) => {
    expect(InputDate.parse(date)).toBe(date);
  });

  it.each(['0000-01-01', '0001-01-01', '1899-12-31', '2200-01-01', '9999-12-31'])('refuses %s, naming the years', (date) => {
    expect(InputDate.safeParse(date).error?.issues.map((issue) => issue.message)).toEqual([years(date)]);
  });

  it.each(['0000-13-01', '2026-02-30', '26-03-01'])('says only that %s is not a calendar date', (date) => {
    expect(InputDate.safeParse(date).error?.issues.map((issue) => issue.message)).toEqual(['must be a calendar date written YYYY-MM-DD']);
  });
});

describe('dates as sent and as recorded', () => {
  const priority = { title: 'T', themes: ['burglary'], visibility: 'public', startDate: '0000-01-01' };
  const item = { title: 'T', themes: ['burglary'], kind: 'report', status: 'planned', visibility: 'public', date: '9999-01-01' };
  const plan = { title: 'T', kind: 'strategy', startDate: '2026-01-01', endDate: '9999-12-31', visibility: 'public' };
  const meeting = { title: 'T', date: '0202-05-01', status: 'scheduled', visibility: 'public' };
  const request = {
    kind: 'action',
    to: 'csp-a',
    title: 'T',
    raisedOn: '2026-01-01',
    meeting: { organisationId: 'panel', date: '1026-01-01' },
    visibility: 'public',
  };

  it('refuses a year out of range in every date a body sends', () => {
    const problems = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } | undefined }) =>
      result.error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(problems(PriorityState().safeParse(priority))).toEqual([['startDate', years('0000-01-01')]]);
    expect(problems(WorkProgrammeItemState().safeParse(item))).toEqual([['date', years('9999-01-01')]]);
    expect(problems(PlanState().safeParse(plan))).toEqual([['endDate', years('9999-12-31')]]);
    expect(problems(MeetingState().safeParse(meeting))).toEqual([['date', years('0202-05-01')]]);
    expect(problems(RequestContent().safeParse(request))).toEqual([['meeting.date', years('1026-01-01')]]);
    expect(problems(VariationStepInputs()['sent-to-panel'].safeParse({ responseDueDate: '2260-01-01' }))).toEqual([
      ['responseDueDate', years('2260-01-01')],
    ]);
  });

  it('still reads any date the log holds', () => {
    expect(recordedPriorityState().parse(priority).startDate).toBe('0000-01-01');
    expect(recordedPlanState().parse(plan).endDate).toBe('9999-12-31');
    expect(recordedMeetingState().parse(meeting).date).toBe('0202-05-01');
    expect(recordedRequestState().parse({ ...request, from: 'panel' }).meeting?.date).toBe('1026-01-01');
  });
});

describe('a meeting time in UK time', () => {
  it('refuses a time in the hour the clocks skip going forward, saying so', () => {
    expect(londonTimeProblem('2026-03-29', '01:30')).toBe(
      'is 01:30 on 29 March 2026, when the clocks go forward: at 01:00 they go forward to 02:00, so UK clocks never show 01:30. Give the time as UK clocks will show it',
    );
    expect(londonTimeProblem('2026-03-29', '01:00')).toContain('never show 01:00');
    expect(londonTimeProblem('2025-03-30', '01:59')).toContain('never show 01:59');
  });

  it('takes the minutes either side of the skipped hour, and the same time on other days', () => {
    for (const [date, time] of [
      ['2026-03-29', '00:59'],
      ['2026-03-29', '02:00'],
      ['2026-03-28', '01:30'],
      ['2026-03-30', '01:30'],
      ['2026-07-01', '18:00'],
    ])
      expect(londonTimeProblem(date!, time!), `${date} ${time}`).toBeUndefined();
  });

  it('takes a time in the hour that happens twice when the clocks go back', () => {
    expect(londonTimeProblem('2026-10-25', '01:30')).toBeUndefined();
    expect(londonTimeProblem('2026-10-25', '01:00')).toBeUndefined();
  });

  it('leaves a date or time that is not real to their own schemas', () => {
    expect(londonTimeProblem('2026-02-30', '01:30')).toBeUndefined();
    expect(londonTimeProblem('2026-3-29', '01:30')).toBeUndefined();
    expect(londonTimeProblem('2026-03-29', '24:30')).toBeUndefined();
  });
});
