import { describe, expect, it } from 'vitest';
import {
  PriorityState,
  RequestContent,
  recordedPriorityState,
  recordedRequestState,
  recordedVariationState,
  recordedWorkProgrammeItemState,
  VariationStepInputs,
  WorkProgrammeItemState,
} from '../src/index.ts';

/**
 * The objects nested in what a body sends (links, a request's meeting, a report's recommendations
 * and the responses to them) refuse a field they do not know, as a body's top level does; the same
 * objects as the log holds them still read events that carry one.
 */
const link = { organisationId: 'pcc', priorityId: 'p1', note: 'the main one' };
const priority = { title: 'Tackling burglary', themes: ['burglary'], visibility: 'public', supports: [link] };
const item = { title: 'Review', themes: ['burglary'], kind: 'report', status: 'planned', visibility: 'public', priorities: [link] };
const request = {
  kind: 'action',
  to: 'pcc',
  title: 'Report on response times',
  raisedOn: '2026-01-10',
  visibility: 'public',
  meeting: { organisationId: 'panel', date: '2026-02-01', ref: 'Item 5' },
};

const unknownFields = (result: { success: boolean; error?: { issues: { code: string; path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((issue) => `${issue.code} at ${issue.path.join('.')}`);

describe('a nested object as a body sends it', () => {
  it.each([
    ['a priority link', PriorityState(), priority, 'unrecognized_keys at supports.0'],
    ["a work programme item's link", WorkProgrammeItemState(), item, 'unrecognized_keys at priorities.0'],
    ["a request's meeting", RequestContent(), request, 'unrecognized_keys at meeting'],
    [
      "a report's recommendation",
      VariationStepInputs()['panel-report'],
      { summary: 'S', recommendations: [{ title: 'T', details: 'D' }] },
      'unrecognized_keys at recommendations.0',
    ],
    [
      'a response to a recommendation',
      VariationStepInputs()['pcc-response'],
      { text: 'R', responses: [{ text: 'Agreed', outcomes: 'accepted' }] },
      'unrecognized_keys at responses.0',
    ],
  ])('refuses %s with a field it does not have', (_name, schema, input, issue) => {
    expect(unknownFields(schema.safeParse(input))).toEqual([issue]);
  });
});

describe('a nested object as the log holds it', () => {
  it('still reads an event whose links, meeting or recommendations carry a field the schema does not know', () => {
    expect(recordedPriorityState().parse(priority).supports).toEqual([{ organisationId: 'pcc', priorityId: 'p1' }]);
    expect(recordedWorkProgrammeItemState().parse(item).priorities).toEqual([{ organisationId: 'pcc', priorityId: 'p1' }]);
    expect(recordedRequestState().parse({ ...request, from: 'panel' }).meeting).toEqual({ organisationId: 'panel', date: '2026-02-01' });
    const variation = recordedVariationState().parse({
      title: 'V',
      summary: 'S',
      visibility: 'public',
      planId: 'plan',
      panel: 'panel',
      startedOn: '2026-01-01',
      steps: [
        {
          step: 'panel-report',
          summary: 'S',
          recommendations: [{ title: 'T', details: 'D' }],
          on: '2026-02-01',
          recordedAt: '2026-02-01T09:00:00.000Z',
          by: 'panel',
          actor: { kind: 'admin' },
        },
      ],
    });
    expect(variation.steps[0]).toMatchObject({ recommendations: [{ title: 'T' }] });
  });
});
