import { type CommandContext, type Decision, type Precondition, VersionConflictError } from '@partnership-hub/domain';
import type { Actor } from '@partnership-hub/events';
import type { ApiDeps } from './deps.ts';

/**
 * How long a write without If-Match keeps deciding again while it loses races. Each lost race
 * means another write succeeded, so with N writers on one subject the last waits for N rounds:
 * a fixed number of attempts turned a burst of concurrent writes into 412s their callers never
 * asked for. Past this, the conflict is answered (the subject is too contended to settle).
 */
const RACE_PATIENCE_MS = 10_000;

/** A short random pause before deciding again, so racers spread out rather than collide again. */
const pauseBeforeDecidingAgain = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));

/**
 * Runs a command: read the subject's current state, decide, append the event with a
 * conditional write. A caller who sent If-Match gets the conflict (412); one who did not
 * simply loses nothing: the decision is made again on the new state.
 *
 * The append is all a request does: the appended event waits in the outbox, and the log relay
 * (functions/log-relay) takes it to the bus, so no request ever waits on the bus or fails
 * because of it.
 */
export async function decideAndCommit<D extends Decision>(
  deps: ApiDeps,
  actor: Actor,
  precondition: Precondition,
  decide: (context: CommandContext) => Promise<D>,
  patience: { ms: number; now: () => number } = { ms: RACE_PATIENCE_MS, now: () => performance.now() },
): Promise<D> {
  const started = patience.now();
  for (let attempt = 1; ; attempt++) {
    const context: CommandContext = { eventId: deps.newEventId(), occurredAt: deps.clock().toISOString(), actor };
    const decision = await decide(context);
    if (decision.outcome === 'unchanged') return decision;
    try {
      await deps.eventLog.append(decision.event);
    } catch (error) {
      if (error instanceof VersionConflictError && precondition.kind === 'none' && patience.now() - started < patience.ms) {
        await pauseBeforeDecidingAgain(attempt);
        continue;
      }
      throw error;
    }
    return decision;
  }
}
