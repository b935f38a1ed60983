import type { PolledDeliveryQueue } from './delivery-queue.ts';
import type { Delivery, IndexEntry, Subscription } from './model.ts';
import { type DeliveryStore, type DigestEntry, SubscriptionChangedError, type SubscriptionStore, type WaitingDigest } from './stores.ts';

/**
 * The stores and the queue in memory, with the same contract as the DynamoDB adapters (the
 * contract tests run against both): for unit tests of the notifier, the worker and the API,
 * which then need no SDK mock. Records are copied in and out, as a database would, so a caller
 * changing an object it read does not change what is stored.
 */
export class InMemorySubscriptionStore implements SubscriptionStore {
  private readonly records = new Map<string, Subscription>();

  async create(subscription: Subscription): Promise<void> {
    if (this.records.has(subscription.id)) throw new Error(`Subscription ${subscription.id} exists already`);
    this.records.set(subscription.id, structuredClone(subscription));
  }

  async get(id: string): Promise<Subscription | undefined> {
    const found = this.records.get(id);
    return found ? structuredClone(found) : undefined;
  }

  async ownerExists(managementTokenHash: string): Promise<boolean> {
    return [...this.records.values()].some((subscription) => subscription.managementTokenHash === managementTokenHash);
  }

  async listByOwner(managementTokenHash: string): Promise<Subscription[]> {
    return [...this.records.values()]
      .filter((subscription) => subscription.managementTokenHash === managementTokenHash)
      .map((subscription) => structuredClone(subscription));
  }

  async replace(previous: Subscription, next: Subscription): Promise<void> {
    const stored = this.records.get(next.id);
    if (!stored || stored.updatedAt !== previous.updatedAt)
      throw new SubscriptionChangedError(`Subscription ${next.id} changed meanwhile.`);
    this.records.set(next.id, structuredClone(next));
  }

  async delete(subscription: Subscription): Promise<void> {
    this.records.delete(subscription.id);
  }

  async candidates(partitions: readonly string[]): Promise<IndexEntry[]> {
    const wanted = new Set(partitions);
    return [...this.records.values()]
      .filter((subscription) => subscription.status === 'active' && subscription.indexKeys.some((key) => wanted.has(key)))
      .map(({ id, areaId, audience, pattern }) => structuredClone({ subscriptionId: id, areaId, audience, pattern }));
  }
}

export class InMemoryDeliveryStore implements DeliveryStore {
  private readonly records = new Map<string, Delivery>();
  /** Per subscription, keyed as the table sorts them: `{occurredAt}#{eventId}`. */
  private readonly digests = new Map<string, Map<string, DigestEntry>>();

  async create(delivery: Delivery): Promise<boolean> {
    if (this.records.has(delivery.id)) return false;
    this.records.set(delivery.id, structuredClone(delivery));
    return true;
  }

  async get(id: string): Promise<Delivery | undefined> {
    const found = this.records.get(id);
    return found ? structuredClone(found) : undefined;
  }

  async save(delivery: Delivery, attemptsBefore: number): Promise<boolean> {
    if (this.records.get(delivery.id)?.attempts !== attemptsBefore) return false;
    this.records.set(delivery.id, structuredClone(delivery));
    return true;
  }

  async addDigestEntry(subscriptionId: string, entry: DigestEntry): Promise<void> {
    const waiting = this.digests.get(subscriptionId) ?? new Map<string, DigestEntry>();
    waiting.set(`${entry.occurredAt}#${entry.eventId}`, structuredClone(entry));
    this.digests.set(subscriptionId, waiting);
  }

  async takeDigests(): Promise<WaitingDigest[]> {
    const taken = [...this.digests.entries()].map(([subscriptionId, waiting]) => ({
      subscriptionId,
      entries: [...waiting.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, entry]) => entry),
    }));
    this.digests.clear();
    return taken.filter((digest) => digest.entries.length > 0);
  }

  /** Every delivery stored, for tests to look at. */
  all(): Delivery[] {
    return [...this.records.values()].map((delivery) => structuredClone(delivery));
  }
}

/** A delivery queue in memory that knows when each delivery is due: a fake clock decides what `takeDue` answers. */
export class InMemoryDeliveryQueue implements PolledDeliveryQueue {
  readonly waiting: { deliveryId: string; dueAt: Date }[] = [];

  /** As in the table, a delivery is queued once for a given time: queueing it again for then changes nothing. */
  async enqueue(deliveryId: string, dueAt: Date): Promise<void> {
    if (this.waiting.some((entry) => entry.deliveryId === deliveryId && entry.dueAt.getTime() === dueAt.getTime())) return;
    this.waiting.push({ deliveryId, dueAt: new Date(dueAt) });
  }

  async takeDue(now: Date, limit = 100, leaseUntil?: Date): Promise<string[]> {
    const due = this.waiting
      .filter((entry) => entry.dueAt.getTime() <= now.getTime())
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())
      .slice(0, limit);
    for (const entry of due) this.waiting.splice(this.waiting.indexOf(entry), 1);
    if (leaseUntil) for (const entry of due) await this.enqueue(entry.deliveryId, leaseUntil);
    return due.map((entry) => entry.deliveryId);
  }

  async release(deliveryId: string, leaseUntil: Date): Promise<void> {
    const at = this.waiting.findIndex((entry) => entry.deliveryId === deliveryId && entry.dueAt.getTime() === leaseUntil.getTime());
    if (at >= 0) this.waiting.splice(at, 1);
  }
}
