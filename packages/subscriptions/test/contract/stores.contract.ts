import { describe, expect, it } from 'vitest';
import { type Delivery, type DeliveryStore, type Subscription, SubscriptionChangedError, type SubscriptionStore } from '../../src/index.ts';

/**
 * What every subscription store and delivery store does, whatever keeps it: run against the
 * DynamoDB adapters (on dynalite) and the in-memory ones, so a unit test on the in-memory stores
 * says something true of the hub.
 */

const AREA = 'south-yorkshire';
let made = 0;

function pending(overrides: Partial<Subscription> = {}): Subscription {
  const id = `sub_${String(++made).padStart(16, '0')}`;
  return {
    id,
    areaId: AREA,
    audience: 'public',
    createdBy: null,
    filter: { themes: ['burglary'] },
    pattern: { detail: { data: { themes: ['burglary'] } } },
    indexKeys: [`SUBS#${AREA}#THEME#burglary`, `SUBS#${AREA}#ALL`],
    endpoint: { kind: 'webhook', url: 'https://hooks.example.org/' },
    status: 'pending-verification',
    managementTokenHash: `${'e'.repeat(60)}${String(made).padStart(4, '0')}`,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    ...overrides,
  };
}
const activated = (subscription: Subscription): Subscription => ({
  ...subscription,
  status: 'active',
  updatedAt: '2026-03-01T10:01:00.000Z',
});

export function describeSubscriptionStoreContract(name: string, open: () => Promise<SubscriptionStore>): void {
  describe(`${name}: the subscription store contract`, () => {
    it('answers a subscription as it was stored, and nothing for an unknown id', async () => {
      const store = await open();
      const subscription = pending({ ownerEmail: 'owner@example.org' });
      await store.create(subscription);
      expect(await store.get(subscription.id)).toEqual(subscription);
      expect(await store.get('sub_nobody0000000000')).toBeUndefined();
    });

    it('offers only active subscriptions as candidates, under each of their keys, each once', async () => {
      const store = await open();
      const subscription = pending();
      await store.create(subscription);
      expect(await store.candidates(subscription.indexKeys)).toEqual([]);

      const active = activated(subscription);
      await store.replace(subscription, active);

      expect(await store.candidates(subscription.indexKeys)).toEqual([
        { subscriptionId: subscription.id, areaId: AREA, audience: 'public', pattern: subscription.pattern },
      ]);
      expect(await store.candidates([`SUBS#${AREA}#THEME#road-safety`])).toEqual([]);

      await store.replace(active, { ...active, status: 'disabled', updatedAt: '2026-03-01T11:00:00.000Z' });
      expect(await store.candidates(subscription.indexKeys)).toEqual([]);
    });

    it('moves the candidate entries with a changed filter', async () => {
      const store = await open();
      const subscription = activated(pending());
      await store.create(subscription);
      const refiltered = { ...subscription, indexKeys: [`SUBS#${AREA}#THEME#road-safety`], updatedAt: '2026-03-01T12:00:00.000Z' };
      await store.replace(subscription, refiltered);
      expect(await store.candidates([`SUBS#${AREA}#THEME#burglary`])).toEqual([]);
      expect((await store.candidates([`SUBS#${AREA}#THEME#road-safety`])).map((entry) => entry.subscriptionId)).toEqual([subscription.id]);
    });

    it('refuses to overwrite a change made since the subscription was read, leaving the newer one', async () => {
      const store = await open();
      const subscription = pending();
      await store.create(subscription);
      const newer = activated(subscription);
      await store.replace(subscription, newer);

      await expect(
        store.replace(subscription, { ...subscription, filter: {}, updatedAt: '2026-03-01T10:02:00.000Z' }),
      ).rejects.toBeInstanceOf(SubscriptionChangedError);
      expect(await store.get(subscription.id)).toEqual(newer);
      expect((await store.candidates(newer.indexKeys)).map((entry) => entry.subscriptionId)).toEqual([subscription.id]);
    });

    it('lists the subscriptions one management token manages, and forgets a deleted one everywhere', async () => {
      const store = await open();
      const first = activated(pending());
      const second = pending({ managementTokenHash: first.managementTokenHash });
      const someoneElses = pending();
      for (const subscription of [first, second, someoneElses]) await store.create(subscription);

      expect((await store.listByOwner(first.managementTokenHash)).map((subscription) => subscription.id).sort()).toEqual(
        [first.id, second.id].sort(),
      );
      expect(await store.ownerExists(first.managementTokenHash)).toBe(true);

      await store.delete(first);
      expect(await store.get(first.id)).toBeUndefined();
      expect(await store.candidates(first.indexKeys)).toEqual([]);
      expect((await store.listByOwner(first.managementTokenHash)).map((subscription) => subscription.id)).toEqual([second.id]);
      await store.delete(second);
      expect(await store.ownerExists(first.managementTokenHash)).toBe(false);
    });

    it('deletes a subscription changed since it was read, with the candidate entries of its newer state', async () => {
      const store = await open();
      const read = activated(pending());
      await store.create(read);
      const refiltered = { ...read, indexKeys: [`SUBS#${AREA}#THEME#road-safety`], updatedAt: '2026-03-01T12:00:00.000Z' };
      await store.replace(read, refiltered);

      await store.delete(read);

      expect(await store.get(read.id)).toBeUndefined();
      expect(await store.candidates([...read.indexKeys, ...refiltered.indexKeys])).toEqual([]);
      expect(await store.ownerExists(read.managementTokenHash)).toBe(false);
      await expect(store.delete(read)).resolves.toBeUndefined();
    });
  });
}

