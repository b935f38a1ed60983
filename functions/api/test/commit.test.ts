import {
  type CommandContext,
  type Decision,
  decideContentPut,
  NotFoundError,
  noPrecondition,
  type Precondition,
  priorityKind,
  VersionConflictError,
} from '@partnership-hub/domain';
import type { Actor, HubEvent, PriorityState } from '@partnership-hub/events';
import {
  AREA,
  CSP,
  eventOf,
  inMemoryStores,
  priorityPublished,
  priorityRevised,
  priorityState,
  priorityWithdrawn,
} from '@partnership-hub/testing';
import { describe, expect, it, vi } from 'vitest';
import { decideAndCommit, decideAsNewOrCommit } from '../src/commit.ts';
import type { ApiDeps } from '../src/deps.ts';

/** Later than anything the tests append: what the outbox holds, whatever its age. */
const EVER = '2027-01-01T00:00:00.000Z';

const actor: Actor = { kind: 'key', organisationId: CSP };
const target = { areaId: AREA, organisationId: CSP, id: 'p1' };
const ref = { areaId: AREA, subjectType: 'priority' as const, organisationId: CSP, id: 'p1' };
const priority = priorityState();

/** What another writer did before and during the command. */
const otherWriter = { occurredAt: '2026-01-01T08:00:00.000Z', actor };
const version1 = priorityPublished({ id: 'p1', eventId: '01JOTHER0001', context: otherWriter });
const rivalRevision = (version: number, state: Partial<PriorityState>) =>
  priorityRevised({ id: 'p1', version, eventId: `01JOTHER000${version}`, context: otherWriter, state });
const version2 = rivalRevision(2, { status: 'achieved' });

/** The API's dependencies over in-memory stores whose log holds version 1 of priority p1. */
async function apiDeps() {
  const stores = await inMemoryStores({ history: [version1] });
  let sequence = 0;
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const deps: ApiDeps = {
    eventLog: stores.eventLog,
    views: stores.views,
    apiKeys: stores.apiKeys,
    adminKeyHash: '0'.repeat(64),
    clock: () => new Date('2026-01-01T09:00:00.000Z'),
    newEventId: () => `01JEVENT${String(++sequence).padStart(4, '0')}`,
    newApiKey: () => 'not-used',
    logger,
  };
  return { deps, logger, eventLog: stores.eventLog };
}

/** The command under test: the route's decision over the head the log answers (a revision of the title). */
function revisingTheTitle(deps: ApiDeps, precondition: Precondition, title = 'Reducing anti-social behaviour') {
  return vi.fn(async (context: CommandContext) =>
    decideContentPut(priorityKind, await deps.eventLog.head<PriorityState>(ref), { ...priority, title }, precondition, target, context),
  );
}

/** A decision during which another writer appends, one rival per decision, after the head was read. */
function racedBy(deps: ApiDeps, decide: (context: CommandContext) => Promise<Decision>, ...rivals: HubEvent[]) {
  const waiting = [...rivals];
  return vi.fn(async (context: CommandContext) => {
    const decision = await decide(context);
    const rival = waiting.shift();
    if (rival) await deps.eventLog.append(rival);
    return decision;
  });
}

const stream = async (deps: ApiDeps) =>
  (await deps.eventLog.stream(ref)).map((event) => [event.detail.subject.version, event.detail.eventId]);
const outbox = async (deps: ApiDeps) => (await deps.eventLog.unpublished(EVER)).map((event) => event.detail.eventId);

