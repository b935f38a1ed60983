import type { HubEvent, PriorityState, WorkProgrammeItemState } from '@partnership-hub/events';
import { InMemoryChangeFeed, InMemoryEventLog } from '@partnership-hub/store';
import {
  AREA,
  areaRegistered,
  CSP,
  delivery,
  organisationRegistered,
  PANEL,
  priorityPublished,
  priorityRevised,
  priorityWithdrawn,
  protocolAgreed,
  protocolVersionProposed,
  workProgrammeItemRevised,
  workProgrammeItemScheduled,
  workProgrammeItemWithdrawn,
} from '@partnership-hub/testing';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createChangeFeedAppender } from '../src/change-feed.ts';

/**
 * Convergence: EventBridge delivers at least once and in no particular order, so whatever order a
 * history of events arrives in, and however many times each event arrives, the change feed must hold
 * every event exactly once, gap-free, each shown to the public as in-order delivery shows it. The
 * histories are made as in functions/projector/test/convergence.test.ts (fast-check is a root
 * devDependency; a shared generator would need it declared by @partnership-hub/testing).
 */

type Step = { kind: 'revise' | 'withdraw'; visibility: 'public' | 'partners' } | { kind: 'republish'; visibility: 'public' | 'partners' };
type ContentKind = 'priority' | 'work-programme-item';

interface SubjectPlan {
  kind: ContentKind;
  organisationId: string;
  firstVisibility: 'public' | 'partners';
  steps: { action: 'change' | 'withdraw-or-return'; visibility: 'public' | 'partners' }[];
}

const visibility = fc.constantFrom<'public' | 'partners'>('public', 'partners');

const subjectPlan: fc.Arbitrary<SubjectPlan> = fc.record({
  kind: fc.constantFrom<ContentKind>('priority', 'work-programme-item'),
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

/**
 * The events one subject's plan makes, in its stream's order: published, then each step revises it
 * (while live) or withdraws it (while live) or publishes it again (while withdrawn). Every version
 * has its own title, so no revision is one the domain would answer as unchanged.
 */
function subjectEvents(plan: SubjectPlan, index: number): HubEvent[] {
  const id = `s${index}`;
  const builders =
    plan.kind === 'priority'
      ? { published: priorityPublished, revised: priorityRevised, withdrawn: priorityWithdrawn }
      : { published: workProgrammeItemScheduled, revised: workProgrammeItemRevised, withdrawn: workProgrammeItemWithdrawn };
  type State = Partial<PriorityState & WorkProgrammeItemState>;
  const stateAt = (version: number, visibility: 'public' | 'partners'): State => ({ title: `${id} version ${version}`, visibility });
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
const historyAndDeliveries = historyPlan.chain((plan) => {
  const events = historyOf(plan);
  return fc
    .array(fc.nat({ max: events.length - 1 }), { maxLength: events.length })
    .chain((again) => {
      const all = [...events.keys(), ...again];
      return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
    })
    .map((order) => ({ events, order }));
});

const tried = { histories: 0, events: 0, deliveries: 0, largestHistory: 0 };
const NUM_RUNS = 200;

function count(events: HubEvent[], order: number[]) {
  tried.histories += 1;
  tried.events += events.length;
  tried.deliveries += order.length;
  tried.largestHistory = Math.max(tried.largestHistory, events.length);
}

afterAll(() => {
  console.log(
    `change feed convergence: ${tried.histories} histories, ${tried.events} events, ${tried.deliveries} deliveries (largest history ${tried.largestHistory} events)`,
  );
});

async function appended(events: HubEvent[], order: number[], concurrently: boolean) {
  const feed = new InMemoryChangeFeed();
  const eventLog = new InMemoryEventLog();
  // The log holds every event before any is published (the outbox publishes what the log has).
  for (const event of events) await eventLog.append(event);
  const append = createChangeFeedAppender({ feed, eventLog });
  const deliveries = order.map((index) => delivery(events[index]!));
  if (concurrently) await Promise.all(deliveries.map((each) => append(each)));
  else for (const each of deliveries) await append(each);
  const { entries } = await feed.read(AREA, 0, 10_000);
  return entries;
}

describe('the change feed appender', () => {
  for (const concurrently of [false, true]) {
    it(`holds each event exactly once, gap-free, seen by the public as in order (${concurrently ? 'concurrent' : 'one at a time'})`, async () => {
      await fc.assert(
        fc.asyncProperty(historyAndDeliveries, async ({ events, order }) => {
          count(events, order);
          const entries = await appended(events, order, concurrently);
          const inOrder = await appended(events, [...events.keys()], false);
          expect(entries.map((entry) => entry.sequence)).toEqual(events.map((_, index) => index + 1));
          expect(entries.map((entry) => entry.event.detail.eventId).sort()).toEqual(events.map((event) => event.detail.eventId).sort());
          const publicViews = (list: typeof entries) =>
            Object.fromEntries(list.map((entry) => [entry.event.detail.eventId, entry.publicView] as const));
          expect(publicViews(entries)).toEqual(publicViews(inOrder));
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }
});
