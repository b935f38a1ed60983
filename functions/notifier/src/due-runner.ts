import type { PolledDeliveryQueue } from '@partnership-hub/subscriptions';
import { ATTEMPT_LEASE_MS, type DeliveryWorker } from './delivery-worker.ts';
import type { Logger } from './deps.ts';

/**
 * The local run's scheduler: takes the deliveries that are due from the table and attempts
 * them. A delivery whose attempt throws (the store unreachable, say) is put back for a few
 * seconds later, so nothing claimed is ever dropped. Each is taken with a lease: it stays queued,
 * due again when the attempt's lease runs out, until its attempt is over (as SQS keeps a message
 * until it is deleted), so a process killed mid-attempt leaves it queued and the next start makes
 * the attempt again (the worker skips it there if the attempt had finished).
 */
export function createDueRunner(queue: PolledDeliveryQueue, worker: Pick<DeliveryWorker, 'attempt'>, clock: () => Date, logger: Logger) {
  let running: Promise<number> | undefined;
  let again = false;

  async function drain(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const now = clock();
      const leaseUntil = new Date(now.getTime() + ATTEMPT_LEASE_MS);
      // A delivery queued twice (its change handed to the notifier again) is attempted once a pass:
      // the twin would find it taken and release the lease that the attempt under way relies on.
      const due = [...new Set(await queue.takeDue(now, undefined, leaseUntil))];
      if (due.length === 0) return attempted;
      await Promise.all(
        due.map(async (deliveryId) => {
          try {
            await worker.attempt(deliveryId);
          } catch (error) {
            logger.warn('a delivery attempt failed; it will be tried again', { deliveryId, error: String(error) });
            await queue.enqueue(deliveryId, new Date(clock().getTime() + 5_000));
          }
          // A lease left behind (the store down now) costs only a spare attempt, which finds the delivery done.
          await queue.release(deliveryId, leaseUntil).catch(() => {});
        }),
      );
      attempted += due.length;
    }
  }

  /** Attempts everything due now; overlapping calls share one pass (and trigger one more after it). */
  return async function runDue(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await drain();
      } while (again);
      return total;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
}
