import { type HubEvent, isWithdrawal, parseEventBridgeEvent } from '@partnership-hub/events';
import { type ChangeFeed, type EventLog, type PublicView, subjectRef } from '@partnership-hub/store';

export interface ChangeFeedDeps {
  feed: ChangeFeed;
  eventLog: EventLog;
}

/**
 * Consumes a hub event delivered by EventBridge and appends it to its area's change feed, once,
 * in a gap-free order (see ChangeFeed). Idempotent: a redelivery finds the event's claim and
 * adds nothing.
 */
export function createChangeFeedAppender(deps: ChangeFeedDeps) {
  // Appends to one area take its slots one at a time. Within a process they queue here rather than
  // race for the same slot (a burst of N racing appends costs O(N²) conditional writes); across
  // processes (several Lambda instances) the conditional writes still keep the order gap-free.
  const queues = new Map<string, Promise<unknown>>();
  const inTurn = <T>(areaId: string, work: () => Promise<T>): Promise<T> => {
    const turn = (queues.get(areaId) ?? Promise.resolve()).then(work, work);
    const settled = turn.catch(() => undefined);
    queues.set(areaId, settled);
    void settled.then(() => {
      if (queues.get(areaId) === settled) queues.delete(areaId);
    });
    return turn;
  };

  return async function append(delivery: unknown): Promise<{ sequence: number; appended: boolean }> {
    // A delivery that does not parse throws: it is retried, then dead-lettered.
    const event = parseEventBridgeEvent(delivery);
    return inTurn(event.detail.areaId, () => appendToChangeFeed(deps, event));
  };
}

/**
 * Appends one event to its area's feed, once, with how the public feed shows it. The appender's
 * own step, which a rebuild from the log (`npm run rebuild`) runs too.
 */
export async function appendToChangeFeed(deps: ChangeFeedDeps, event: HubEvent): Promise<{ sequence: number; appended: boolean }> {
  const previous =
    event.detail.visibility === 'partners' && event.detail.subject.version > 1
      ? await deps.eventLog.get(subjectRef(event.detail), event.detail.subject.version - 1)
      : undefined;
  return deps.feed.append(event, publicViewOf(event, previous));
}

/**
 * How the public feed shows an event. A partners change to a subject the public could see until
 * then (its previous version was public and live) narrows its visibility: public mirrors must drop
 * what they hold, so the public feed says the subject left their view, without any content. The
 * previous version is read from the log, not remembered, so delivery order does not matter.
 */
export function publicViewOf(event: HubEvent, previous: HubEvent | undefined): PublicView {
  if (event.detail.visibility === 'public') return 'full';
  if (previous && previous.detail.visibility === 'public' && !isWithdrawal(previous.detailType)) return 'restricted';
  return 'hidden';
}
