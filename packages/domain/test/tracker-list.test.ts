import type { RequestState } from '@partnership-hub/events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Audience,
  buildTrackerList,
  compareTrackerRows,
  isVisibleTo,
  type RecordOf,
  requestStatus,
  type TrackerRow,
  trackerRowsAsOf,
} from '../src/index.ts';

/**
 * The tracker's stored list: rows as at no day in particular, in the tracker's order, made today's
 * at read time without a sort. Whatever the requests and the day, that must be what sorting every
 * visible request by its status today gives.
 */

const DATES = ['2026-01-31', '2026-02-27', '2026-02-28', '2026-03-01', '2026-03-31', '2027-03-31'] as const;
const BODIES = ['panel', 'csp-a', 'pcc'] as const;
const entry = { on: '2026-02-01', recordedAt: '2026-02-01T09:00:00.000Z' };

const requestRecord: fc.Arbitrary<Omit<RecordOf<'request'>, 'id'>> = fc
  .record({
    kind: fc.constantFrom('recommendation', 'information-request', 'action', 'undertaking'),
    from: fc.constantFrom(...BODIES),
    to: fc.constantFrom(...BODIES),
    raisedOn: fc.constantFrom(...DATES),
    dueDate: fc.option(fc.constantFrom(...DATES), { nil: undefined }),
    visibility: fc.constantFrom('public', 'partners'),
    responded: fc.option(fc.constantFrom('none', 'accepted', 'rejected'), { nil: undefined }),
    progress: fc.option(fc.constantFrom('in-progress', 'implemented'), { nil: undefined }),
    closed: fc.boolean(),
  })
  .map(({ kind, from, to, raisedOn, dueDate, visibility, responded, progress, closed }) => {
    const state: RequestState = {
      kind,
      from,
      to,
      title: `Asked on ${raisedOn}`,
      raisedOn,
      ...(dueDate ? { dueDate } : {}),
      themes: ['burglary'],
      visibility,
      responses: responded ? [{ by: to, text: 'An answer', ...entry, ...(responded === 'none' ? {} : { outcome: responded }) }] : [],
      updates: progress ? [{ by: from, text: 'Progress', ...entry, status: progress }] : [],
      ...(closed ? { closed: { by: from, ...entry } } : {}),
    };
    return {
      areaId: 'test-area',
      subjectType: 'request',
      organisationId: null,
      version: 1,
      updatedAt: '2026-02-01T09:00:00.000Z',
      lastEventType: 'RequestRaised',
      withdrawn: false,
      state,
    };
  });

/** Distinct ids: an id is unique in its area. */
const requestRecords = fc
  .array(requestRecord, { maxLength: 30 })
  .map((records) => records.map((record, index) => ({ ...record, id: `r-${index}` }) as RecordOf<'request'>));

/** The tracker's rows as every read of the requests answers them: each request's status today, sorted. */
const sortedToday = (records: RecordOf<'request'>[], audience: Audience, today: string): TrackerRow[] =>
  records
    .filter((record) => isVisibleTo(audience, record.state.visibility))
    .map((record) => ({
      id: record.id,
      kind: record.state.kind,
      from: record.state.from,
      to: record.state.to,
      title: record.state.title,
      raisedOn: record.state.raisedOn,
      ...(record.state.dueDate === undefined ? {} : { dueDate: record.state.dueDate }),
      themes: record.state.themes,
      visibility: record.state.visibility,
      status: requestStatus(record.state, today),
    }))
    .sort(compareTrackerRows);

describe("the tracker's stored list", () => {
  it('made today’s at read time, is every visible request sorted by its status today, for either audience', () => {
    fc.assert(
      fc.property(
        requestRecords,
        fc.constantFrom(...DATES, '2026-01-01', '2028-01-01'),
        fc.constantFrom<Audience>('public', 'partners'),
        (records, today, audience) => {
          expect(trackerRowsAsOf(buildTrackerList(records, audience), today)).toEqual(sortedToday(records, audience, today));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stores no status that depends on the day, and leaves partners-only requests out of the public list', () => {
    fc.assert(
      fc.property(requestRecords, (records) => {
        const publicRows = buildTrackerList(records, 'public');
        expect(publicRows.every((row) => row.visibility === 'public' && row.status !== 'overdue')).toBe(true);
        expect(publicRows.map((row) => row.id).sort()).toEqual(
          records
            .filter((record) => record.state.visibility === 'public')
            .map((record) => record.id)
            .sort(),
        );
        expect(buildTrackerList(records, 'partners')).toHaveLength(records.length);
      }),
    );
  });

  it('keeps only what the list shows and filters on: no thread, no notice dates', () => {
    const [record] = fc.sample(requestRecord, { numRuns: 1, seed: 1 });
    const state = { ...record!.state, responses: [{ by: 'pcc', text: 'A long answer', ...entry }], dueSoonFor: '2026-03-24' };
    const [row] = buildTrackerList([{ ...record!, id: 'r-1', state } as RecordOf<'request'>], 'partners');

    expect(Object.keys(row!).sort()).toEqual(
      ['dueDate', 'from', 'id', 'kind', 'raisedOn', 'status', 'themes', 'title', 'to', 'visibility'].filter(
        (key) => key !== 'dueDate' || state.dueDate !== undefined,
      ),
    );
  });
});
