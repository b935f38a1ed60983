import type { EventLog } from '@partnership-hub/store';

/**
 * The same event log, telling `appended` once an append has succeeded: how a relay in the same
 * process learns, without polling, that the outbox holds something new. Wiring only: the handler
 * handed this log neither knows nor asks. A proxy rather than a class that delegates each method,
 * so that every other method, including any the port gains later, passes through unchanged.
 *
 * While appends overlap (a bulk import's commit, a burst of PUTs) it tells once, when the last of
 * them has finished, rather than after each: in the local run the relay and the consumers it
 * feeds share the writer's one event loop, and woken mid-commit they would take it turn about
 * with the appends still to come. A lone append is told at once, so a single change waits no
 * longer; the relay's own poll still runs it however busy the writer stays.
 */
export function wakingOnAppend(eventLog: EventLog, appended: () => void): EventLog {
  let inFlight = 0;
  /** Whether an append has succeeded since `appended` was last told. */
  let untold = false;
  const append: EventLog['append'] = async (event) => {
    inFlight++;
    try {
      await eventLog.append(event);
      untold = true;
    } finally {
      inFlight--;
      if (inFlight === 0 && untold) {
        untold = false;
        appended();
      }
    }
  };
  return new Proxy(eventLog, {
    get(target, property) {
      if (property === 'append') return append;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
