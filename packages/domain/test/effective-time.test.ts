import type { PriorityState } from '@partnership-hub/events';
import { priorityPublished, priorityRevised, priorityState } from '@partnership-hub/testing';
import { describe, expect, it } from 'vitest';
import {
  changeTakesEffect,
  decideContentPut,
  inForceOn,
  noPrecondition,
  planPeriods,
  priorityKind,
  recordInForceOn,
  statusHistory,
  toViewRecord,
} from '../src/index.ts';
import { AREA, contextOf, headAfter, priorityInput, ROTHERHAM_CSP } from './builders.ts';

const source = { document: 'Safer Rotherham Partnership Plan 2016–19', section: 'section 3' };

describe('changeTakesEffect: when a change counts from', () => {
  it('is its effective date where the write gave one, whenever the hub recorded it', () => {
    expect(changeTakesEffect('2026-12-01T10:00:00.000Z', '2016-03-31')).toBe('2016-03-31');
  });

  it('counts a month or a year from its first day', () => {
    expect(changeTakesEffect('2026-12-01T10:00:00.000Z', '2016-03')).toBe('2016-03-01');
    expect(changeTakesEffect('2026-12-01T10:00:00.000Z', '2019')).toBe('2019-01-01');
  });

  it('is the day the hub recorded it, in London, without one', () => {
    expect(changeTakesEffect('2026-06-30T23:30:00.000Z')).toBe('2026-07-01');
    expect(changeTakesEffect('2026-06-30T23:30:00.000Z', undefined)).toBe('2026-07-01');
  });
});

describe('a priority’s status in time, by effective date', () => {
  // Recorded in the hub in December 2026; in the world, published in March 2016 and achieved in 2019.
  const events = [
    priorityPublished({ context: { occurredAt: '2026-12-01T10:00:00.000Z', change: { effectiveDate: '2016-03', source } } }),
    priorityRevised({
      state: { status: 'achieved' },
      context: { occurredAt: '2026-12-01T10:05:00.000Z', change: { effectiveDate: '2019-06-30' } },
    }),
  ];
  const plans = planPeriods([]);

  it('dates each change from its effective date', () => {
    expect(statusHistory(events)).toEqual([
      { status: 'active', on: '2016-03-01' },
      { status: 'achieved', on: '2019-06-30' },
    ]);
  });

  it('was in force in 2017 and not once achieved, though the hub recorded both in 2026', () => {
    const history = statusHistory(events);
    expect(inForceOn({}, history, plans, '2017-01-01')).toBe(true);
    expect(inForceOn({}, history, plans, '2019-07-01')).toBe(false);
  });

  it('counts from when it was recorded where a change has no effective date', () => {
    const recordedOnly = [priorityPublished({ context: { occurredAt: '2026-12-01T10:00:00.000Z' } })];
    expect(statusHistory(recordedOnly)).toEqual([{ status: 'active', on: '2026-12-01' }]);
  });

  it('keeps the latest change on the view record, for the pages to show its source', () => {
    const record = toViewRecord(events[0]!) as Parameters<typeof recordInForceOn>[0] & { change?: unknown };
    expect(record.change).toEqual({ effectiveDate: '2016-03', source });
    expect(recordInForceOn(toViewRecord(events[1]!) as typeof record, plans, '2020-01-01')).toBe(false);
  });
});

describe('a write’s change describes the change, not the priority', () => {
  const target = { areaId: AREA, organisationId: ROTHERHAM_CSP, id: 'p1' };
  const published = headAfter<PriorityState>(
    decideContentPut(priorityKind, undefined, priorityInput(), noPrecondition, target, {
      ...contextOf(ROTHERHAM_CSP),
      change: { effectiveDate: '2016-03', source },
    }),
  );

  it('carries it on the event, not in the data', () => {
    const decision = decideContentPut(priorityKind, undefined, priorityInput(), noPrecondition, target, {
      ...contextOf(ROTHERHAM_CSP),
      change: { effectiveDate: '2016-03', source },
    });
    if (decision.outcome === 'unchanged') throw new Error('expected an event');
    expect(decision.event.detail.change).toEqual({ effectiveDate: '2016-03', source });
    expect(decision.event.detail.data).toEqual(priorityInput());
  });

  it('records nothing when the same content comes again with only another effective date or source', () => {
    const again = decideContentPut(priorityKind, published, priorityInput(), noPrecondition, target, {
      ...contextOf(ROTHERHAM_CSP, 2),
      change: { effectiveDate: '2016-04-01', source: { document: 'Another document' } },
    });
    expect(again).toEqual({ outcome: 'unchanged', version: 1 });
  });

  it('records a revision, with its own change, when the content differs', () => {
    const revised = decideContentPut(
      priorityKind,
      published,
      priorityState({ ...priorityInput(), status: 'achieved' }),
      noPrecondition,
      target,
      {
        ...contextOf(ROTHERHAM_CSP, 2),
        change: { effectiveDate: '2019' },
      },
    );
    expect(revised.outcome).toBe('revised');
    if (revised.outcome === 'unchanged') throw new Error('expected an event');
    expect(revised.event.detail.change).toEqual({ effectiveDate: '2019' });
  });
});
