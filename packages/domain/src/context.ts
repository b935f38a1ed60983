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
 * A write's precondition: `If-Match` with a version the caller believes is current, or `*` (any
 * current version, i.e. the subject must exist); or `If-None-Match: *` (`absent`: the write may
 * only create the subject, RFC 9110 13.1.2, so two writers choosing the same new id are told).
 */
export type Precondition = { kind: 'none' } | { kind: 'any' } | { kind: 'version'; version: number } | { kind: 'absent' };

export const noPrecondition: Precondition = { kind: 'none' };
