import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type HubEvent, parse } from '@partnership-hub/events';
import { type EventPublisher, MAX_ENTRIES_PER_PUT } from '@partnership-hub/publisher';
import { type EventLog, eventFromLogItem, LOG_PK_PREFIX } from '@partnership-hub/store';
import * as z from 'zod/mini';

export interface StreamRelayDeps {
  eventLog: Pick<EventLog, 'markPublished'>;
  publisher: EventPublisher;
  logger: { warn(message: string, extra: Record<string, unknown>): void; error(message: string, extra: Record<string, unknown>): void };
}

/** Lambda's partial batch response for a stream: the records to deliver again. */
export interface StreamBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

type Image = Parameters<typeof unmarshall>[0];

/**
 * What the relay reads of a DynamoDB Streams batch (Lambda's DynamoDBStreamEvent; the event source
 * mapping's filter lets through only inserts of event log items). A batch that is not one throws,
 * and the mapping retries it whole, then bisects it, then gives up on it to the on-failure queue.
 */
const StreamBatch = z.object({
  Records: z.array(
    z.object({
      eventName: z.string(),
      dynamodb: z.object({
        SequenceNumber: z.string().check(z.minLength(1)),
        NewImage: z.optional(z.record(z.string(), z.unknown())),
      }),
    }),
  ),
});
type StreamRecord = z.infer<typeof StreamBatch>['Records'][number];

type Relayed = { record: StreamRecord } & ({ event: HubEvent } | { skip: true } | { unreadable: unknown });

/**
 * Relays a batch of the hub table's stream to the bus: each inserted log item is parsed back into
 * its event (the catalogue's parser, as the log reads it), published with every entry checked,
 * and taken out of the outbox once the bus has it.
 *
 * A batch comes from one shard, in the order its items were written, and Lambda checkpoints at
 * the lowest sequence number it is told failed, then delivers everything after it again. So the
 * relay stops at the first record it cannot relay (publishing the rest would only be repeated),
 * and answers that record and every later one: what it answers is exactly what will come again.
 * The records' events stay in the outbox meanwhile, so if the stream gives up on them (bounded
 * retries, then the on-failure queue) the scheduled outbox sweep still sends them.
 *
 * Hand-written rather than Powertools' BatchProcessor: that handles records one at a time and
 * reports each failure independently, while PutEvents takes ten at a time and the stream's
 * checkpoint needs the first failure in order.
 */
export function createStreamRelay(deps: StreamRelayDeps) {
  return async function relayStreamBatch(batch: unknown): Promise<StreamBatchResponse> {
    const relayed = parse(StreamBatch, batch).Records.map((record) => read(record, deps));
    let firstFailure = relayed.findIndex((entry) => 'unreadable' in entry);
    const events = (firstFailure < 0 ? relayed : relayed.slice(0, firstFailure)).flatMap((entry) => ('event' in entry ? [entry] : []));

    for (let start = 0; start < events.length; start += MAX_ENTRIES_PER_PUT) {
      const chunk = events.slice(start, start + MAX_ENTRIES_PER_PUT);
      const { published, failed } = await deps.publisher.publish(chunk.map((entry) => entry.event));
      await markPublished(published, deps);
      if (failed.length === 0) continue;
      const refused = new Set(failed.map((failure) => failure.event.detail.eventId));
      const first = chunk.find((entry) => refused.has(entry.event.detail.eventId))!;
      deps.logger.warn('the bus refused events from the stream; they stay in the outbox and the stream delivers them again', {
        refused: failed.map((failure) => ({ eventId: failure.event.detail.eventId, errorCode: failure.errorCode })),
      });
      const at = relayed.indexOf(first);
      firstFailure = firstFailure < 0 ? at : Math.min(firstFailure, at);
      break;
    }

    if (firstFailure < 0) return { batchItemFailures: [] };
    return { batchItemFailures: relayed.slice(firstFailure).map(({ record }) => ({ itemIdentifier: record.dynamodb.SequenceNumber })) };
  };
}

/** A record's event; or nothing to relay (not an inserted log item); or why it cannot be read. */
function read(record: StreamRecord, deps: StreamRelayDeps): Relayed {
  const image = record.dynamodb.NewImage;
  const pk = (image?.pk as { S?: unknown } | undefined)?.S;
  if (record.eventName !== 'INSERT' || !image || typeof pk !== 'string' || !pk.startsWith(LOG_PK_PREFIX)) return { record, skip: true };
  try {
    return { record, event: eventFromLogItem(unmarshall(image as Image)) };
  } catch (error) {
    // Everything appended was validated first, so this is an item edited by hand or a catalogue
    // change that broke an old event: it keeps failing until the mapping gives it up to its queue.
    deps.logger.error('a log item in the stream is not an event the catalogue accepts', {
      sequenceNumber: record.dynamodb.SequenceNumber,
      pk,
      error: String(error),
    });
    return { record, unreadable: error };
  }
}

/** On the bus: out of the outbox. A failure here costs only a duplicate from the sweep later, so it is logged, not failed. */
async function markPublished(events: HubEvent[], deps: StreamRelayDeps): Promise<void> {
  const results = await Promise.allSettled(events.map((event) => deps.eventLog.markPublished(event)));
  results.forEach((result, index) => {
    if (result.status === 'rejected') {
      deps.logger.warn('an event on the bus could not be taken out of the outbox; the sweep will send it again', {
        eventId: events[index]?.detail.eventId,
        error: String(result.reason),
      });
    }
  });
}
