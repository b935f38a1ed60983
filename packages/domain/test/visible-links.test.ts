import {
  planPublished,
  planState,
  priorityPublished,
  priorityState,
  workProgrammeItemScheduled,
  workProgrammeItemState,
} from '@partnership-hub/testing';
import { describe, expect, it } from 'vitest';
import { type LinkedSubject, linkedSubjects, type RecordOf, toViewRecord, withVisibleLinks } from '../src/index.ts';

const pcc = 'pcc';
const priority = (id: string, visibility: 'public' | 'partners', supports: { organisationId: string; priorityId: string }[] = []) =>
  toViewRecord(priorityPublished({ organisationId: pcc, id, state: priorityState({ visibility, supports }) })) as RecordOf<'priority'>;

describe('withVisibleLinks', () => {
  const hidden = priority('hidden', 'partners');
  const open = priority('open', 'public');
  const links = [
    { organisationId: pcc, priorityId: 'hidden' },
    { organisationId: pcc, priorityId: 'open' },
    { organisationId: pcc, priorityId: 'never-published' },
  ];

  it('keeps only the links to priorities the public can see', () => {
    const linking = priority('linking', 'public', links);
    const item = toViewRecord(
      workProgrammeItemScheduled({ state: workProgrammeItemState({ priorities: links }) }),
    ) as RecordOf<'work-programme-item'>;

    const [shownPriority] = withVisibleLinks([linking], 'public', [hidden, open, linking]);
    const [shownItem] = withVisibleLinks([item], 'public', [hidden, open, linking]);

    expect(shownPriority!.state.supports).toEqual([{ organisationId: pcc, priorityId: 'open' }]);
    expect(shownItem!.state.priorities).toEqual([{ organisationId: pcc, priorityId: 'open' }]);
  });

  it('leaves partners every link, and the records given unchanged', () => {
    const linking = priority('linking', 'public', links);

    expect(withVisibleLinks([linking], 'partners', [hidden, open])[0]!.state.supports).toEqual(links);
    withVisibleLinks([linking], 'public', [hidden, open]);
    expect(linking.state.supports).toEqual(links);
  });
});

describe('withVisibleLinks: plans', () => {
  const plan = (id: string, visibility: 'public' | 'partners', supersedes?: string) =>
    toViewRecord(planPublished({ organisationId: pcc, id, state: planState({ visibility, supersedes }) })) as RecordOf<'plan'>;
  const inPlan = (planId: string) =>
    toViewRecord(priorityPublished({ organisationId: pcc, id: `in-${planId}`, state: priorityState({ planId }) })) as RecordOf<'priority'>;

  it("keeps a priority's plan and a plan's predecessor only where the public can see that plan", () => {
    const secret = plan('secret-plan', 'partners');
    const open = plan('open-plan', 'public', 'secret-plan');
    const later = plan('later-plan', 'public', 'open-plan');
    const linkable = [secret, open, later];

    const [inSecret, inOpen] = withVisibleLinks([inPlan('secret-plan'), inPlan('open-plan')], 'public', linkable);
    const [shownOpen, shownLater] = withVisibleLinks([open, later], 'public', linkable);

    expect(inSecret!.state).not.toHaveProperty('planId');
    expect(inOpen!.state.planId).toBe('open-plan');
    expect(shownOpen!.state).not.toHaveProperty('supersedes');
    expect(shownLater!.state.supersedes).toBe('open-plan');
    expect(withVisibleLinks([inPlan('secret-plan')], 'partners', linkable)[0]!.state.planId).toBe('secret-plan');
  });

  it("hides a plan of the same id that belongs to another body: a priority's plan is its own body's", () => {
    const othersPlan = toViewRecord(planPublished({ organisationId: 'csp', id: 'shared-id', state: planState() })) as RecordOf<'plan'>;

    expect(withVisibleLinks([inPlan('shared-id')], 'public', [othersPlan])[0]!.state).not.toHaveProperty('planId');
  });
});

describe('linkedSubjects', () => {
  const links = [
    { organisationId: pcc, priorityId: 'a' },
    { organisationId: 'csp', priorityId: 'b' },
    { organisationId: pcc, priorityId: 'a' },
  ];

  it("names each priority, plan and work programme item a state links to, once, plans and items as the owner's", () => {
    const state = { supports: links, priorities: [{ organisationId: pcc, priorityId: 'c' }], planId: 'plan-1', supersedes: 'plan-0' };

    expect(linkedSubjects(state, 'owner')).toEqual([
      { subjectType: 'priority', organisationId: pcc, id: 'a' },
      { subjectType: 'priority', organisationId: 'csp', id: 'b' },
      { subjectType: 'priority', organisationId: pcc, id: 'c' },
      { subjectType: 'plan', organisationId: 'owner', id: 'plan-1' },
      { subjectType: 'plan', organisationId: 'owner', id: 'plan-0' },
    ]);
    const agenda = [
      { number: '1', title: 'Open', workProgrammeItemId: 'wp-open' },
      { number: '2', title: 'Closed', restricted: true, workProgrammeItemId: 'wp-restricted' },
    ];
    expect(linkedSubjects({ agenda }, 'owner')).toEqual([{ subjectType: 'work-programme-item', organisationId: 'owner', id: 'wp-open' }]);
    expect(linkedSubjects({ title: 'No links' }, 'owner')).toEqual([]);
  });

  it('is every subject the public filter looks at: given those alone, all public, no link is hidden', () => {
    const linking = toViewRecord(
      priorityPublished({ organisationId: pcc, id: 'linking', state: priorityState({ supports: links.slice(0, 2), planId: 'plan-1' }) }),
    ) as RecordOf<'priority'>;
    const item = toViewRecord(
      workProgrammeItemScheduled({ organisationId: pcc, state: workProgrammeItemState({ priorities: links.slice(0, 2) }) }),
    ) as RecordOf<'work-programme-item'>;
    const publicRecord = ({ subjectType, organisationId, id }: LinkedSubject) =>
      subjectType === 'plan'
        ? (toViewRecord(planPublished({ organisationId, id, state: planState({ visibility: 'public' }) })) as RecordOf<'plan'>)
        : (toViewRecord(priorityPublished({ organisationId, id, state: priorityState({ visibility: 'public' }) })) as RecordOf<'priority'>);

    for (const record of [linking, item]) {
      const linked = linkedSubjects(record.state, record.organisationId).map(publicRecord);
      expect(withVisibleLinks([record], 'public', linked)[0]).toEqual(record);
      expect(withVisibleLinks([record], 'public', [])[0]).not.toEqual(record);
    }
  });
});
