import type { PlanState } from '@partnership-hub/events';
import { describe, expect, it } from 'vitest';
import { supersessionProblems } from '../src/index.ts';

type Dates = Pick<PlanState, 'startDate' | 'supersedes'>;

/** One body's live plans, as the event log would answer them by id. */
const plansOf = (plans: Record<string, Dates>) => {
  const reads: string[] = [];
  return {
    reads,
    read: async (id: string) => {
      reads.push(id);
      return plans[id];
    },
  };
};

describe('supersessionProblems: the plan a plan supersedes', () => {
  const body = plansOf({
    'plan-2013': { startDate: '2013-04-01' },
    'plan-2016': { startDate: '2016-03-01', supersedes: 'plan-2013' },
  });

  it('finds nothing wrong with an earlier plan of the body, or with superseding none', async () => {
    expect(await supersessionProblems('plan-2022', { startDate: '2022-02-04', supersedes: 'plan-2016' }, body.read)).toEqual([]);
    expect(await supersessionProblems('plan-2022', { startDate: '2022-02-04' }, body.read)).toEqual([]);
  });

  it('refuses a plan that does not exist (or was withdrawn), naming it', async () => {
    expect(await supersessionProblems('plan-2022', { startDate: '2022-02-04', supersedes: 'plan-1999' }, body.read)).toEqual([
      { field: 'supersedes', detail: 'is not a plan of this body: publish plan-1999 first, or correct the id' },
    ]);
  });

  it('refuses the plan itself', async () => {
    const [problem] = await supersessionProblems('plan-2016', { startDate: '2016-03-01', supersedes: 'plan-2016' }, body.read);

    expect(problem).toEqual({ field: 'supersedes', detail: expect.stringContaining('names this plan itself') });
  });

  it('refuses a plan that does not start before this one', async () => {
    const [problem] = await supersessionProblems('plan-2015', { startDate: '2015-01-01', supersedes: 'plan-2016' }, body.read);

    expect(problem?.detail).toBe("must name an earlier plan: plan-2016 starts on 2016-03-01, not before this plan's start (2015-01-01)");
  });

  it('refuses a cycle: a revision that would make this plan supersede, through others, a plan that supersedes it', async () => {
    // plan-2013 revised to start later and to supersede plan-2016, which supersedes plan-2013.
    const [problem] = await supersessionProblems('plan-2013', { startDate: '2017-01-01', supersedes: 'plan-2016' }, body.read);

    expect(problem).toEqual({
      field: 'supersedes',
      detail: 'would make a cycle: plan-2013 → plan-2016 → plan-2013, each superseding the next',
    });
  });

  it('stops following a chain that loops without this plan in it', async () => {
    const looping = plansOf({ a: { startDate: '2010-01-01', supersedes: 'b' }, b: { startDate: '2011-01-01', supersedes: 'a' } });

    expect(await supersessionProblems('c', { startDate: '2020-01-01', supersedes: 'a' }, looping.read)).toEqual([]);
    expect(looping.reads).toEqual(['a', 'b']);
  });
});
