import { VersionConflictError } from '@partnership-hub/domain';
import { InMemoryEventLog } from '@partnership-hub/store';
import { AREA, CSP, priorityPublished } from '@partnership-hub/testing';
import { describe, expect, it, vi } from 'vitest';
import { wakingOnAppend } from '../src/wake-on-append.ts';

const ref = { areaId: AREA, subjectType: 'priority' as const, organisationId: CSP, id: 'p1' };
const published = priorityPublished({ id: 'p1' });
const EVER = '2027-01-01T00:00:00.000Z';

describe('wakingOnAppend', () => {
  it('tells after an append succeeded, once the event is in the log', async () => {
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