describe('decideAndCommit', () => {
  it('appends the decided event, leaves it in the outbox for the log relay, and answers the decision', async () => {
    const { deps, logger } = await apiDeps();

    const decision = await decideAndCommit(deps, actor, noPrecondition, revisingTheTitle(deps, noPrecondition));

    expect(decision).toMatchObject({ outcome: 'revised', version: 2 });
    expect(await deps.eventLog.get(ref, 2)).toMatchObject({ detailType: 'PriorityRevised', detail: { eventId: '01JEVENT0001' } });
    // The request's part ends with the append: the relay takes the event from the outbox to the bus.
    expect(await outbox(deps)).toEqual(['01JEVENT0001']);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it("gives the decision a new event id, the clock's time and the caller as actor", async () => {
    const { deps } = await apiDeps();
    const decide = revisingTheTitle(deps, noPrecondition);

    await decideAndCommit(deps, actor, noPrecondition, decide);

    expect(decide).toHaveBeenCalledWith({ eventId: '01JEVENT0001', occurredAt: '2026-01-01T09:00:00.000Z', actor });
  });

  it('decides again on the new state when a concurrent write took the version and no If-Match was sent', async () => {
    const { deps } = await apiDeps();
    const decide = racedBy(deps, revisingTheTitle(deps, noPrecondition), version2);

    const decision = await decideAndCommit(deps, actor, noPrecondition, decide);

    expect(decide).toHaveBeenCalledTimes(2);
    expect(decision).toMatchObject({ outcome: 'revised', version: 3 });
    expect(await stream(deps)).toEqual([
      [1, '01JOTHER0001'],
      [2, '01JOTHER0002'],
      [3, '01JEVENT0002'],
    ]);
    // A PUT carries the whole state, so the revision is measured against what the other writer left.
    expect(eventOf(decision).detail.data).toMatchObject({ title: 'Reducing anti-social behaviour', changedFields: ['status', 'title'] });
    expect(eventOf(decision).detail.eventId).toBe('01JEVENT0002');
  });

  it('answers unchanged when, decided again, the concurrent write had already made the same change', async () => {
    const { deps } = await apiDeps();
    const settingTheSameStatus = vi.fn(async (context: CommandContext) =>
      decideContentPut(
        priorityKind,
        await deps.eventLog.head<PriorityState>(ref),
        { ...priority, status: 'achieved' },
        noPrecondition,
        target,
        context,
      ),
    );

    const decision = await decideAndCommit(deps, actor, noPrecondition, racedBy(deps, settingTheSameStatus, version2));

    expect(decision).toEqual({ outcome: 'unchanged', version: 2 });
    expect(await stream(deps)).toEqual([
      [1, '01JOTHER0001'],
      [2, '01JOTHER0002'],
    ]);
    // Only the other writer's event waits for the relay.
    expect(await outbox(deps)).toEqual(['01JOTHER0002']);
  });

  it('keeps deciding again while it loses races, however many writers won before it', async () => {
    const { deps } = await apiDeps();
    const rivals = [2, 3, 4, 5, 6, 7, 8].map((version) => rivalRevision(version, { status: 'achieved', outcomes: [`Outcome ${version}`] }));
    const decide = racedBy(deps, revisingTheTitle(deps, noPrecondition), ...rivals);

    const decision = await decideAndCommit(deps, actor, noPrecondition, decide);

    expect(decide).toHaveBeenCalledTimes(8);
    expect(decision).toMatchObject({ outcome: 'revised', version: 9 });
  });

  it('gives up with a VersionConflictError when it keeps losing races past its patience', async () => {
    const { deps } = await apiDeps();
    const rivals = Array.from({ length: 200 }, (_, index) =>
      rivalRevision(index + 2, { status: 'achieved', outcomes: [`Outcome ${index + 2}`] }),
    );
    const decide = racedBy(deps, revisingTheTitle(deps, noPrecondition), ...rivals);

    // A clock that moves 5 ms each time it is read: four rounds fit in 20 ms, whatever the machine's load.
    let elapsed = 0;
    const patience = { ms: 20, now: () => (elapsed += 5) };
    await expect(decideAndCommit(deps, actor, noPrecondition, decide, patience)).rejects.toBeInstanceOf(VersionConflictError);
    expect(decide.mock.calls.length).toBe(4);
    const written = (await stream(deps)).map(([, eventId]) => eventId);
    expect(written.every((eventId) => String(eventId).startsWith('01JOTHER'))).toBe(true);
    expect((await outbox(deps)).every((eventId) => eventId.startsWith('01JOTHER'))).toBe(true);
  });

  it('lets 50 concurrent writers without If-Match all succeed, each change recorded once', async () => {
    const { deps } = await apiDeps();
    const writers = Array.from({ length: 50 }, (_, index) =>
      decideAndCommit(deps, actor, noPrecondition, revisingTheTitle(deps, noPrecondition, `Title ${index}`)),
    );

    const decisions = await Promise.all(writers);

    expect(decisions.every((decision) => decision.outcome === 'revised')).toBe(true);
    expect(new Set(decisions.map((decision) => decision.version)).size).toBe(50);
    expect((await stream(deps)).map(([version]) => version)).toEqual(Array.from({ length: 51 }, (_, index) => index + 1));
  });

  it('hands the conflict to a caller who sent If-Match, without deciding again', async () => {
    const { deps } = await apiDeps();
    const precondition: Precondition = { kind: 'version', version: 1 };
    const decide = racedBy(deps, revisingTheTitle(deps, precondition), version2);

    await expect(decideAndCommit(deps, actor, precondition, decide)).rejects.toBeInstanceOf(VersionConflictError);
    expect(decide).toHaveBeenCalledTimes(1);
    expect(await outbox(deps)).toEqual(['01JOTHER0002']);
  });

  it('appends nothing, and so leaves nothing for the relay, for an unchanged decision', async () => {
    const { deps } = await apiDeps();

    const decision = await decideAndCommit(deps, actor, noPrecondition, revisingTheTitle(deps, noPrecondition, priority.title));

    expect(decision).toEqual({ outcome: 'unchanged', version: 1 });
    expect(await stream(deps)).toEqual([[1, '01JOTHER0001']]);
    expect(await outbox(deps)).toEqual([]);
  });

  it('lets a domain error from the decision through, writing nothing', async () => {
    const { deps } = await apiDeps();
    const decide = vi.fn(async (): Promise<Decision> => {
      throw new NotFoundError('Priority p1 does not exist');
    });

    await expect(decideAndCommit(deps, actor, noPrecondition, decide)).rejects.toBeInstanceOf(NotFoundError);
    expect(await stream(deps)).toEqual([[1, '01JOTHER0001']]);
  });

  it('lets a storage failure of the append through, leaving nothing for the relay', async () => {
    const { deps, eventLog } = await apiDeps();
    const throttled = Object.assign(new Error('Slow down'), { name: 'ProvisionedThroughputExceededException' });
    vi.spyOn(eventLog, 'append').mockRejectedValue(throttled);

    await expect(decideAndCommit(deps, actor, noPrecondition, revisingTheTitle(deps, noPrecondition))).rejects.toBe(throttled);
    expect(await outbox(deps)).toEqual([]);
  });
});

describe('decideAsNewOrCommit', () => {
  const newRef = { ...ref, id: 'p-new' };
  const putting = (
    deps: ApiDeps,
    on: typeof ref,
    precondition: Precondition = noPrecondition,
    title = 'Reducing anti-social behaviour',
  ) => {
    const content = { ...priority, title };
    const at = { ...target, id: on.id };
    return [
      vi.fn((context: CommandContext) => decideContentPut(priorityKind, undefined, content, precondition, at, context)),
      vi.fn(async (context: CommandContext) =>
        decideContentPut(priorityKind, await deps.eventLog.head<PriorityState>(on), content, precondition, at, context),
      ),
    ] as const;
  };

  it('publishes a new subject with its version 1 appended conditionally, reading no head', async () => {
    const { deps } = await apiDeps();
    const head = vi.spyOn(deps.eventLog, 'head');
    const [asNew, onHead] = putting(deps, newRef);

    const decision = await decideAsNewOrCommit(deps, actor, noPrecondition, newRef, asNew, onHead);

    expect(decision).toMatchObject({ outcome: 'created', version: 1 });
    expect(head).not.toHaveBeenCalled();
    expect(onHead).not.toHaveBeenCalled();
    expect((await deps.eventLog.stream(newRef)).map((event) => event.detail.eventId)).toEqual(['01JEVENT0001']);
  });

  it('decides again on the head when the subject already exists: one event more, nothing lost, the next time no guess', async () => {
    const { deps } = await apiDeps();
    const append = vi.spyOn(deps.eventLog, 'append');
    const [asNew, onHead] = putting(deps, ref);

    const first = await decideAsNewOrCommit(deps, actor, noPrecondition, ref, asNew, onHead);
    const [asNewAgain, onHeadAgain] = putting(deps, ref, noPrecondition, 'A third title');
    const second = await decideAsNewOrCommit(deps, actor, noPrecondition, ref, asNewAgain, onHeadAgain);

    expect(first).toMatchObject({ outcome: 'revised', version: 2 });
    expect(second).toMatchObject({ outcome: 'revised', version: 3 });
    // The guess was refused once (version 1 was taken); the process then knew the subject and did not guess again.
    expect(append).toHaveBeenCalledTimes(3);
    expect(asNewAgain).not.toHaveBeenCalled();
    expect((await stream(deps)).map(([version]) => version)).toEqual([1, 2, 3]);
    expect(await outbox(deps)).toEqual(['01JEVENT0002', '01JEVENT0003']);
  });

  it('answers unchanged for the same content again on a subject it did not know, appending nothing more', async () => {
    const { deps } = await apiDeps();
    const [asNew, onHead] = putting(deps, ref, noPrecondition, priority.title);

    expect(await decideAsNewOrCommit(deps, actor, noPrecondition, ref, asNew, onHead)).toEqual({ outcome: 'unchanged', version: 1 });
    expect(await stream(deps)).toEqual([[1, '01JOTHER0001']]);
  });

  it('publishes again after a withdrawal at the next version, not as version 1', async () => {
    const { deps } = await apiDeps();
    await deps.eventLog.append(priorityWithdrawn({ id: 'p1', version: 2 }));
    const [asNew, onHead] = putting(deps, ref);

    expect(await decideAsNewOrCommit(deps, actor, noPrecondition, ref, asNew, onHead)).toMatchObject({ outcome: 'created', version: 3 });
  });

  it('does not guess when If-Match asks for a current version, and a stale one is refused as before', async () => {
    const { deps } = await apiDeps();
    const stale: Precondition = { kind: 'version', version: 2 };
    const [asNew, onHead] = putting(deps, newRef, stale);

    await expect(decideAsNewOrCommit(deps, actor, stale, newRef, asNew, onHead)).rejects.toBeInstanceOf(VersionConflictError);
    expect(asNew).not.toHaveBeenCalled();
    expect(await deps.eventLog.stream(newRef)).toEqual([]);
  });

  it('lets 20 concurrent first writers of one new id all succeed, each change recorded once at its own version', async () => {
    const { deps } = await apiDeps();
    const writers = Array.from({ length: 20 }, (_, index) => {
      const [asNew, onHead] = putting(deps, newRef, noPrecondition, `Title ${index}`);
      return decideAsNewOrCommit(deps, actor, noPrecondition, newRef, asNew, onHead);
    });

    const decisions = await Promise.all(writers);

    expect(decisions.filter((decision) => decision.outcome === 'created')).toHaveLength(1);
    expect(new Set(decisions.map((decision) => decision.version)).size).toBe(20);
    expect((await deps.eventLog.stream(newRef)).map((event) => event.detail.subject.version)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
  });
});
