import { toViewRecord, type ViewRecord } from '@partnership-hub/domain';
import { viewSk } from '@partnership-hub/store';
import { priorityPublished, priorityRevised, workProgrammeItemScheduled } from '@partnership-hub/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AreaInputs, jointViewInput } from '../src/projector.ts';

/** A few subjects in several versions: enough for the same subject to arrive older, newer and twice. */
const arbitraryRecord = fc
  .record({
    kind: fc.constantFrom('priority', 'work'),
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
    version: fc.integer({ min: 1, max: 4 }),
  })
  .map(({ kind, id, version }): ViewRecord => {
    if (kind === 'work') return toViewRecord(workProgrammeItemScheduled({ id, version, state: { title: `Item ${id} v${version}` } }));
    const event =
      version === 1 ? priorityPublished({ id }) : priorityRevised({ id, version, state: { title: `Priority ${id} v${version}` } });
    return toViewRecord(event);
  });

/** What a fold must come to: the newest version of each subject, trimmed, in the store's key order. */
function expected(records: readonly ViewRecord[]): ViewRecord[] {
  const newest = new Map<string, ViewRecord>();
  for (const record of records) {
    const held = newest.get(viewSk(record));
    if (!held || held.version < record.version) newest.set(viewSk(record), record);
  }
  return [...newest.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, record]) => jointViewInput(record));
}

describe('AreaInputs', () => {
  it('comes to the newest version of each subject in key order, and its JSON to that list, however the changes are split and ordered', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord, { maxLength: 30 }), fc.array(fc.nat({ max: 30 }), { maxLength: 4 }), (records, cuts) => {
        const bounds = [...new Set([0, ...cuts.map((cut) => Math.min(cut, records.length)), records.length])].sort((a, b) => a - b);
        const [first, ...folds] = bounds.slice(1).map((end, index) => records.slice(bounds[index], end));
        const inputs = new AreaInputs((first ?? []).map(jointViewInput));
        for (const changes of folds) inputs.fold(changes);
        const want = expected(records);
        expect(inputs.records).toEqual(want);
        expect(inputs.json).toBe(JSON.stringify(want));
      }),
    );
  });

  it('leaves a subject as it is when an older or equal version is folded', () => {
    const newer = toViewRecord(priorityRevised({ id: 'a', version: 3, state: { title: 'Third' } }));
    const inputs = new AreaInputs([jointViewInput(newer)]);

    inputs.fold([toViewRecord(priorityRevised({ id: 'a', version: 2, state: { title: 'Second' } }))]);
    inputs.fold([toViewRecord(priorityRevised({ id: 'a', version: 3, state: { title: 'Another third' } }))]);

    expect(inputs.records).toEqual([jointViewInput(newer)]);
  });
});

describe('jointViewInput', () => {
  it('leaves out the fields the joint views never read, keeps every other field in its order, and leaves the record as it was', () => {
    const record = toViewRecord(
      priorityRevised({
        id: 'a',
        version: 2,
        state: { title: 'Second', lead: 'Head of Community Safety', outcomes: ['Fewer repeat victims'], indicators: ['Repeat victims'] },
      }),
    );
    const before = JSON.stringify(record);

    const trimmed = jointViewInput(record);

    expect(JSON.parse(before)).toHaveProperty('lastEventType');
    expect(JSON.parse(before).state).toHaveProperty('lead');
    // The same text as the record with those fields taken out: nothing else moved or changed.
    const without = (object: Record<string, unknown>, fields: string[]) =>
      Object.fromEntries(Object.entries(object).filter(([field]) => !fields.includes(field)));
    const parsed = JSON.parse(before) as Record<string, unknown> & { state: Record<string, unknown> };
    const state = without(parsed.state, ['description', 'outcomes', 'indicators', 'lead', 'documentUrl', 'summary']);
    expect(JSON.stringify(trimmed)).toBe(JSON.stringify({ ...without(parsed, ['lastEventType']), state }));
    expect(JSON.stringify(record)).toBe(before);
  });
});