let deliveries = 0;
function delivery(overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: `msg_contract_${++deliveries}`,
    subscriptionId: 'sub_0000000000000001',
    purpose: 'change',
    status: 'pending',
    payload: { type: 'priority.published', timestamp: '2026-03-01T10:00:00.000Z', data: { title: 'A priority' } },
    attempts: 0,
    createdAt: '2026-03-01T10:00:00.000Z',
    nextAttemptAt: '2026-03-01T10:00:00.000Z',
    ...overrides,
  };
}

export function describeDeliveryStoreContract(name: string, open: () => Promise<DeliveryStore>): void {
  describe(`${name}: the delivery store contract`, () => {
    it('stores a delivery once: the same id again is a duplicate, answered false', async () => {
      const store = await open();
      const first = delivery();
      expect(await store.create(first)).toBe(true);
      expect(await store.create({ ...first, payload: { ...first.payload, data: {} } })).toBe(false);
      expect(await store.get(first.id)).toEqual(first);
      expect(await store.get('msg_nothing')).toBeUndefined();
    });

    it('records an attempt only if no other worker recorded one first', async () => {
      const store = await open();
      const stored = delivery();
      await store.create(stored);
      expect(await store.save({ ...stored, attempts: 1, nextAttemptAt: '2026-03-01T10:00:05.000Z' }, 0)).toBe(true);
      expect(await store.save({ ...stored, attempts: 1, status: 'delivered' }, 0)).toBe(false);
      expect(await store.get(stored.id)).toMatchObject({ attempts: 1, status: 'pending', nextAttemptAt: '2026-03-01T10:00:05.000Z' });
    });

    it('hands each waiting digest over once, its changes in the order they happened', async () => {
      const store = await open();
      const data = (title: string) => ({ subject: { title } }) as never;
      await store.addDigestEntry('sub_digest_one', { occurredAt: '2026-03-01T12:00:00.000Z', eventId: '02', data: data('later') });
      await store.addDigestEntry('sub_digest_one', { occurredAt: '2026-03-01T09:00:00.000Z', eventId: '01', data: data('earlier') });
      await store.addDigestEntry('sub_digest_two', { occurredAt: '2026-03-01T10:00:00.000Z', eventId: '03', data: data('other') });

      const taken = await store.takeDigests();

      expect(taken.map((digest) => digest.subscriptionId).sort()).toEqual(['sub_digest_one', 'sub_digest_two']);
      expect(taken.find((digest) => digest.subscriptionId === 'sub_digest_one')?.entries.map((entry) => entry.eventId)).toEqual([
        '01',
        '02',
      ]);
      expect(await store.takeDigests()).toEqual([]);
    });

    it('keeps a change added to a digest twice (a redelivered event) once', async () => {
      const store = await open();
      const entry = { occurredAt: '2026-03-01T12:00:00.000Z', eventId: '07', data: { subject: { title: 'once' } } as never };
      await store.addDigestEntry('sub_digest_twice', entry);
      await store.addDigestEntry('sub_digest_twice', entry);

      expect(await store.takeDigests()).toEqual([{ subscriptionId: 'sub_digest_twice', entries: [entry] }]);
    });
  });
}
