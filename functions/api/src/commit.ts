import { type CommandContext, type Decision, type Precondition, VersionConflictError } from '@partnership-hub/domain';
import type { Actor } from '@partnership-hub/events';
import { type EventLog, logPk, type SubjectRef } from '@partnership-hub/store';
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

/** How many streams a process remembers seeing (per event log), oldest forgotten first: a few hundred KB at most. */
const KNOWN_STREAMS = 10_000;

/**
 * The streams this process has seen exist, per event log (a test's fresh log, or a second hub in
 * the process, starts with none). Only a hint for decideAsNewOrCommit: wrong either way, it costs
 * a table call, never a wrong decision.
 */
const knownStreams = new WeakMap<EventLog, Set<string>>();

function rememberStream(eventLog: EventLog, ref: SubjectRef): void {
  const known = knownStreams.get(eventLog) ?? new Set<string>();
  knownStreams.set(eventLog, known);
  const key = logPk(ref);
  known.delete(key);
  known.add(key);
  if (known.size > KNOWN_STREAMS) known.delete(known.values().next().value!);
}

/**
 * A write that will often make a new subject (a PUT to an id the caller chose): decided first as
 * if the subject had no events, and that decision's event appended as version 1 without reading
 * the log. The append is conditional (version 1 must be free) and a stream has no gaps, so if it
 * succeeds the subject had no events, exactly what the decision assumed: one conditional put and
 * no head query. Otherwise (version 1 is taken, the decision as new is not a creation at version
 * 1, or an If-Match precondition asks for a current version) it is decided the ordinary way, on the head
 * read from the log (decideAndCommit). Guessing wrong costs a refused conditional put; a subject
 * this process has seen exist is not guessed about.
 */
export async function decideAsNewOrCommit<D extends Decision>(
  deps: ApiDeps,
  actor: Actor,
  precondition: Precondition,
  ref: SubjectRef,
  decideAsNew: (context: CommandContext) => D,
  decide: (context: CommandContext) => Promise<D>,
): Promise<D> {
  const { eventLog } = deps;
  // If-None-Match: * (`absent`) is exactly what the conditional append at version 1 holds to.
  if ((precondition.kind === 'none' || precondition.kind === 'absent') && !knownStreams.get(eventLog)?.has(logPk(ref))) {
    const context: CommandContext = { eventId: deps.newEventId(), occurredAt: deps.clock().toISOString(), actor };
    const decision = decideAsNew(context);
    if (decision.outcome === 'created' && decision.event.detail.subject.version === 1) {
      try {
        await eventLog.append(decision.event);
        rememberStream(eventLog, ref);
        return decision;
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
  }
  const decision = await decideAndCommit(deps, actor, precondition, decide);
  rememberStream(eventLog, ref);
  return decision;
}
