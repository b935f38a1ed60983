import { gunzipSync } from 'node:zlib';
import { toViewRecord, type ViewRecord } from '@partnership-hub/domain';
import {
  AREA,
  areaRegistered,
  CSP,
  organisationRegistered,
  PANEL,
  priorityPublished,
  priorityRevised,
  protocolVersionProposed,
  workProgrammeItemScheduled,
} from '@partnership-hub/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { GzipParts, type ViewStore } from '../../src/index.ts';

const area = toViewRecord(areaRegistered());
const csp = toViewRecord(organisationRegistered());
const panel = toViewRecord(
  organisationRegistered({ organisationId: PANEL, name: 'South Yorkshire Police and Crime Panel', kind: 'panel' }),
);
const priority = toViewRecord(priorityPublished({ id: 'p1' }));
const revisedPriority = toViewRecord(priorityRevised({ id: 'p1', state: { status: 'achieved' } }));
const panelPriority = toViewRecord(priorityPublished({ id: 'p9', organisationId: PANEL }));
const protocol = toViewRecord(protocolVersionProposed({ draft: { visibility: 'partners' } }));
const item = toViewRecord(workProgrammeItemScheduled({ id: 'wp1', organisationId: PANEL }));
const elsewhere = toViewRecord(priorityPublished({ id: 'p1', areaId: 'west-yorkshire' }));

