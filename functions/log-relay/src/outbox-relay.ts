import type { EventPublisher } from '@partnership-hub/publisher';
import type { EventLog } from '@partnership-hub/store';

export interface OutboxRelayDeps {
  eventLog: EventLog;
  publisher: EventPublisher;
  clock: () => Date;
  /**
   * Only events at least this old are relayed. Locally the relay is the one path to the bus and
   * waits for nothing (0). On AWS the stream relays each event within seconds, and the scheduled
   * sweep leaves younger events to it rather than race it (a race would only cost a duplicate).
   */
  minAgeMs: number;
  /** Events read from the outbox at a time (default 100). */
  pageSize?: number;
  /** The most events one run sends (default: no limit), so that a scheduled run stays short. */
  maxPerRun?: number;
  /** Told, after each page, how many of its events the bus accepted (the local run's catch-up progress). */
  onPublished?: (count: number) => void;
}

export interface OutboxRelayResult {
  /** Events read from the outbox. */
  found: number;
  /** Of those, accepted by the bus and taken out of the outbox. */
  published: number;
  /** Of those, refused by the bus (or the call failed): they stay in the outbox for a later run. */
  failed: number;
  /** The bus's reason for the first refusal, when there was one. */
  firstError?: string;
}

/**
 * Relays what waits in the outbox to the bus: reads the oldest waiting events, publishes them
 * (every entry checked), and takes out of the outbox only what the bus accepted. The outbox keys
 * on each log item are the checkpoint: an event leaves the outbox only after the bus has it, so a
 * run that fails or is killed part-way loses nothing, and the next run sends what is left. One
 * run reads on, page after page, until the outbox is empty, the run's limit is reached or the bus
 * refuses something (reading on would only meet the refusal again).
 */
export function createOutboxRelay(deps: OutboxRelayDeps) {
  const pageSize = deps.pageSize ?? 100;
  const maxPerRun = deps.maxPerRun ?? Number.POSITIVE_INFINITY;
  return async function relay(): Promise<OutboxRelayResult> {
    const before = outboxCutOff(deps.clock(), deps.minAgeMs);
    const result: OutboxRelayResult = { found: 0, published: 0, failed: 0 };
    while (result.found < maxPerRun) {
      const wanted = Math.min(pageSize, maxPerRun - result.found);
      const events = await deps.eventLog.unpublished(before, wanted);
      if (events.length === 0) break;
      const { published, failed } = await deps.publisher.publish(events);
      await Promise.all(published.map((event) => deps.eventLog.markPublished(event)));
      result.found += events.length;
      result.published += published.length;
      result.failed += failed.length;
      result.firstError ??= failed[0] && `${failed[0].errorCode}: ${failed[0].errorMessage}`;
      deps.onPublished?.(published.length);
      if (failed.length > 0 || events.length < wanted) break;
    }
    return result;
  };
}

/**
 * The outbox's `before` bound for events at least `minAgeMs` old. The outbox orders events by
 * `{occurredAt}#{eventId}`, so an event that happened in the bound's very millisecond sorts after
 * the bare time: the bound is one millisecond later, and "at least this old" includes it.
 */
export function outboxCutOff(now: Date, minAgeMs: number): string {
  return new Date(now.getTime() - minAgeMs + 1).toISOString();
}
