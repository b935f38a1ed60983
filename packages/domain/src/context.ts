import type { EventContext } from '@partnership-hub/events';

/**
 * What every decision needs from the outside world, passed in so that deciding stays pure:
 * the id and time of the event it may produce, and who is asking.
 */
export type CommandContext = EventContext;

/** The latest event of a subject's stream: its version and the state after it. */
export interface StreamHead<TState> {
  version: number;
  detailType: string;
  state: TState;
}

/**
 * An `If-Match` precondition: a version the caller believes is current, or `*` (any current
 * version, i.e. the subject must exist).
 */
export type Precondition = { kind: 'none' } | { kind: 'any' } | { kind: 'version'; version: number };

export const noPrecondition: Precondition = { kind: 'none' };
