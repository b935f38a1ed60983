import type { SubjectType } from '@partnership-hub/events';
import { describe, expect, it } from 'vitest';
import { type ChangeData, changeInWords, headlineOf } from '../src/index.ts';

/** A change as the notifier hands it to the emails: names and the actor already in the public's words. */
function change(kind: SubjectType, detailType: string, title: string, state: Record<string, unknown>, link: string): ChangeData {
  return {
    eventId: 'e1',
    change: detailType,
    areaId: 'south-yorkshire',
    organisationId: 'safer-rotherham',
    subject: { type: kind, id: 'x-1', title },
    themes: [],
    previousVersion: null,
    version: 1,
    changedFields: [],
    visibility: 'public',
    link,
    state,
    occurredAt: '2026-12-01T09:30:00.000Z',
    by: 'an editor of Safer Rotherham Partnership',
    bodyName: 'Safer Rotherham Partnership',
    areaName: 'South Yorkshire',
  };
}

const BODY = 'https://hub.example.org/areas/south-yorkshire/bodies/safer-rotherham';

describe('alerts in words', () => {
  it.each([
    [
      'a priority',
      change(
        'priority',
        'PriorityPublished',
        'Tackle domestic abuse',
        { startDate: '2026-04-01', endDate: '2027-03-31' },
        `${BODY}/priorities/x-1`,
      ),
      'Safer Rotherham Partnership published the priority “Tackle domestic abuse”',
      'Dates: 1 April 2026 to 31 March 2027',
    ],
    [
      'a work programme item',
      change(
        'work-programme-item',
        'WorkProgrammeItemScheduled',
        'Review of knife crime',
        { date: '2026-06-10' },
        `${BODY}/work-programme/x-1`,
      ),
      'Safer Rotherham Partnership added the work programme item “Review of knife crime”',
      'Dates: 10 June 2026',
    ],
    [
      'a plan',
      change('plan', 'PlanRevised', 'Community Safety Plan 2026–29', { startDate: '2026-04-01' }, `${BODY}/plans/x-1`),
      'Safer Rotherham Partnership revised the plan “Community Safety Plan 2026–29”',
      'Dates: from 1 April 2026',
    ],
    [
      'a protocol',
      change(
        'protocol',
        'ProtocolVersionProposed',
        'Joint working protocol',
        { reviewDate: '2027-01-31' },
        'https://hub.example.org/areas/south-yorkshire/protocols/x-1',
      ),
      'Safer Rotherham Partnership proposed a new version of the protocol “Joint working protocol”',
      'Dates: to be reviewed by 31 January 2027',
    ],
    [
      'a meeting',
      change('meeting', 'MeetingScheduled', 'Board meeting', { date: '2026-12-14', time: '10:00' }, `${BODY}/meetings/x-1`),
      'Safer Rotherham Partnership scheduled the meeting “Board meeting”',
      'Dates: 14 December 2026 at 10:00',
    ],
    [
      'a request',
      change(
        'request',
        'RequestRaised',
        'Data on repeat victims',
        { dueDate: '2027-01-15' },
        'https://hub.example.org/areas/south-yorkshire/requests/x-1',
      ),
      'Safer Rotherham Partnership raised the request “Data on repeat victims”',
      'Dates: due by 15 January 2027',
    ],
  ])('says what happened to %s, by whom, when, its dates and where it is', (_kind, data, headline, dates) => {
    expect(headlineOf(data)).toBe(headline);
    const words = changeInWords(data);
    expect(words.split('\n')).toEqual([
      `${headline}.`,
      'By: an editor of Safer Rotherham Partnership',
      'When: 1 December 2026 at 09:30',
      dates,
      `See it: ${data.link}`,
    ]);
  });

  it('names the fields a revision changed, in words, and no version numbers', () => {
    const revised = {
      ...change('work-programme-item', 'WorkProgrammeItemRevised', 'Review', { quarter: '2026-Q3' }, `${BODY}/work-programme/x-1`),
      previousVersion: 1,
      version: 2,
      changedFields: ['title', 'dueDate'],
    };
    const words = changeInWords(revised);
    expect(words).toContain('Dates: quarter 3 of 2026');
    expect(words).toContain('What changed: title, due date');
    expect(words).not.toMatch(/version|→/);
  });

  it('says the time in UK time (British Summer Time in summer)', () => {
    const summer = { ...change('meeting', 'MeetingRevised', 'Board', {}, `${BODY}/meetings/x-1`), occurredAt: '2026-07-01T09:30:00.000Z' };
    expect(changeInWords(summer)).toContain('When: 1 July 2026 at 10:30');
  });

  it('words a reminder the hub raised as a notice, not as something a body did', () => {
    const due = change(
      'request',
      'RequestOverdue',
      'Data on repeat victims',
      { dueDate: '2026-11-30' },
      'https://hub.example.org/areas/south-yorkshire/requests/x-1',
    );
    expect(headlineOf(due)).toBe('The request “Data on repeat victims” is overdue');
  });
});
