import type { EventLog } from '@partnership-hub/store';

/** How long a succeeded append waits, at most, for the appends overlapping it before the relay is told. */
const MAX_WAIT_MS = 25;

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
 * longer. Appends that never stop overlapping (a steady 20 writes a second, each append a few tens of
 * milliseconds on a busy loop) would leave the relay to its poll, a second later: so an append told
 * of by no one is told at the latest `maxWaitMs` after it succeeded, overlap or not.
 */
export function wakingOnAppend(eventLog: EventLog, appended: () => void, { maxWaitMs = MAX_WAIT_MS } = {}): EventLog {
  let inFlight = 0;
  /** Whether an append has succeeded since `appended` was last told. */
  let untold = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tell = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!untold) return;
    untold = false;
    appended();
  };
  const append: EventLog['append'] = async (event) => {
    inFlight++;
    try {
      await eventLog.append(event);
      untold = true;
      // Unref'd: a process with nothing else to do need not wait for it (the poll catches the rest).
      timer ??= setTimeout(tell, maxWaitMs).unref();
    } finally {
      inFlight--;
      if (inFlight === 0) tell();
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
