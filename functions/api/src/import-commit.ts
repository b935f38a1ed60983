import { type CommandContext, type Decision, VersionConflictError } from '@partnership-hub/domain';
import type { Actor, HubEvent } from '@partnership-hub/events';
import pMap from 'p-map';
import { decideAndCommit } from './commit.ts';
import type { ApiDeps } from './deps.ts';

/** Appends in flight at once: quick, and gentle on the table. */
const WRITE_CONCURRENCY = 8;
/** PutEvents takes 10 entries a call: calls in flight at once. */
const PUBLISH_CONCURRENCY = 4;
const PUT_EVENTS_ENTRIES = 10;

/** One row of an import, decided on the heads read for the whole file. */
export interface DecidedRow<D extends Decision> {
  decision: D;
  /** Decides the row again on its subject's current head (read afresh), for a row whose append lost a race. */
  decideAgain: (context: CommandContext) => Promise<D>;
}

/**
 * Commits an import's decisions: the rows that change something are appended, each with the same
 * conditional write as a PUT (the version decided must still be free), WRITE_CONCURRENCY at a
 * time. A row whose append loses a race (someone changed that subject since the heads were read)
 * is decided again on its current head through decideAndCommit, exactly as a PUT without
 * If-Match would be, so its answer is the outcome that was really recorded.
 *
 * The appended events are then published together, in PutEvents batches, rather than one call per
 * row; as for a PUT, publishing never fails the import: what the bus refused stays in the outbox
 * for the republisher. (This publishing step is the import's copy of what commit.ts does after a
 * single append: when the request path stops publishing, it goes, and the appends stay.)
 */
export async function commitImportRows<D extends Decision>(deps: ApiDeps, actor: Actor, rows: readonly DecidedRow<D>[]): Promise<D[]> {
  const appended: HubEvent[] = [];
  const outcomes = await pMap(
    rows,
    async ({ decision, decideAgain }) => {
      if (!('event' in decision)) return decision;
      try {
        await deps.eventLog.append(decision.event);
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        return decideAndCommit(deps, actor, { kind: 'none' }, decideAgain);
      }
      appended.push(decision.event);
      return decision;
    },
    { concurrency: WRITE_CONCURRENCY },
  );
  await publishAppended(deps, appended);
  return outcomes;
}

/**
 * Publishes in PutEvents batches, PUBLISH_CONCURRENCY at once, and takes each batch's published
 * events out of the outbox as soon as its PutEvents has answered, before the next batch: the
 * outbox marks go in while the consumers of the first events are still starting, instead of queuing
 * behind every consumer's work.
 */
async function publishAppended(deps: ApiDeps, events: HubEvent[]): Promise<void> {
  const batches: HubEvent[][] = [];
  for (let start = 0; start < events.length; start += PUT_EVENTS_ENTRIES) batches.push(events.slice(start, start + PUT_EVENTS_ENTRIES));
  await pMap(
    batches,
    async (batch) => {
      let published: HubEvent[];
      try {
        const { failed } = await deps.publisher.publish(batch);
        if (failed.length > 0)
          deps.logger.warn('import events appended but not yet published; the outbox republisher will send them', {
            eventIds: failed.map((failure) => failure.event.detail.eventId),
            errorCode: failed[0]?.errorCode,
            errorMessage: failed[0]?.errorMessage,
          });
        const refused = new Set(failed.map((failure) => failure.event));
        published = batch.filter((event) => !refused.has(event));
      } catch (error) {
        // The changes are safely in the log; publishing is the outbox's job from here.
        deps.logger.warn('publishing import events after append failed; the outbox republisher will send them', {
          eventIds: batch.map((event) => event.detail.eventId),
          error: String(error),
        });
        return;
      }
      await Promise.all(
        published.map(async (event) => {
          try {
            await deps.eventLog.markPublished(event);
          } catch (error) {
            // Still in the outbox: the republisher sends it again, which consumers take as a duplicate.
            deps.logger.warn('an import event was published but is still in the outbox', {
              eventId: event.detail.eventId,
              error: String(error),
            });
          }
        }),
      );
    },
    { concurrency: PUBLISH_CONCURRENCY },
  );
}
