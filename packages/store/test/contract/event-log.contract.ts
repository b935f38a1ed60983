import { VersionConflictError } from '@partnership-hub/domain';
import { type HubEvent, type PriorityState, UnknownEventError } from '@partnership-hub/events';
import {
  AREA,
  CSP,
  PANEL,
  priorityPublished,
  priorityRevised,
  priorityState,
  protocolAgreed,
  protocolVersionProposed,
} from '@partnership-hub/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EventLog } from '../../src/index.ts';

const ref = { areaId: AREA, subjectType: 'priority' as const, organisationId: CSP, id: 'p1' };
const published = priorityPublished({ id: 'p1' });
const revised = priorityRevised({ id: 'p1', state: { status: 'achieved' } });
/** Appended at a given time, so the outbox's order and age cut-off can be seen. */
const publishedAt = (id: string, occurredAt: string) => priorityPublished({ id, eventId: `event-${id}`, context: { occurredAt } });
const LATER = '2026-12-31T00:00:00.000Z';

/** What every event log must do, whatever it stores events in. */
export function describeEventLogContract(name: string, makeStore: () => Promise<EventLog>) {
  describe(`${name}: the event log contract`, () => {
    let eventLog: EventLog;
    beforeEach(async () => {
      eventLog = await makeStore();
    });

    describe('append', () => {
      it("keeps a subject's events as its stream, oldest first", async () => {
        await eventLog.append(published);
        await eventLog.append(revised);

        expect(await eventLog.stream(ref)).toEqual([published, revised]);
        expect(await eventLog.get(ref, 2)).toEqual(revised);
      });

      it('turns a version already taken by a concurrent write into a VersionConflictError, keeping the first', async () => {
        await eventLog.append(published);
        const rival = priorityPublished({ id: 'p1', eventId: 'rival', state: { title: 'Someone else' } });

        const appending = eventLog.append(rival);

        await expect(appending).rejects.toBeInstanceOf(VersionConflictError);
        // The log cannot know which version won (it may have moved on again), so it claims none.
        await expect(appending).rejects.toMatchObject({ currentVersion: undefined });
        expect(await eventLog.stream(ref)).toEqual([published]);
      });

      it('lets exactly one of two writers racing for the same version win', async () => {
        const racers = [published, priorityPublished({ id: 'p1', eventId: 'rival', state: { title: 'Someone else' } })];

        const outcomes = await Promise.allSettled(racers.map((event) => eventLog.append(event)));

        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: expect.any(VersionConflictError) });
        expect(await eventLog.stream(ref)).toHaveLength(1);
      });

      it('refuses an event that does not match its schema, storing nothing', async () => {
        const malformed = { ...published, detail: { ...published.detail, data: { ...priorityState(), themes: ['not-a-theme'] } } };

        await expect(eventLog.append(malformed as unknown as HubEvent)).rejects.toMatchObject({ name: 'ZodError' });
        expect(await eventLog.stream(ref)).toEqual([]);
        expect(await eventLog.unpublished(LATER)).toEqual([]);
      });

      it('refuses an event of an unknown type, storing nothing', async () => {
        const unknown = { ...published, detailType: 'PriorityForgotten' } as unknown as HubEvent;

        await expect(eventLog.append(unknown)).rejects.toBeInstanceOf(UnknownEventError);
        expect(await eventLog.stream(ref)).toEqual([]);
      });

      it("files a protocol's stream under the area rather than under the party that changed it", async () => {
        const drafted = protocolVersionProposed({ proposer: CSP });
        const agreed = protocolAgreed({ party: PANEL });

        await eventLog.append(drafted);
        await eventLog.append(agreed);

        expect(await eventLog.stream({ areaId: AREA, subjectType: 'protocol', organisationId: null, id: 'jwp' })).toEqual([
          drafted,
          agreed,
        ]);
      });
    });

    describe('head', () => {
      it("answers the newest version, its type and the subject's state, without the change description", async () => {
        await eventLog.append(published);
        await eventLog.append(revised);

        const head = await eventLog.head<PriorityState>(ref);

        expect(head).toEqual({ version: 2, detailType: 'PriorityRevised', state: priorityState({ status: 'achieved' }) });
      });

      it('answers undefined for a subject with no events', async () => {
        await eventLog.append(priorityPublished({ id: 'another' }));

        expect(await eventLog.head(ref)).toBeUndefined();
        expect(await eventLog.stream(ref)).toEqual([]);
        expect(await eventLog.get(ref, 1)).toBeUndefined();
      });
    });

    describe('the outbox', () => {
      it('holds every appended event until it is marked published', async () => {
        await eventLog.append(published);
        await eventLog.append(revised);

        expect(await eventLog.unpublished(LATER)).toEqual([published, revised]);
        await eventLog.markPublished(published);
        expect(await eventLog.unpublished(LATER)).toEqual([revised]);
        // Published or not, the event stays in the log.
        expect(await eventLog.stream(ref)).toEqual([published, revised]);
      });

      it('answers only events appended before the given time, oldest first, at most the limit', async () => {
        const events = [
          publishedAt('c', '2026-01-01T09:00:20.000Z'),
          publishedAt('a', '2026-01-01T09:00:00.000Z'),
          publishedAt('d', '2026-01-01T09:00:30.000Z'),
          publishedAt('b', '2026-01-01T09:00:10.000Z'),
        ];
        for (const event of events) await eventLog.append(event);

        const waiting = await eventLog.unpublished('2026-01-01T09:00:30.000Z');
        const firstTwo = await eventLog.unpublished('2026-01-01T09:00:30.000Z', 2);

        expect(waiting.map((event) => event.detail.eventId)).toEqual(['event-a', 'event-b', 'event-c']);
        expect(firstTwo.map((event) => event.detail.eventId)).toEqual(['event-a', 'event-b']);
      });

      it('answers at most 100 events when no limit is given', async () => {
        for (let index = 0; index < 101; index++) await eventLog.append(priorityPublished({ id: `p${index}` }));

        expect(await eventLog.unpublished(LATER)).toHaveLength(100);
      });

      it('marks an event that is not in the log published quietly, adding nothing', async () => {
        await expect(eventLog.markPublished(published)).resolves.toBeUndefined();
        expect(await eventLog.stream(ref)).toEqual([]);
      });
    });
  });
}
