import { type PriorityState, parseHubEvent, type WorkProgrammeItemState } from '@partnership-hub/events';
import { describe, expect, it } from 'vitest';
import {
  type Decision,
  decideContentPut,
  decideContentWithdrawal,
  NotFoundError,
  noPrecondition,
  priorityKind,
  type StreamHead,
  VersionConflictError,
  workProgrammeKind,
} from '../src/index.ts';
import { AREA, contextOf, headAfter, priorityInput, ROTHERHAM_CSP, workItemInput } from './builders.ts';

const target = { areaId: AREA, organisationId: ROTHERHAM_CSP, id: 'p1' };
const context = contextOf(ROTHERHAM_CSP);

function eventOf(decision: Decision) {
  if (decision.outcome === 'unchanged') throw new Error(`expected an event, the decision was ${decision.outcome}`);
  return decision.event;
}

/** A priority published at version 1, as the event log would answer it. */
function publishedPriority(state: PriorityState = priorityInput()): StreamHead<PriorityState> {
  return headAfter(decideContentPut(priorityKind, undefined, state, noPrecondition, target, context));
}

function withdrawnPriority(): StreamHead<PriorityState> {
  return headAfter(decideContentWithdrawal(priorityKind, publishedPriority(), noPrecondition, target, contextOf(ROTHERHAM_CSP, 2)));
}

describe('publishing content', () => {
  it('publishes a new priority at version 1 as PriorityPublished', () => {
    const input = priorityInput();

    const decision = decideContentPut(priorityKind, undefined, input, noPrecondition, target, context);

    expect(decision.outcome).toBe('created');
    expect(decision.version).toBe(1);
    const event = eventOf(decision);
    expect(event.detailType).toBe('PriorityPublished');
    expect(event.detail).toMatchObject({
      eventId: context.eventId,
      occurredAt: context.occurredAt,
      areaId: AREA,
      organisationId: ROTHERHAM_CSP,
      subject: { type: 'priority', id: 'p1', version: 1 },
      actor: context.actor,
      visibility: 'public',
    });
    expect(event.detail.data).toEqual(input);
  });

  it('produces an event that satisfies its published contract', () => {
    const event = eventOf(decideContentPut(priorityKind, undefined, priorityInput(), noPrecondition, target, context));

    expect(() => parseHubEvent(event.detailType, event.detail)).not.toThrow();
  });

  it('schedules a new work programme item as WorkProgrammeItemScheduled', () => {
    const decision = decideContentPut(workProgrammeKind, undefined, workItemInput(), noPrecondition, { ...target, id: 'wp-1' }, context);

    const event = eventOf(decision);
    expect(event.detailType).toBe('WorkProgrammeItemScheduled');
    expect(event.detail.subject).toEqual({ type: 'work-programme-item', id: 'wp-1', version: 1 });
  });

  it('gives the event the visibility of the content', () => {
    const decision = decideContentPut(priorityKind, undefined, priorityInput({ visibility: 'partners' }), noPrecondition, target, context);

    expect(eventOf(decision).detail.visibility).toBe('partners');
  });

  it('records nothing when the same content is put again', () => {
    const head = publishedPriority();

    const decision = decideContentPut(priorityKind, head, priorityInput(), noPrecondition, target, contextOf(ROTHERHAM_CSP, 2));

    expect(decision).toEqual({ outcome: 'unchanged', version: 1 });
  });

  it('treats the same content with its fields in another order as unchanged', () => {
    const head = publishedPriority();
    const reordered = Object.fromEntries(Object.entries(priorityInput()).reverse()) as PriorityState;

    const decision = decideContentPut(priorityKind, head, reordered, noPrecondition, target, contextOf(ROTHERHAM_CSP, 2));

    expect(decision.outcome).toBe('unchanged');
  });
});

describe('revising content', () => {
  it('revises a priority at the next version and names the fields that changed', () => {
    const head = publishedPriority();
    const revised = priorityInput({ title: 'Tackling child sexual exploitation', status: 'achieved' });

    const decision = decideContentPut(priorityKind, head, revised, noPrecondition, target, contextOf(ROTHERHAM_CSP, 2));

    expect(decision.outcome).toBe('revised');
    expect(decision.version).toBe(2);
    const event = eventOf(decision);
    expect(event.detailType).toBe('PriorityRevised');
    expect(event.detail.subject.version).toBe(2);
    expect(event.detail.data).toEqual({ ...revised, changedFields: ['status', 'title'] });
    expect(() => parseHubEvent(event.detailType, event.detail)).not.toThrow();
  });

  it('counts an optional field that was added as changed', () => {
    const head = publishedPriority();

    const decision = decideContentPut(
      priorityKind,
      head,
      priorityInput({ lead: 'Head of Community Safety' }),
      noPrecondition,
      target,
      context,
    );

    expect(eventOf(decision).detail.data).toMatchObject({ changedFields: ['lead'] });
  });

  it('revises a work programme item as WorkProgrammeItemRevised', () => {
    const itemTarget = { ...target, id: 'wp-1' };
    const head = headAfter<WorkProgrammeItemState>(
      decideContentPut(workProgrammeKind, undefined, workItemInput(), noPrecondition, itemTarget, context),
    );

    const decision = decideContentPut(
      workProgrammeKind,
      head,
      workItemInput({ status: 'deferred' }),
      noPrecondition,
      itemTarget,
      contextOf(ROTHERHAM_CSP, 2),
    );

    const event = eventOf(decision);
    expect(event.detailType).toBe('WorkProgrammeItemRevised');
    expect(event.detail.data).toMatchObject({ status: 'deferred', changedFields: ['status'] });
  });

  it('accepts a revision whose If-Match names the current version', () => {
    const head = publishedPriority();

    const decision = decideContentPut(
      priorityKind,
      head,
      priorityInput({ status: 'achieved' }),
      { kind: 'version', version: 1 },
      target,
      context,
    );

    expect(decision.outcome).toBe('revised');
  });

  it('rejects a revision based on a stale version', () => {
    const v1 = publishedPriority();
    const v2 = headAfter<PriorityState>(
      decideContentPut(priorityKind, v1, priorityInput({ status: 'achieved' }), noPrecondition, target, context),
    );

    const act = () =>
      decideContentPut(priorityKind, v2, priorityInput({ status: 'achieved' }), { kind: 'version', version: 1 }, target, context);

    expect(act).toThrow(VersionConflictError);
    expect(act).toThrow(expect.objectContaining({ currentVersion: 2 }));
  });

  it('accepts If-Match * for a priority that exists', () => {
    const decision = decideContentPut(
      priorityKind,
      publishedPriority(),
      priorityInput({ status: 'achieved' }),
      { kind: 'any' },
      target,
      context,
    );

    expect(decision.outcome).toBe('revised');
  });

  it('rejects If-Match * for a priority that does not exist', () => {
    const act = () => decideContentPut(priorityKind, undefined, priorityInput(), { kind: 'any' }, target, context);

    expect(act).toThrow(VersionConflictError);
  });

  it('rejects If-Match * for a priority that has been withdrawn', () => {
    const act = () => decideContentPut(priorityKind, withdrawnPriority(), priorityInput(), { kind: 'any' }, target, context);

    expect(act).toThrow(VersionConflictError);
  });
});

