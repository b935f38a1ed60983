import { southYorkshire, southYorkshireVariations } from '@partnership-hub/seed';
import { describe, expect, it } from 'vitest';
import { loadSeedArea, loadSeedVariations } from '../src/local/seed-loader.ts';
import { seedApp } from './support/seed-app.ts';

/**
 * The 2014 plan refresh through the hub's own API, over in-memory stores: the steps the seed
 * documents record are accepted in order with their dates and sources, nothing more is seeded,
 * and a second load adds nothing.
 */
describe("South Yorkshire's seeded plan variation", () => {
  it('loads the 2014 refresh sent to the panel with its 7 May 2014 deadline, once', async () => {
    const { adminKey, deps, fetch } = seedApp();
    const keys = await loadSeedArea(fetch, adminKey, { ...southYorkshire, priorities: [], workProgramme: [], protocols: [] });

    // loadSeedArea loaded the variation last; loading it again adds nothing, and another area gets none.
    expect([await loadSeedVariations(fetch, keys, southYorkshire.id), await loadSeedVariations(fetch, keys, 'elsewhere')]).toEqual([0, 0]);
    const [seeded] = southYorkshireVariations.variations;
    const list = (await (
      await fetch(`/v1/areas/${southYorkshire.id}/organisations/${seeded!.organisationId}/plans/${seeded!.planId}/variations`)
    ).json()) as {
      variations: {
        title: string;
        startedOn: string;
        steps: { step: string; on: string; responseDueDate?: string }[];
        nextStep: unknown;
      }[];
    };
    expect(list.variations).toHaveLength(1);
    const [variation] = list.variations;
    expect(variation!.startedOn).toBe('2014-04-01');
    expect(variation!.steps.map((step) => [step.step, step.on, step.responseDueDate])).toEqual([
      ['chief-constable-consulted', '2014-04-01', undefined],
      ['sent-to-panel', '2014-05-02', '2014-05-06'],
    ]);
    // No document records the panel's report or the publication: the deadline has long passed, so publishing is what is due.
    expect(variation!.nextStep).toEqual({ step: 'published', by: seeded!.organisationId, deadline: '2014-05-06', deadlinePassed: true });
    const events = await deps.eventLog.stream({
      areaId: southYorkshire.id,
      subjectType: 'plan-variation',
      organisationId: seeded!.organisationId,
      id: 'variation-1',
    });
    expect(events.at(-1)!.detail.change?.source?.document).toContain('before 07 May 2014');
  });
});
