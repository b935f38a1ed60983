import { EventBridgeClient, type EventBridgeClientConfig, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE, type HubEvent } from '@partnership-hub/events';

/** Where the bus is: in Lambda, all defaults; in the local run, the local bus's endpoint. */
export type EventBridgeConnection = Pick<EventBridgeClientConfig, 'endpoint' | 'region' | 'credentials' | 'maxAttempts' | 'signer'>;

export function createEventBridgeClient(connection: EventBridgeConnection = {}): EventBridgeClient {
  return new EventBridgeClient(connection);
}

export interface PublishFailure {
  event: HubEvent;
  errorCode: string;
  errorMessage: string;
}

export interface PublishResult {
  published: HubEvent[];
  failed: PublishFailure[];
}

export interface PublisherOptions {
  /** Attempts per entry, counting the first. */
  maxAttempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** PutEvents takes at most ten entries a call. */
export const MAX_ENTRIES_PER_PUT = 10;

/**
 * Publishes hub events to the bus. PutEvents can accept some entries of a call and refuse
 * others, so every entry's result is checked and only the failed ones are sent again.
 * What still fails is returned, never thrown: the caller's outbox keeps it for later.
 */
export class EventPublisher {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    options: PublisherOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 3;
    // Zero attempts would report nothing as failed and let the caller empty its outbox.
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1)
      throw new RangeError(`maxAttempts must be a whole number of at least 1, not ${this.maxAttempts}`);
    this.baseDelayMs = options.baseDelayMs ?? 50;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async publish(events: HubEvent[]): Promise<PublishResult> {
    const result: PublishResult = { published: [], failed: [] };
    for (let start = 0; start < events.length; start += MAX_ENTRIES_PER_PUT) {
      const batch = await this.publishBatch(events.slice(start, start + MAX_ENTRIES_PER_PUT));
      result.published.push(...batch.published);
      result.failed.push(...batch.failed);
    }
    return result;
  }

  private async publishBatch(events: HubEvent[]): Promise<PublishResult> {
    const published: HubEvent[] = [];
    let pending = events;
    let failures: PublishFailure[] = [];
    for (let attempt = 1; attempt <= this.maxAttempts && pending.length > 0; attempt++) {
      if (attempt > 1) await this.sleep(this.baseDelayMs * 2 ** (attempt - 2) * (0.5 + Math.random() / 2));
      failures = [];
      try {
        const response = await this.client.send(new PutEventsCommand({ Entries: pending.map((event) => this.entry(event)) }));
        const entries = response.Entries ?? [];
        pending.forEach((event, index) => {
          const entry = entries[index];
          if (entry?.EventId && !entry.ErrorCode) published.push(event);
          else
            failures.push({
              event,
              errorCode: entry?.ErrorCode ?? 'MissingEntry',
              errorMessage: entry?.ErrorMessage ?? 'PutEvents answered no entry for this event',
            });
        });
      } catch (error) {
        // The whole call failed (after the SDK's own retries, e.g. throttling): every entry is pending.
        const name = error instanceof Error ? error.name : 'Error';
        const message = error instanceof Error ? error.message : String(error);
        failures = pending.map((event) => ({ event, errorCode: name, errorMessage: message }));
      }
      pending = failures.map((failure) => failure.event);
    }
    return { published, failed: failures };
  }

  private entry(event: HubEvent): PutEventsRequestEntry {
    return {
      EventBusName: this.busName,
      Source: EVENT_SOURCE,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
      Time: new Date(event.detail.occurredAt),
    };
  }
}
