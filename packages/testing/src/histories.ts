import type { HubEvent } from '@partnership-hub/events';
import fc from 'fast-check';
import {
  areaRegistered,
  CSP,
  organisationRegistered,
  PANEL,
  planPublished,
  planRevised,
  planWithdrawn,
  priorityPublished,
  priorityRevised,
  priorityWithdrawn,
  protocolAgreed,
  protocolVersionProposed,
  workProgrammeItemRevised,
  workProgrammeItemScheduled,
  workProgrammeItemWithdrawn,
} from './events.ts';

/**
 * Generated histories of one area, for convergence properties: several bodies' plans, priorities
 * and items published, revised, withdrawn and published again with changing visibility, and maybe a
 * protocol; each with an order to deliver it in (every event at least once, some again, shuffled),
 * as EventBridge may.
 */

type Step = { kind: 'revise' | 'withdraw'; visibility: 'public' | 'partners' } | { kind: 'republish'; visibility: 'public' | 'partners' };
type ContentKind = 'priority' | 'work-programme-item' | 'plan';

interface SubjectPlan {
  kind: ContentKind;
  organisationId: string;
  firstVisibility: 'public' | 'partners';
  steps: { action: 'change' | 'withdraw-or-return'; visibility: 'public' | 'partners' }[];
}

const visibility = fc.constantFrom<'public' | 'partners'>('public', 'partners');

const subjectPlan: fc.Arbitrary<SubjectPlan> = fc.record({
  kind: fc.constantFrom<ContentKind>('priority', 'work-programme-item', 'plan'),
  organisationId: fc.constantFrom(CSP, PANEL),
  firstVisibility: visibility,
  steps: fc.array(fc.record({ action: fc.constantFrom<'change' | 'withdraw-or-return'>('change', 'withdraw-or-return'), visibility }), {
    maxLength: 5,
  }),
});

type HistoryPlan = { subjects: SubjectPlan[]; protocol: 'none' | 'drafted' | 'agreed'; protocolVisibility: 'public' | 'partners' };

const historyPlan: fc.Arbitrary<HistoryPlan> = fc.record({
  subjects: fc.array(subjectPlan, { minLength: 1, maxLength: 5 }),
  protocol: fc.constantFrom<'none' | 'drafted' | 'agreed'>('none', 'drafted', 'agreed'),
  protocolVisibility: visibility,
});

const BUILDERS = {
  priority: { published: priorityPublished, revised: priorityRevised, withdrawn: priorityWithdrawn },
  'work-programme-item': {
    published: workProgrammeItemScheduled,
    revised: workProgrammeItemRevised,
    withdrawn: workProgrammeItemWithdrawn,
  },
  plan: { published: planPublished, revised: planRevised, withdrawn: planWithdrawn },
};

/**
 * What changes from version to version besides the title, so that what is in force changes too:
 * a plan's dates (ended long ago, or open) and the plan it supersedes (the first subject, when that
 * is a plan of the same body); a priority sits in that first subject's plan, when there is one.
 */
function datesAt(kind: ContentKind, index: number, version: number): Record<string, unknown> {
  if (kind === 'plan')
    return {
      startDate: index === 0 ? '2020-04-01' : '2021-04-01',
      ...(version % 2 === 1 ? {} : { endDate: '2021-03-31' }),
      ...(index === 0 ? {} : { supersedes: 's0' }),
    };
  return kind === 'priority' ? { planId: 's0' } : {};
}

/**
 * The events one subject's plan makes, in its stream's order: published, then each step revises it
 * (while live) or withdraws it (while live) or publishes it again (while withdrawn). Every version
 * has its own title, so no revision is one the domain would answer as unchanged.
 */
function subjectEvents(plan: SubjectPlan, index: number): HubEvent[] {
  const id = `s${index}`;
  const builders = BUILDERS[plan.kind];
  type State = Record<string, unknown>;
  const stateAt = (version: number, visibility: 'public' | 'partners'): State => ({
    title: `${id} version ${version}`,
    visibility,
    ...datesAt(plan.kind, index, version),
  });
  const subject = { organisationId: plan.organisationId, id };
  let state = stateAt(1, plan.firstVisibility);
  let live = true;
  const events: HubEvent[] = [builders.published({ ...subject, state } as never)];
  for (const [offset, step] of plan.steps.entries()) {
    const version = offset + 2;
    const steps: Step =
      step.action === 'change' && live
        ? { kind: 'revise', visibility: step.visibility }
        : live
          ? { kind: 'withdraw', visibility: step.visibility }
          : { kind: 'republish', visibility: step.visibility };
    if (steps.kind === 'withdraw') {
      events.push(builders.withdrawn({ ...subject, version, state } as never));
      live = false;
      continue;
    }
    const next = stateAt(version, steps.visibility);
    events.push(
      steps.kind === 'revise'
        ? builders.revised({ ...subject, version, before: state, state: next } as never)
        : builders.published({ ...subject, version, state: next } as never),
    );
    state = next;
    live = true;
  }
  return events;
}

function historyOf(plan: HistoryPlan): HubEvent[] {
  const events: HubEvent[] = [
    areaRegistered(),
    organisationRegistered(),
    organisationRegistered({ organisationId: PANEL, name: 'South Yorkshire Police and Crime Panel', kind: 'panel' }),
  ];
  plan.subjects.forEach((subject, index) => {
    events.push(...subjectEvents(subject, index));
  });
  const draft = { visibility: plan.protocolVisibility };
  if (plan.protocol !== 'none') events.push(protocolVersionProposed({ draft }));
  if (plan.protocol === 'agreed') events.push(protocolAgreed({ draft }));
  return events;
}

/** A history, and an order to deliver it in: every event at least once, some again, all shuffled. */
export const historyAndDeliveries = historyPlan.chain((plan) => {
  const events = historyOf(plan);
  return fc
    .array(fc.nat({ max: events.length - 1 }), { maxLength: events.length })
    .chain((again) => {
      const all = [...events.keys(), ...again];
      return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
    })
    .map((order) => ({ events, order }));
});

/** Counts what a property tried, for its report: histories, events, deliveries, the largest history. */
export function deliveryTally() {
  const tried = { histories: 0, events: 0, deliveries: 0, largestHistory: 0 };
  return {
    count(events: HubEvent[], order: number[]) {
      tried.histories += 1;
      tried.events += events.length;
      tried.deliveries += order.length;
      tried.largestHistory = Math.max(tried.largestHistory, events.length);
    },
    report: (what: string) =>
      `${what}: ${tried.histories} histories, ${tried.events} events, ${tried.deliveries} deliveries (largest history ${tried.largestHistory} events)`,
  };
}
