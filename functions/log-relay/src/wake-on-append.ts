import type { EventLog } from '@partnership-hub/store';

/**
 * The same event log, telling `appended` after each append that succeeded: how a relay in the same
 * process learns, without polling, that the outbox holds something new. Wiring only: the handler
 * handed this log neither knows nor asks. A proxy rather than a class that delegates each method,
 * so that every other method, including any the port gains later, passes through unchanged.
 */
export function wakingOnAppend(eventLog: EventLog, appended: () => void): EventLog {
  const append: EventLog['append'] = async (event) => {
    await eventLog.append(event);
    appended();
  };
  return new Proxy(eventLog, {
    get(target, property) {
      if (property === 'append') return append;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
