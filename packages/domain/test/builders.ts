import type { PriorityState, WorkProgrammeItemState } from '@partnership-hub/events';
import { type CommandContext, type Decision, type StreamHead, toViewRecord } from '../src/index.ts';

/** Test data shared by the domain specifications: South Yorkshire, as in the seed documents. */
export const AREA = 'south-yorkshire';
export const PCC = 'south-yorkshire-pcc';
export const PANEL = 'south-yorkshire-police-and-crime-panel';
export const ROTHERHAM_CSP = 'safer-rotherham-partnership';
export const SHEFFIELD_CSP = 'safer-sheffield-partnership';
export const ROTHERHAM_SCRUTINY = 'rotherham-overview-and-scrutiny';

/** The outside world of one command: a distinct event id per call, a fixed time, an organisation's key. */
export function contextOf(organisationId: string, sequence = 1, occurredAt = '2026-01-01T09:00:00.000Z'): CommandContext {
  return { eventId: `01JEVENT${String(sequence).padStart(4, '0')}`, occurredAt, actor: { kind: 'key', organisationId } };
}

/** The stream head the event log would answer after this decision's event was appended. */
export function headAfter<TState>(decision: Decision): StreamHead<TState> {
  if (decision.outcome === 'unchanged') throw new Error('an unchanged decision appends no event, so it moves no head');
  const { event } = decision;
  return { version: event.detail.subject.version, detailType: event.detailType, state: toViewRecord(event).state as TState };
}

export function priorityInput(overrides: Partial<PriorityState> = {}): PriorityState {
  return {
    title: 'Protecting vulnerable children',
    themes: ['child-sexual-exploitation'],
    outcomes: [],
    indicators: [],
    status: 'active',
    supports: [],
    visibility: 'public',
    ...overrides,
  };
}

export function workItemInput(overrides: Partial<WorkProgrammeItemState> = {}): WorkProgrammeItemState {
  return {
    title: 'Domestic abuse scrutiny review',
    themes: ['domestic-abuse'],
    kind: 'scrutiny-review',
    quarter: '2026-Q2',
    status: 'planned',
    priorities: [],
    visibility: 'public',
    ...overrides,
  };
}
