import type { EventPublisher } from '@partnership-hub/publisher';
import type { EventLog } from '@partnership-hub/store';

export interface RepublisherDeps {
  eventLog: EventLog;
  publisher: EventPublisher;
  clock: () => Date;
  /**
   * Only events at least this old are republished, so the API's own publish right after its
   * append is not raced (a race would only cause a harmless duplicate delivery).
   */
  minAgeMs: number;
  /** The most events one run sends, so one run stays short. */
  maxPerRun?: number;
}

export interface RepublishResult {
  found: number;
  republished: number;
  failed: number;
}

/** Publishes what was appended to the log but never reached the bus. Run on a schedule. */
export function createOutboxRepublisher(deps: RepublisherDeps) {
  const maxPerRun = deps.maxPerRun ?? 500;
  return async function republish(): Promise<RepublishResult> {
    const before = new Date(deps.clock().getTime() - deps.minAgeMs).toISOString();
    const events = await deps.eventLog.unpublished(before, maxPerRun);
    if (events.length === 0) return { found: 0, republished: 0, failed: 0 };
    const { published, failed } = await deps.publisher.publish(events);
    await Promise.all(published.map((event) => deps.eventLog.markPublished(event)));
    return { found: events.length, republished: published.length, failed: failed.length };
  };
}
