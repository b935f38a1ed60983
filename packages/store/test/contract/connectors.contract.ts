import { beforeEach, describe, expect, it } from 'vitest';
import { type ConnectorRecord, type ConnectorRunRecord, type ConnectorStore, ConnectorVersionConflictError } from '../../src/index.ts';

const connector: Omit<ConnectorRecord, 'version'> = {
  areaId: 'south-yorkshire',
  id: 'sheffield-moderngov',
  kind: 'moderngov',
  baseUrl: 'https://democracy.sheffield.gov.uk',
  committees: [{ committeeId: '650', organisationId: 'south-yorkshire-police-and-crime-panel' }],
  daysBack: 90,
  daysAhead: 365,
  every: 'PT6H',
  updatedAt: '2026-11-30T10:00:00.000Z',
};

const run = (id: string, overrides: Partial<ConnectorRunRecord> = {}): Omit<ConnectorRunRecord, 'version'> => ({
  areaId: connector.areaId,
  connectorId: connector.id,
  id,
  status: 'queued',
  requestedAt: '2026-11-30T10:00:00.000Z',
  progress: 'queued',
  meetings: { created: 0, revised: 0, cancelled: 0, unchanged: 0 },
  errors: [],
  ...overrides,
});

/** What every connector store must do, whatever it keeps connectors in. */
export function describeConnectorStoreContract(name: string, makeStore: () => Promise<ConnectorStore>) {
  describe(`${name}: the connector store contract`, () => {
    let store: ConnectorStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    it('creates a connector at version 1 and answers it as stored', async () => {
      expect(await store.put(connector, undefined)).toBe(1);
      expect(await store.get(connector.areaId, connector.id)).toEqual({ ...connector, version: 1 });
      expect(await store.list(connector.areaId)).toEqual([{ ...connector, version: 1 }]);
      expect(await store.list('elsewhere')).toEqual([]);
    });

    it('refuses to create over an existing connector, and to replace a version that is not current', async () => {
      await store.put(connector, undefined);
      await expect(store.put({ ...connector, baseUrl: 'https://other.example' }, undefined)).rejects.toBeInstanceOf(
        ConnectorVersionConflictError,
      );
      expect(await store.put({ ...connector, daysBack: 30 }, 1)).toBe(2);
      const stale = store.put({ ...connector, daysBack: 10 }, 1);
      await expect(stale).rejects.toBeInstanceOf(ConnectorVersionConflictError);
      await expect(stale).rejects.toMatchObject({ currentVersion: 2 });
      expect((await store.get(connector.areaId, connector.id))?.daysBack).toBe(30);
    });

    it('claims a scheduled run once, from the due time it read, leaving the version alone', async () => {
      await store.put({ ...connector, nextRunAt: '2026-11-30T16:00:00.000Z' }, undefined);
      expect(await store.claimScheduledRun(connector.areaId, connector.id, '2026-11-30T15:00:00.000Z', '2026-11-30T21:00:00.000Z', 1)).toBe(
        false,
      );
      expect(await store.claimScheduledRun(connector.areaId, connector.id, '2026-11-30T16:00:00.000Z', '2026-11-30T22:00:00.000Z', 1)).toBe(
        true,
      );
      expect(await store.claimScheduledRun(connector.areaId, connector.id, '2026-11-30T16:00:00.000Z', '2026-11-30T23:00:00.000Z', 1)).toBe(
        false,
      );
      expect(await store.get(connector.areaId, connector.id)).toEqual({ ...connector, nextRunAt: '2026-11-30T22:00:00.000Z', version: 1 });
      expect(await store.claimScheduledRun(connector.areaId, 'missing', '2026-11-30T16:00:00.000Z', '2026-11-30T22:00:00.000Z', 1)).toBe(
        false,
      );
    });

    it('claims nothing from a version it did not read: the connector changed since', async () => {
      await store.put({ ...connector, nextRunAt: '2026-11-30T16:00:00.000Z' }, undefined);
      expect(await store.put({ ...connector, nextRunAt: '2026-11-30T16:00:00.000Z', daysBack: 30 }, 1)).toBe(2);
      expect(await store.claimScheduledRun(connector.areaId, connector.id, '2026-11-30T16:00:00.000Z', '2026-11-30T22:00:00.000Z', 1)).toBe(
        false,
      );
      expect((await store.get(connector.areaId, connector.id))?.nextRunAt).toBe('2026-11-30T16:00:00.000Z');
      expect(await store.claimScheduledRun(connector.areaId, connector.id, '2026-11-30T16:00:00.000Z', '2026-11-30T22:00:00.000Z', 2)).toBe(
        true,
      );
    });

    it('replaces a connector on the schedule read: not once a sweep has claimed a run since, and then at the same version', async () => {
      await store.put({ ...connector, nextRunAt: '2026-11-30T16:00:00.000Z' }, undefined);
      expect(await store.claimScheduledRun(connector.areaId, connector.id, '2026-11-30T16:00:00.000Z', '2026-11-30T22:00:00.000Z', 1)).toBe(
        true,
      );
      const stale = store.put({ ...connector, nextRunAt: '2026-11-30T16:00:00.000Z', daysBack: 30 }, 1, {
        nextRunAt: '2026-11-30T16:00:00.000Z',
      });
      await expect(stale).rejects.toBeInstanceOf(ConnectorVersionConflictError);
      await expect(stale).rejects.toMatchObject({ currentVersion: 1 });
      expect(await store.get(connector.areaId, connector.id)).toEqual({ ...connector, nextRunAt: '2026-11-30T22:00:00.000Z', version: 1 });
      expect(
        await store.put({ ...connector, nextRunAt: '2026-11-30T22:00:00.000Z', daysBack: 30 }, 1, {
          nextRunAt: '2026-11-30T22:00:00.000Z',
        }),
      ).toBe(2);
      // Read without a schedule: refused once one is there, taken while there is none.
      await expect(store.put({ ...connector, daysBack: 20 }, 2, { nextRunAt: undefined })).rejects.toMatchObject({ currentVersion: 2 });
      expect(await store.put({ ...connector, daysBack: 20 }, 2, { nextRunAt: '2026-11-30T22:00:00.000Z' })).toBe(3);
      expect(await store.put({ ...connector, daysBack: 10 }, 3, { nextRunAt: undefined })).toBe(4);
    });

    it('deletes a connector once, on the version expected, keeping its runs', async () => {
      await store.put(connector, undefined);
      await store.putRun(run('20261130T100000000Z-a'), undefined);
      await expect(store.delete(connector.areaId, connector.id, 7)).rejects.toBeInstanceOf(ConnectorVersionConflictError);
      expect(await store.delete(connector.areaId, connector.id, 1)).toBe(true);
      expect(await store.delete(connector.areaId, connector.id)).toBe(false);
      expect(await store.get(connector.areaId, connector.id)).toBeUndefined();
      expect(await store.getRun(connector.areaId, connector.id, '20261130T100000000Z-a')).toMatchObject({ status: 'queued' });
    });

    it('records a run and moves it on only from the version read', async () => {
      expect(await store.putRun(run('20261130T100000000Z-a'), undefined)).toBe(1);
      await expect(store.putRun(run('20261130T100000000Z-a'), undefined)).rejects.toBeInstanceOf(ConnectorVersionConflictError);
      const done = run('20261130T100000000Z-a', {
        status: 'succeeded',
        finishedAt: '2026-11-30T10:00:05.000Z',
        meetings: { created: 3, revised: 0, cancelled: 1, unchanged: 0 },
      });
      expect(await store.putRun(done, 1)).toBe(2);
      await expect(store.putRun({ ...done, status: 'failed' }, 1)).rejects.toBeInstanceOf(ConnectorVersionConflictError);
      expect(await store.getRun(connector.areaId, connector.id, '20261130T100000000Z-a')).toEqual({ ...done, version: 2 });
      expect(await store.getRun(connector.areaId, connector.id, 'nope')).toBeUndefined();
    });

    it('lists runs latest first, at most as many as asked for', async () => {
      for (const id of ['20261130T100000000Z-b', '20261201T100000000Z-c', '20261129T100000000Z-a']) await store.putRun(run(id), undefined);
      await store.putRun({ ...run('20261202T100000000Z-x'), connectorId: 'another' }, undefined);
      expect((await store.listRuns(connector.areaId, connector.id, 10)).map((entry) => entry.id)).toEqual([
        '20261201T100000000Z-c',
        '20261130T100000000Z-b',
        '20261129T100000000Z-a',
      ]);
      expect((await store.listRuns(connector.areaId, connector.id, 2)).map((entry) => entry.id)).toEqual([
        '20261201T100000000Z-c',
        '20261130T100000000Z-b',
      ]);
    });
  });
}
