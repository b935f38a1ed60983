import type { HubEvent, PriorityState, ProtocolState } from '@partnership-hub/events';
import { describe, expect, it } from 'vitest';
import {
  type Decision,
  decideAreaPut,
  decideContentPut,
  decideContentWithdrawal,
  decideProtocolAgreement,
  decideProtocolProposal,
  isVisibleTo,
  noPrecondition,
  priorityKind,
  type StreamHead,
  toViewRecord,
  type ViewRecord,
  visibleRecords,
} from '../src/index.ts';
import { AREA, contextOf, headAfter, PANEL, priorityInput, ROTHERHAM_CSP, ROTHERHAM_SCRUTINY } from './builders.ts';

const target = { areaId: AREA, organisationId: ROTHERHAM_CSP, id: 'p1' };

function eventOf(decision: Decision): HubEvent {
  if (decision.outcome === 'unchanged') throw new Error('expected an event, the decision was unchanged');
  return decision.event;
}

/** A priority's stream: published, revised twice, withdrawn, published again (versions 1 to 5). */
function priorityStream(): HubEvent[] {
  const events: HubEvent[] = [];
  let head: StreamHead<PriorityState> | undefined;
  const states: PriorityState[] = [
    priorityInput(),
    priorityInput({ status: 'superseded' }),
    priorityInput({ status: 'achieved', title: 'Protected' }),
  ];
  for (const state of states) {
    const decision = decideContentPut(priorityKind, head, state, noPrecondition, target, contextOf(ROTHERHAM_CSP, events.length + 1));
    events.push(eventOf(decision));
    head = headAfter<PriorityState>(decision);
  }
  const withdrawal = decideContentWithdrawal(priorityKind, head, noPrecondition, target, contextOf(ROTHERHAM_CSP, events.length + 1));
  events.push(eventOf(withdrawal));
  const again = decideContentPut(
    priorityKind,
    headAfter<PriorityState>(withdrawal),
    priorityInput({ title: 'Back again' }),
    noPrecondition,
    target,
    contextOf(ROTHERHAM_CSP, 9),
  );
  events.push(eventOf(again));
  return events;
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

describe('toViewRecord', () => {
  it("folds a revision into the subject's record, leaving out the fields that describe the change", () => {
    const [, revision] = priorityStream();

    const record = toViewRecord(revision!);

    expect(record).toEqual({
      subjectType: 'priority',
      areaId: AREA,
      organisationId: ROTHERHAM_CSP,
      id: 'p1',
      version: 2,
      withdrawn: false,
      state: priorityInput({ status: 'superseded' }),
      updatedAt: revision!.detail.occurredAt,
      lastEventType: 'PriorityRevised',
    });
  });

  it('marks a withdrawn subject as withdrawn, keeping its last state', () => {
    const withdrawal = priorityStream()[3]!;

    const record = toViewRecord(withdrawal);

    expect(record.withdrawn).toBe(true);
    expect(record.state).toEqual(priorityInput({ status: 'achieved', title: 'Protected' }));
  });

  it('files a protocol under the area, not under the party that last changed it, and drops agreedBy', () => {
    const proposal = decideProtocolProposal(
      undefined,
      { title: 'Joint working protocol', parties: [PANEL, ROTHERHAM_SCRUTINY], summary: 'Roles.', visibility: 'partners' },
      PANEL,
      noPrecondition,
      { areaId: AREA, protocolId: 'jwp' },
      contextOf(PANEL),
    );
    const agreement = eventOf(
      decideProtocolAgreement(
        headAfter<ProtocolState>(proposal),
        1,
        ROTHERHAM_SCRUTINY,
        { areaId: AREA, protocolId: 'jwp' },
        contextOf(ROTHERHAM_SCRUTINY, 2),
      ),
    );

    const record = toViewRecord(agreement);

    expect(record.organisationId).toBeNull();
    expect(record.state).not.toHaveProperty('agreedBy');
    expect(record.state).toMatchObject({ agreements: [{ organisationId: ROTHERHAM_SCRUTINY, version: 1 }] });
  });

  it('files an area under no organisation', () => {
    const record = toViewRecord(eventOf(decideAreaPut(undefined, { name: 'South Yorkshire' }, AREA, contextOf(PANEL))));

    expect(record).toMatchObject({ subjectType: 'area', id: AREA, organisationId: null });
  });

  it('ends at the newest state whatever order the events of a subject are delivered in, when older versions are ignored', () => {
    const events = priorityStream();
    const newest = toViewRecord(events[events.length - 1]!);
    const orders = permutations(events);
    expect(orders).toHaveLength(120);

    for (const order of orders) {
      // The store's gate: keep a record only if nothing as new or newer is stored.
      const projected = order
        .map(toViewRecord)
        .reduce<ViewRecord | undefined>((stored, record) => (stored && stored.version >= record.version ? stored : record), undefined);

      expect(projected).toEqual(newest);
    }
  });
});

describe('visibility', () => {
  it.each([
    ['public', 'public', true],
    ['public', 'partners', false],
    ['partners', 'public', true],
    ['partners', 'partners', true],
  ] as const)('the %s audience sees %s content: %s', (audience, visibility, visible) => {
    expect(isVisibleTo(audience, visibility)).toBe(visible);
  });

  it('shows the public only live public records, and partners every live record', () => {
    const [published] = priorityStream();
    const live = toViewRecord(published!);
    const restricted = toViewRecord(
      eventOf(
        decideContentPut(
          priorityKind,
          undefined,
          priorityInput({ visibility: 'partners' }),
          noPrecondition,
          { ...target, id: 'p2' },
          contextOf(ROTHERHAM_CSP, 20),
        ),
      ),
    );
    const withdrawn = toViewRecord(priorityStream()[3]!);
    const area = toViewRecord(eventOf(decideAreaPut(undefined, { name: 'South Yorkshire' }, AREA, contextOf(PANEL))));
    const records: ViewRecord[] = [live, restricted, withdrawn, area];

    expect(visibleRecords(records, 'public')).toEqual([live, area]);
    expect(visibleRecords(records, 'partners')).toEqual([live, restricted, area]);
  });
});
