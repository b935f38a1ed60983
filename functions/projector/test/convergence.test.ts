import { buildJointView } from '@partnership-hub/domain';
import type { HubEvent } from '@partnership-hub/events';
import { InMemoryViewStore } from '@partnership-hub/store';
import { AREA, delivery, deliveryTally, historyAndDeliveries } from '@partnership-hub/testing';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createProjector } from '../src/projector.ts';

/**
 * Convergence: EventBridge delivers at least once and in no particular order, so whatever order a
 * history of events arrives in, and however many times each event arrives, the projector must end
 * with the same views (records and both joint views) as an in-order delivery, and those joint
 * views, folded change by change, must be what the area's records in full make. The change feed's
 * counterpart is functions/change-feed/test/convergence.test.ts, on the same generated histories.
 */

const NUM_RUNS = 200;
const NOW = new Date('2026-01-01T09:00:00.000Z');
const TODAY = '2026-01-01';
const tally = deliveryTally();

afterAll(() => {
  console.log(tally.report('projector convergence'));
});

async function projected(events: HubEvent[], order: number[], concurrently: boolean) {
  const views = new InMemoryViewStore();
  const project = createProjector({ views, clock: () => NOW });
  const deliveries = order.map((index) => delivery(events[index]!));
  if (concurrently) await Promise.all(deliveries.map((each) => project(each)));
  else for (const each of deliveries) await project(each);
  const records = (await views.list(AREA)).map((record) => JSON.stringify(record)).sort();
  const joint = async (audience: 'public' | 'partners') => JSON.parse((await views.jointView(AREA, audience))?.body ?? 'null');
  // What the joint views would be if built from every record in full, rather than folded change by change.
  const full = await views.list(AREA);
  const fromRecords = (audience: 'public' | 'partners') => JSON.parse(JSON.stringify(buildJointView(AREA, full, audience, TODAY)));
  return {
    records,
    publicJoint: await joint('public'),
    partnersJoint: await joint('partners'),
    fromRecords: { publicJoint: fromRecords('public'), partnersJoint: fromRecords('partners') },
  };
}

describe('the projector converges', () => {
  for (const concurrently of [false, true]) {
    it(`to the in-order views whatever the order and duplicates of delivery (${concurrently ? 'concurrent' : 'one at a time'})`, async () => {
      await fc.assert(
        fc.asyncProperty(historyAndDeliveries, async ({ events, order }) => {
          tally.count(events, order);
          const inOrder = await projected(events, [...events.keys()], false);
          const shuffled = await projected(events, order, concurrently);
          expect(inOrder.publicJoint).not.toBeNull();
          expect(shuffled).toEqual(inOrder);
          // Folding changes one by one makes the views that every record, read in full, makes.
          expect({ publicJoint: shuffled.publicJoint, partnersJoint: shuffled.partnersJoint }).toEqual(shuffled.fromRecords);
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }
});