describe('If-None-Match: * (the item must not exist)', () => {
  const absent = { kind: 'absent' } as const;

  it('publishes a priority at an id never used', () => {
    const decision = decideContentPut(priorityKind, undefined, priorityInput(), absent, target, context);

    expect(decision.outcome).toBe('created');
    expect(decision.version).toBe(1);
  });

  it('refuses to revise a live priority, even with other content, saying which version is there', () => {
    const act = () => decideContentPut(priorityKind, publishedPriority(), priorityInput({ status: 'achieved' }), absent, target, context);

    expect(act).toThrow(VersionConflictError);
    expect(act).toThrow(expect.objectContaining({ currentVersion: 1, message: expect.stringMatching(/already exists \(version 1\)/) }));
  });

  it('refuses the same content again too: it was not this write that created it', () => {
    const act = () => decideContentPut(priorityKind, publishedPriority(), priorityInput(), absent, target, context);

    expect(act).toThrow(VersionConflictError);
  });

  it('counts a withdrawn priority as existing: its id is not free, and it is not brought back', () => {
    const act = () => decideContentPut(priorityKind, withdrawnPriority(), priorityInput(), absent, target, context);

    expect(act).toThrow(expect.objectContaining({ name: 'VersionConflictError', message: expect.stringMatching(/was withdrawn/) }));
  });
});

describe('withdrawing content', () => {
  it('withdraws a live priority at the next version, carrying its last state', () => {
    const state = priorityInput({ visibility: 'partners' });
    const head = publishedPriority(state);

    const decision = decideContentWithdrawal(priorityKind, head, noPrecondition, target, contextOf(ROTHERHAM_CSP, 2));

    expect(decision.outcome).toBe('withdrawn');
    expect(decision.version).toBe(2);
    const event = eventOf(decision);
    expect(event.detailType).toBe('PriorityWithdrawn');
    expect(event.detail.data).toEqual(state);
    expect(event.detail.visibility).toBe('partners');
    expect(() => parseHubEvent(event.detailType, event.detail)).not.toThrow();
  });

  it('withdraws a work programme item as WorkProgrammeItemWithdrawn', () => {
    const itemTarget = { ...target, id: 'wp-1' };
    const head = headAfter<WorkProgrammeItemState>(
      decideContentPut(workProgrammeKind, undefined, workItemInput(), noPrecondition, itemTarget, context),
    );

    const decision = decideContentWithdrawal(workProgrammeKind, head, noPrecondition, itemTarget, contextOf(ROTHERHAM_CSP, 2));

    expect(eventOf(decision).detailType).toBe('WorkProgrammeItemWithdrawn');
  });

  it('refuses to withdraw a priority that was never published', () => {
    const act = () => decideContentWithdrawal(priorityKind, undefined, noPrecondition, target, context);

    expect(act).toThrow(NotFoundError);
  });

  it('refuses to withdraw a priority twice', () => {
    const act = () => decideContentWithdrawal(priorityKind, withdrawnPriority(), noPrecondition, target, contextOf(ROTHERHAM_CSP, 3));

    expect(act).toThrow(NotFoundError);
  });

  it('rejects a withdrawal based on a stale version', () => {
    const v2 = headAfter<PriorityState>(
      decideContentPut(priorityKind, publishedPriority(), priorityInput({ status: 'achieved' }), noPrecondition, target, context),
    );

    const act = () => decideContentWithdrawal(priorityKind, v2, { kind: 'version', version: 1 }, target, context);

    expect(act).toThrow(VersionConflictError);
  });

  it('publishes a withdrawn priority again as PriorityPublished, continuing its version sequence', () => {
    const head = withdrawnPriority();

    const decision = decideContentPut(priorityKind, head, priorityInput(), noPrecondition, target, contextOf(ROTHERHAM_CSP, 3));

    expect(decision.outcome).toBe('created');
    expect(decision.version).toBe(3);
    const event = eventOf(decision);
    expect(event.detailType).toBe('PriorityPublished');
    expect(event.detail.subject.version).toBe(3);
  });
});