/** What every view store must do, whatever it keeps the views in. */
export function describeViewStoreContract(name: string, makeStore: () => Promise<ViewStore>) {
  describe(`${name}: the view store contract`, () => {
    let views: ViewStore;
    beforeEach(async () => {
      views = await makeStore();
    });

    describe('records', () => {
      it('stores a record and says it stored it; reading it answers the record as it was put', async () => {
        expect(await views.put(priority)).toBe(true);

        expect(await views.get(AREA, 'priority', CSP, 'p1')).toEqual(priority);
      });

      it('stores a newer version over an older one', async () => {
        await views.put(priority);

        expect(await views.put(revisedPriority)).toBe(true);
        expect(await views.get(AREA, 'priority', CSP, 'p1')).toEqual(revisedPriority);
      });

      it('ignores a duplicate or older delivery, answering false and keeping what is stored', async () => {
        await views.put(revisedPriority);

        expect(await views.put(revisedPriority)).toBe(false);
        expect(await views.put(priority)).toBe(false);
        expect(await views.get(AREA, 'priority', CSP, 'p1')).toEqual(revisedPriority);
      });

      it('keeps one record per subject, whatever order versions arrive in', async () => {
        await Promise.all([views.put(revisedPriority), views.put(priority), views.put(revisedPriority)]);

        expect(await views.list(AREA, { subjectType: 'priority' })).toEqual([revisedPriority]);
      });

      it('answers undefined for a subject with no record', async () => {
        await views.put(priority);

        expect(await views.get(AREA, 'protocol', null, 'missing')).toBeUndefined();
        expect(await views.get(AREA, 'priority', PANEL, 'p1')).toBeUndefined();
      });

      it('reads a priority projected before the status list with its free-text status put on the list, as its event is read', async () => {
        const old = { ...priority, state: { ...priority.state, status: 'Completed March 2018' } } as unknown as ViewRecord;
        await views.put(old);

        expect((await views.get(AREA, 'priority', CSP, 'p1'))?.state.status).toBe('achieved');
        expect((await views.list(AREA, { subjectType: 'priority' }))[0]?.state.status).toBe('achieved');
      });

      it('reads the area, an organisation and a protocol by their type and id', async () => {
        for (const record of [area, csp, protocol]) await views.put(record);

        expect(await views.get(AREA, 'area', null, AREA)).toEqual(area);
        expect(await views.get(AREA, 'organisation', null, CSP)).toEqual(csp);
        expect(await views.get(AREA, 'protocol', null, 'jwp')).toEqual(protocol);
      });
    });

    describe('list', () => {
      beforeEach(async () => {
        for (const record of [item, protocol, panelPriority, priority, panel, csp, area, elsewhere]) await views.put(record);
      });

      it("answers every record of an area and no other area's, in key order", async () => {
        expect(await views.list(AREA)).toEqual([area, csp, panel, priority, panelPriority, protocol, item]);
      });

      it("narrows to one organisation's records of one type", async () => {
        expect(await views.list(AREA, { subjectType: 'priority', organisationId: CSP })).toEqual([priority]);
      });

      it('narrows to one type across organisations', async () => {
        expect(await views.list(AREA, { subjectType: 'priority' })).toEqual([priority, panelPriority]);
        expect(await views.list(AREA, { subjectType: 'work-programme-item' })).toEqual([item]);
      });

      it('answers nothing for an area with no records', async () => {
        expect(await views.list('nowhere')).toEqual([]);
      });
    });

    describe('the directory of areas', () => {
      it('lists every area with a record, by name, with the name of its latest version whatever order versions arrived in', async () => {
        const renamed = { ...area, version: 2, state: { ...area.state, name: 'South Yorkshire (renamed)' } } as ViewRecord;
        const west = {
          ...area,
          areaId: 'west-yorkshire',
          id: 'west-yorkshire',
          state: { ...area.state, name: 'A West Yorkshire' },
        } as ViewRecord;
        expect(await views.areas()).toEqual([]);
        for (const record of [renamed, area, west, csp, priority]) await views.put(record);
        expect(await views.areas()).toEqual([
          { areaId: 'west-yorkshire', name: 'A West Yorkshire' },
          { areaId: AREA, name: 'South Yorkshire (renamed)' },
        ]);
      });
    });

    describe('joint views', () => {
      it('stores a joint view per audience, gzipped, and answers its revision, the date it is as at, and its text', async () => {
        expect(await views.putJointView(AREA, 'partners', 7, '{"themes":[]}', '2026-03-01')).toBe(true);

        const stored = await views.jointView(AREA, 'partners');
        expect(stored?.revision).toBe(7);
        expect(stored?.asOf).toBe('2026-03-01');
        expect(stored?.body).toBe('{"themes":[]}');
        // Stored gzipped, to spend fewer write units on a document rewritten at every change.
        expect(gunzipSync(stored!.gzip).toString()).toBe('{"themes":[]}');
        expect(await views.jointView(AREA, 'public')).toBeUndefined();
      });

      it('refuses a rebuild of the same or an earlier revision than the one stored, keeping the later one', async () => {
        await views.putJointView(AREA, 'public', 7, '{"revision":7}', '2026-03-01');

        expect(await views.putJointView(AREA, 'public', 7, '{"again":7}', '2026-03-01')).toBe(false);
        expect(await views.putJointView(AREA, 'public', 6, '{"revision":6}', '2026-03-01')).toBe(false);
        expect((await views.jointView(AREA, 'public'))?.body).toBe('{"revision":7}');
        expect(await views.putJointView(AREA, 'public', 8, '{"revision":8}', '2026-03-01')).toBe(true);
        expect((await views.jointView(AREA, 'public'))?.body).toBe('{"revision":8}');
      });

      it('answers undefined before the first rebuild', async () => {
        expect(await views.jointView(AREA, 'partners')).toBeUndefined();
        expect(await views.jointViewTag(AREA, 'partners')).toBeUndefined();
      });

      it("answers a view's revision, date and content tag without its body", async () => {
        await views.putJointView(AREA, 'public', 4, '{"revision":4}', '2026-03-01');

        expect(await views.jointViewTag(AREA, 'public')).toEqual({ revision: 4, asOf: '2026-03-01', contentTag: expect.any(String) });
        expect(await views.jointViewTag(AREA, 'partners')).toBeUndefined();
      });

      it('keeps the content tag of a view stored again unchanged at a later revision, and moves it when the content changes', async () => {
        // As the projector stores them: joined from parts (GzipParts), compressed anew or reused.
        const texts = ['{"themes":[', '{"theme":"a"}', ']}'];
        const parts = new GzipParts();
        await views.putJointView(AREA, 'public', 4, await parts.join(texts), '2026-03-01');
        const first = (await views.jointViewTag(AREA, 'public'))!.contentTag;

        await views.putJointView(AREA, 'public', 5, await parts.join(texts), '2026-03-01');
        expect((await views.jointViewTag(AREA, 'public'))!.contentTag).toBe(first);
        await views.putJointView(AREA, 'public', 6, await new GzipParts().join(texts), '2026-03-01');
        expect((await views.jointViewTag(AREA, 'public'))!.contentTag).toBe(first);
        expect((await views.jointView(AREA, 'public'))!.contentTag).toBe(first);

        await views.putJointView(AREA, 'public', 7, await parts.join(['{"themes":[', '{"theme":"b"}', ']}']), '2026-03-01');
        expect((await views.jointViewTag(AREA, 'public'))!.contentTag).not.toBe(first);
      });
    });

    describe('tracker lists', () => {
      it('stores a list per audience at a revision, and answers undefined before one is stored', async () => {
        expect(await views.trackerList(AREA, 'public')).toBeUndefined();
        expect(await views.putTrackerList(AREA, 'partners', 3, '[{"id":"r1"}]')).toBe(true);

        expect(await views.trackerList(AREA, 'partners')).toEqual({ revision: 3, body: '[{"id":"r1"}]' });
        expect(await views.trackerList(AREA, 'public')).toBeUndefined();
        expect(await views.trackerList('west-yorkshire', 'partners')).toBeUndefined();
      });

      it('refuses a list of the same or an earlier revision than the one stored, keeping the later one', async () => {
        await views.putTrackerList(AREA, 'public', 7, '["seven"]');

        expect(await views.putTrackerList(AREA, 'public', 7, '["again"]')).toBe(false);
        expect(await views.putTrackerList(AREA, 'public', 6, '["six"]')).toBe(false);
        expect((await views.trackerList(AREA, 'public'))?.body).toBe('["seven"]');
        expect(await views.putTrackerList(AREA, 'public', 8, '["eight"]')).toBe(true);
        expect(await views.trackerList(AREA, 'public')).toEqual({ revision: 8, body: '["eight"]' });
      });
    });

    describe('joint inputs', () => {
      it('answers revision 0 and no records before anything was folded', async () => {
        expect(await views.jointInputs(AREA)).toEqual({ revision: 0, records: undefined });
      });

      it('stores the records at the revision after the one read, which latestJointRevision then answers', async () => {
        expect(await views.putJointInputs(AREA, 0, [csp, priority])).toBe(1);
        expect(await views.jointInputs(AREA)).toEqual({ revision: 1, records: [csp, priority] });

        expect(await views.putJointInputs(AREA, 1, [csp, revisedPriority])).toBe(2);
        expect(await views.jointInputs(AREA)).toEqual({ revision: 2, records: [csp, revisedPriority] });
        expect(await views.latestJointRevision(AREA)).toBe(2);
        expect(await views.jointInputs('west-yorkshire')).toEqual({ revision: 0, records: undefined });
      });

      it('refuses a write from a revision that is no longer the latest, keeping what is there', async () => {
        await views.putJointInputs(AREA, 0, [csp]);
        await views.putJointInputs(AREA, 1, [csp, priority]);

        expect(await views.putJointInputs(AREA, 1, [panel])).toBeUndefined();
        expect(await views.putJointInputs(AREA, 0, [panel])).toBeUndefined();
        expect(await views.jointInputs(AREA)).toEqual({ revision: 2, records: [csp, priority] });
      });

      it('of two writers reading the same revision, lets only one write', async () => {
        const written = await Promise.all([views.putJointInputs(AREA, 0, [csp]), views.putJointInputs(AREA, 0, [panel])]);

        expect(written.filter((revision) => revision === 1)).toHaveLength(1);
        expect(written.filter((revision) => revision === undefined)).toHaveLength(1);
      });
    });
  });
}
