import type { Delivery, IndexEntry, Subscription } from './model.ts';
import type { ChangeData } from './payload.ts';

/** Someone else changed the subscription between our read and our write. */
export class SubscriptionChangedError extends Error {
  override name = 'SubscriptionChangedError';
}

/**
 * Where subscriptions are kept (DynamoDB in the hub, memory in unit tests). Only ACTIVE
 * subscriptions are in the candidate index, so a pending or disabled one can never match an event.
 */
export interface SubscriptionStore {
  create(subscription: Subscription): Promise<void>;
  get(id: string): Promise<Subscription | undefined>;
  /** Whether any subscription is managed by this token hash. */
  ownerExists(managementTokenHash: string): Promise<boolean>;
  listByOwner(managementTokenHash: string): Promise<Subscription[]>;
  /**
   * Replaces a subscription with its next state, provided nobody changed it since `previous` was
   * read (else SubscriptionChangedError), and moves its index entries: present exactly when `next` is active.
   */
  replace(previous: Subscription, next: Subscription): Promise<void>;
  delete(subscription: Subscription): Promise<void>;
  /** Every index entry under the given partitions (an event's candidates), each subscription once. */
  candidates(partitions: readonly string[]): Promise<IndexEntry[]>;
}

export interface DigestEntry {
  occurredAt: string;
  eventId: string;
  data: ChangeData;
}

export interface WaitingDigest {
  subscriptionId: string;
  /** In the order they happened. */
  entries: DigestEntry[];
}

/** Where deliveries and the daily digests' waiting changes are kept. */
export interface DeliveryStore {
  /** Stores a new delivery; answers false if one with this id exists (a duplicate event). */
  create(delivery: Delivery): Promise<boolean>;
  get(id: string): Promise<Delivery | undefined>;
  /** Records an attempt, provided no other worker recorded one since `attemptsBefore`; answers whether it did. */
  save(delivery: Delivery, attemptsBefore: number): Promise<boolean>;
  addDigestEntry(subscriptionId: string, entry: DigestEntry): Promise<void>;
  /** Takes (removes and answers) every digest waiting; a change added meanwhile waits for the next run. */
  takeDigests(): Promise<WaitingDigest[]>;
}
