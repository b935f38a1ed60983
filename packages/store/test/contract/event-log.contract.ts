import { toViewRecord, VersionConflictError } from '@partnership-hub/domain';
import { type HubEvent, type PriorityState, UnknownEventError } from '@partnership-hub/events';
import {
  AREA,
  areaRegistered,
  CSP,
  PANEL,
  priorityPublished,
  priorityRevised,
  priorityState,
  priorityWithdrawn,
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

    describe('current', () => {
      it('answers the record the latest event makes, as the projector would store it', async () => {
        await eventLog.append(published);
        await eventLog.append(revised);

        const record = await eventLog.current(ref);

        expect(record).toEqual(toViewRecord(revised));
        expect(record).toMatchObject({ version: 2, withdrawn: false, state: priorityState({ status: 'achieved' }) });
      });

      it('answers a withdrawal as a withdrawn record, and undefined for a subject with no events', async () => {
        const withdrawn = priorityWithdrawn({ id: 'p1', version: 3 });
        await eventLog.append(published);
        await eventLog.append(revised);
        await eventLog.append(withdrawn);

        expect(await eventLog.current(ref)).toEqual(toViewRecord(withdrawn));
        expect((await eventLog.current(ref))?.withdrawn).toBe(true);
        expect(await eventLog.current({ ...ref, id: 'another' })).toBeUndefined();
      });
    });

    describe('heads', () => {
      const refOf = (id: string, organisationId = CSP) => ({ areaId: AREA, subjectType: 'priority' as const, organisationId, id });

      it('answers every head as head does, in the order asked, whether each guess is right, behind, ahead or wrong about the stream', async () => {
        // p-right at 2; p-behind at 3 (believed at 1); p-ahead at 1 (believed at 4); p-none has no
        // stream (believed at 2); p-new has no stream (believed none); p-unseen at 1 (believed none);
        // p-withdrawn withdrawn at 2 (believed at 2).
        await eventLog.append(priorityPublished({ id: 'p-right' }));
        await eventLog.append(priorityRevised({ id: 'p-right' }));
        await eventLog.append(priorityPublished({ id: 'p-behind' }));
        await eventLog.append(priorityRevised({ id: 'p-behind' }));
        await eventLog.append(priorityRevised({ id: 'p-behind', version: 3, state: { status: 'achieved' } }));
        await eventLog.append(priorityPublished({ id: 'p-ahead' }));
        await eventLog.append(priorityPublished({ id: 'p-unseen' }));
        await eventLog.append(priorityPublished({ id: 'p-withdrawn' }));
        await eventLog.append(priorityWithdrawn({ id: 'p-withdrawn' }));
        const guesses = [
          { ref: refOf('p-right'), believedVersion: 2 },
          { ref: refOf('p-behind'), believedVersion: 1 },
          { ref: refOf('p-ahead'), believedVersion: 4 },
          { ref: refOf('p-none'), believedVersion: 2 },
          { ref: refOf('p-new'), believedVersion: 0 },
          { ref: refOf('p-unseen'), believedVersion: 0 },
          { ref: refOf('p-withdrawn'), believedVersion: 2 },
        ];

        const heads = await eventLog.heads<PriorityState>(guesses);

        expect(heads).toEqual(await Promise.all(guesses.map(({ ref }) => eventLog.head<PriorityState>(ref))));
        expect(heads.map((head) => head?.version)).toEqual([2, 3, 1, undefined, undefined, 1, 2]);
        expect(heads[1]).toEqual({ version: 3, detailType: 'PriorityRevised', state: priorityState({ status: 'achieved' }) });
        expect(heads[6]?.detailType).toBe('PriorityWithdrawn');
      });

      it("keeps one organisation's subject apart from another's of the same id", async () => {
        await eventLog.append(priorityPublished({ id: 'shared', organisationId: PANEL, state: { title: 'The panel’s' } }));

        const [mine, theirs] = await eventLog.heads<PriorityState>([
          { ref: refOf('shared'), believedVersion: 1 },
          { ref: refOf('shared', PANEL), believedVersion: 1 },
        ]);

        expect(mine).toBeUndefined();
        expect(theirs).toMatchObject({ version: 1, state: { title: 'The panel’s' } });
      });

      it('reads more subjects than one batched read holds', async () => {
        // Two keys a subject believed at version 1: 120 keys, more than one BatchGetItem takes.
        const ids = Array.from({ length: 60 }, (_, index) => `many-${index}`);
        for (const id of ids.slice(0, 30)) await eventLog.append(priorityPublished({ id }));

        const heads = await eventLog.heads(ids.map((id) => ({ ref: refOf(id), believedVersion: 1 })));

        expect(heads.map((head) => head?.version)).toEqual(ids.map((_, index) => (index < 30 ? 1 : undefined)));
      });

      it('answers nothing for nothing asked', async () => {
        expect(await eventLog.heads([])).toEqual([]);
        expect(await eventLog.isHead([])).toEqual([]);
      });
    });

    describe('isHead', () => {
      it("says whether each subject's head is exactly the version given, none counting as 0", async () => {
        await eventLog.append(published);
        await eventLog.append(revised);
        const other = { ...ref, id: 'p-other' };

        const answers = await eventLog.isHead([
          { ref, version: 2 },
          { ref, version: 1 },
          { ref, version: 3 },
          { ref, version: 0 },
          { ref: other, version: 0 },
          { ref: other, version: 1 },
          { ref: { ...ref, organisationId: PANEL }, version: 2 },
        ]);

        expect(answers).toEqual([true, false, false, false, true, false, false]);
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

    describe('areaEvents', () => {
      /** Every page of an area's events, as the log answers them. */
      const pagesOf = async (areaId: string, pageSize?: number) => {
        const pages: HubEvent[][] = [];
        for await (const page of eventLog.areaEvents(areaId, pageSize === undefined ? undefined : { pageSize })) pages.push(page);
        return pages;
      };
      const ids = (events: HubEvent[]) => events.map((event) => event.detail.eventId).sort();

      it("reads every event of an area, every subject's every version, in pages of at most the size asked for", async () => {
        const ours = [
          areaRegistered(),
          published,
          revised,
          priorityPublished({ id: 'p2', organisationId: PANEL }),
          protocolVersionProposed({ proposer: CSP }),
          protocolAgreed({ party: PANEL }),
        ];
        for (const event of ours) await eventLog.append(event);
        await eventLog.markPublished(published);

        const pages = await pagesOf(AREA, 2);

        expect(ids(pages.flat())).toEqual(ids(ours));
        for (const page of pages) expect(page.length).toBeLessThanOrEqual(2);
        expect(pages.flat()).toContainEqual(revised);
      });

      it("keeps to its area, also from an area whose id begins with another's", async () => {
        await eventLog.append(published);
        const shorter = priorityPublished({ areaId: 'south', id: 'p1', eventId: 'event-south' });
        await eventLog.append(shorter);

        expect((await pagesOf('south')).flat()).toEqual([shorter]);
        expect((await pagesOf(AREA)).flat()).toEqual([published]);
        expect(await pagesOf('nowhere')).toEqual([]);
      });
    });

    describe('areas', () => {
      it('lists the areas registered in the log, sorted, and no area that only has content', async () => {
        await eventLog.append(areaRegistered({ areaId: 'west-yorkshire', name: 'West Yorkshire' }));
        await eventLog.append(areaRegistered());
        await eventLog.append(priorityPublished({ areaId: 'unregistered', id: 'p1', eventId: 'event-unregistered' }));

        expect(await eventLog.areas()).toEqual([AREA, 'west-yorkshire']);
      });

      it('answers no areas for an empty log', async () => {
        expect(await eventLog.areas()).toEqual([]);
      });
    });
  });
}
