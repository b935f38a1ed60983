import { VersionConflictError } from '@partnership-hub/domain';
import { InMemoryEventLog } from '@partnership-hub/store';
import { AREA, CSP, priorityPublished } from '@partnership-hub/testing';
import { describe, expect, it, vi } from 'vitest';
import { wakingOnAppend } from '../src/wake-on-append.ts';

const ref = { areaId: AREA, subjectType: 'priority' as const, organisationId: CSP, id: 'p1' };
const published = priorityPublished({ id: 'p1' });
const EVER = '2027-01-01T00:00:00.000Z';

describe('wakingOnAppend', () => {
  it('tells after a lone append succeeded, once the event is in the log', async () => {
    const eventLog = new InMemoryEventLog();
    const seen: unknown[] = [];
    const appended = vi.fn(() => {
      seen.push(eventLog.get(ref, 1));
    });

    await wakingOnAppend(eventLog, appended).append(published);

    expect(appended).toHaveBeenCalledTimes(1);
    expect(await seen[0]).toEqual(published);
  });

  it('does not tell when the append failed, and lets the failure through', async () => {
    const eventLog = new InMemoryEventLog();
    await eventLog.append(published);
    const appended = vi.fn();

    await expect(wakingOnAppend(eventLog, appended).append(published)).rejects.toBeInstanceOf(VersionConflictError);
    expect(appended).not.toHaveBeenCalled();
  });

  it('tells once for appends that overlap, when the last has finished and every event is in the log', async () => {
    const eventLog = new InMemoryEventLog();
    const other = priorityPublished({ id: 'p2' });
    const seen: unknown[] = [];
    const appended = vi.fn(() => {
      seen.push(eventLog.get(ref, 1), eventLog.get({ ...ref, id: 'p2' }, 1));
    });
    const waking = wakingOnAppend(eventLog, appended);

    await Promise.all([waking.append(published), waking.append(other)]);

    expect(appended).toHaveBeenCalledTimes(1);
    expect(await Promise.all(seen)).toEqual([published, other]);
    await waking.append(priorityPublished({ id: 'p3' }));
    expect(appended).toHaveBeenCalledTimes(2);
  });

  it('still tells for an overlapping append that succeeded when the last to finish failed', async () => {
    const eventLog = new InMemoryEventLog();
    await eventLog.append(published);
    const appended = vi.fn();
    const waking = wakingOnAppend(eventLog, appended);

    const [succeeded, failed] = await Promise.allSettled([waking.append(priorityPublished({ id: 'p2' })), waking.append(published)]);

    expect(succeeded.status).toBe('fulfilled');
    expect(failed).toMatchObject({ status: 'rejected', reason: expect.any(VersionConflictError) });
    expect(appended).toHaveBeenCalledTimes(1);
  });

  it('tells at the latest maxWaitMs after an append succeeded while others keep overlapping it, and once more after those', async () => {
    vi.useFakeTimers();
    try {
      const eventLog = new InMemoryEventLog();
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      // The second append stays in flight until released: without a bound, nothing would be told meanwhile.
      const slow: typeof eventLog = Object.create(eventLog, {
        append: {
          value: async (event: typeof published) =>
            event === published ? eventLog.append(event) : held.then(() => eventLog.append(event)),
          writable: true,
          configurable: true,
        },
      });
      const appended = vi.fn();
      const waking = wakingOnAppend(slow, appended, { maxWaitMs: 25 });

      const second = waking.append(priorityPublished({ id: 'p2' }));
      await waking.append(published);
      expect(appended).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(25);
      expect(appended).toHaveBeenCalledTimes(1);

      release();
      await second;
      expect(appended).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('passes every other method through to the same log, without telling', async () => {
    const eventLog = new InMemoryEventLog();
    const appended = vi.fn();
    const waking = wakingOnAppend(eventLog, appended);
    await eventLog.append(published);

    expect(await waking.head(ref)).toMatchObject({ version: 1 });
    expect(await waking.stream(ref)).toEqual([published]);
    expect(await waking.unpublished(EVER)).toEqual([published]);
    await waking.markPublished(published);

    expect(await eventLog.unpublished(EVER)).toEqual([]);
    expect(appended).not.toHaveBeenCalled();
  });
});
