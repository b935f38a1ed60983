import { type Delivery, newDeliveryId } from '@partnership-hub/subscriptions';
import type { NotifierDeps } from './deps.ts';

/**
 * The daily digest: run once a day (an EventBridge schedule in AWS, a timer locally), it takes
 * every change collected for daily-digest subscriptions and queues one email per subscription.
 */
export function createDigestRun(deps: Pick<NotifierDeps, 'subscriptions' | 'deliveries' | 'queue' | 'clock' | 'logger'>) {
  return async function runDigest(): Promise<{ digests: number }> {
    const now = deps.clock();
    let digests = 0;
    for (const { subscriptionId, entries } of await deps.deliveries.takeDigests()) {
      const subscription = await deps.subscriptions.get(subscriptionId);
      if (subscription?.status !== 'active' || subscription.endpoint.kind !== 'email') continue;
      const changes = [...entries].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt)).map((entry) => entry.data);
      const delivery: Delivery = {
        id: newDeliveryId(),
        subscriptionId,
        purpose: 'digest',
        status: 'pending',
        payload: { type: 'subscription.digest', timestamp: now.toISOString(), data: { day: now.toISOString().slice(0, 10), changes } },
        attempts: 0,
        createdAt: now.toISOString(),
        nextAttemptAt: now.toISOString(),
      };
      await deps.deliveries.create(delivery);
      await deps.queue.enqueue(delivery.id, now);
      digests++;
    }
    deps.logger.info('daily digest run', { digests });
    return { digests };
  };
}
