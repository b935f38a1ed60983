import { describe, expect, it } from 'vitest';
import { InMemoryDeliveryQueue, InMemoryDeliveryStore, InMemorySubscriptionStore } from '../src/index.ts';
import { describeDeliveryStoreContract, describeSubscriptionStoreContract } from './contract/stores.contract.ts';

describeSubscriptionStoreContract('InMemorySubscriptionStore', async () => new InMemorySubscriptionStore());
describeDeliveryStoreContract('InMemoryDeliveryStore', async () => new InMemoryDeliveryStore());

describe('InMemorySubscriptionStore', () => {
  it('keeps its own copy: changing an object read from it changes nothing stored', async () => {
    const store = new InMemorySubscriptionStore();
    const stored = {
      id: 'sub_AAAAAAAAAAAAAAAA',
      areaId: 'south-yorkshire',
      audience: 'public' as const,
      createdBy: null,
      filter: {},
      pattern: {},
      indexKeys: ['SUBS#south-yorkshire#ALL'],
      endpoint: { kind: 'webhook' as const, url: 'https://hooks.example.org/' },
      status: 'active' as const,
      managementTokenHash: 'f'.repeat(64),
      createdAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-01T10:00:00.000Z',
    };
    await store.create(stored);
    const read = await store.get(stored.id);
    read!.status = 'disabled';
    read!.indexKeys.push('SUBS#elsewhere#ALL');
    expect(await store.get(stored.id)).toEqual(stored);
  });
});

describe('InMemoryDeliveryQueue', () => {
  it('hands over what is due by the given time, earliest first, each once', async () => {
    const queue = new InMemoryDeliveryQueue();
    await queue.enqueue('later', new Date('2026-03-01T10:05:00.000Z'));
    await queue.enqueue('second', new Date('2026-03-01T10:00:01.000Z'));
    await queue.enqueue('first', new Date('2026-03-01T10:00:00.000Z'));
    expect(await queue.takeDue(new Date('2026-03-01T10:01:00.000Z'))).toEqual(['first', 'second']);
    expect(await queue.takeDue(new Date('2026-03-01T10:01:00.000Z'))).toEqual([]);
    expect(queue.waiting.map((entry) => entry.deliveryId)).toEqual(['later']);
  });
});
