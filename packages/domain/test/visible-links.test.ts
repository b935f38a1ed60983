import { priorityPublished, priorityState, workProgrammeItemScheduled, workProgrammeItemState } from '@partnership-hub/testing';
import { describe, expect, it } from 'vitest';
import { type RecordOf, toViewRecord, withVisibleLinks } from '../src/index.ts';

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
