import {
  type Audience,
  buildTrackerList,
  decideRequestClose,
  decideRequestPut,
  decideRequestResponse,
  decideRequestUpdate,
  InvalidChangeError,
  type StreamHead,
  type TrackerRow,
} from '@partnership-hub/domain';
import type { HubEvent, RequestContent, RequestState } from '@partnership-hub/events';
import { InMemoryViewStore } from '@partnership-hub/store';
import { AREA, areaRegistered, CSP, commandContext, delivery, eventOf, organisationRegistered, PANEL } from '@partnership-hub/testing';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createProjector } from '../src/projector.ts';

/**
 * The tracker's lists: stored by the projector per area and audience once a request is stored,
 * at the area's revision. Whatever order a history of requests is delivered in, however many
 * times each event arrives, one at a time or all at once, each list ends as the one the area's
 * request records make in full, and the public one never holds a partners-only request.
 */

const NOW = new Date('2026-01-01T09:00:00.000Z');
const TODAY = '2026-01-01';
const AUDIENCES: Audience[] = ['public', 'partners'];

type Step = 'public' | 'partners' | 'move-due' | 'respond' | 'update' | 'close';
interface RequestPlan {
  from: string;
  visibility: 'public' | 'partners';
  steps: Step[];
}

const visibility = fc.constantFrom<'public' | 'partners'>('public', 'partners');
const requestPlan: fc.Arbitrary<RequestPlan> = fc.record({
  from: fc.constantFrom(CSP, PANEL),
  visibility,
  steps: fc.array(fc.constantFrom<Step>('public', 'partners', 'move-due', 'respond', 'update', 'close'), { maxLength: 4 }),
});

/** One request's events in its stream's order, decided by the domain's own rules (a step it answers as unchanged makes none). */
function requestEvents(plan: RequestPlan, index: number): HubEvent[] {
  const target = { areaId: AREA, id: `r${index}` };
  const to = plan.from === CSP ? PANEL : CSP;
  let content: RequestContent = {
    kind: 'information-request',
    to,
    title: `Request ${index}`,
    raisedOn: '2025-12-01',
    dueDate: index % 2 === 0 ? '2025-12-15' : '2026-02-01',
    themes: ['burglary'],
    visibility: plan.visibility,
  };
  let sequence = 0;
  const context = (by: string) => commandContext({ eventId: `01JREQ${index}X${++sequence}`, actor: { kind: 'key', organisationId: by } });
  const events: HubEvent[] = [];
  let head: StreamHead<RequestState> | undefined;
  const record = (decision: ReturnType<typeof decideRequestPut>) => {
    if (decision.outcome === 'unchanged') return;
    const event = eventOf(decision);
    events.push(event);
    head = { version: event.detail.subject.version, detailType: event.detailType, state: event.detail.data as RequestState };
  };
  record(decideRequestPut(undefined, content, plan.from, { kind: 'none' }, target, context(plan.from)));
  for (const step of plan.steps) {
    // A closed request takes no more steps.
    if (head?.state.closed) break;
    if (step === 'public' || step === 'partners' || step === 'move-due') {
      const next = step === 'move-due' ? { ...content, dueDate: '2026-03-31' } : { ...content, visibility: step };
      // The domain refuses making public a request whose thread holds the other body's words: that step is skipped, as the API refuses it.
      try {
        record(decideRequestPut(head, next, plan.from, { kind: 'none' }, target, context(plan.from)));
        content = next;
      } catch (error) {
        if (!(error instanceof InvalidChangeError)) throw error;
      }
    } else if (step === 'respond') record(decideRequestResponse(head!, { text: 'An answer' }, to, target, context(to), TODAY));
    else if (step === 'update')
      record(decideRequestUpdate(head!, { text: 'Progress', status: 'in-progress' }, to, target, context(to), TODAY));
    else record(decideRequestClose(head!, {}, plan.from, target, context(plan.from), TODAY));
  }
  return events;
}

const history = fc
  .array(requestPlan, { minLength: 1, maxLength: 5 })
  .map((plans) => [
    areaRegistered(),
    organisationRegistered(),
    organisationRegistered({ organisationId: PANEL, name: 'South Yorkshire Police and Crime Panel', kind: 'panel' }),
    ...plans.flatMap(requestEvents),
  ]);

/** A history and an order to deliver it in: every event at least once, some again, all shuffled. */
const historyAndDeliveries = history.chain((events) =>
  fc
    .array(fc.nat({ max: events.length - 1 }), { maxLength: events.length })
    .chain((again) => {
      const all = [...events.keys(), ...again];
      return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
    })
    .map((order) => ({ events, order })),
);

const storedRows = async (views: InMemoryViewStore, audience: Audience): Promise<TrackerRow[] | undefined> => {
  const stored = await views.trackerList(AREA, audience);
  return stored ? (JSON.parse(stored.body) as TrackerRow[]) : undefined;
};

describe("the projector's tracker lists", () => {
  for (const concurrently of [false, true]) {
    it(`end as the area's requests in full make them, whatever the order and duplicates of delivery (${concurrently ? 'concurrent' : 'one at a time'})`, async () => {
      await fc.assert(
        fc.asyncProperty(historyAndDeliveries, async ({ events, order }) => {
          const views = new InMemoryViewStore();
          const project = createProjector({ views, clock: () => NOW });
          const deliveries = order.map((index) => delivery(events[index]!));
          if (concurrently) await Promise.all(deliveries.map((each) => project(each)));
          else for (const each of deliveries) await project(each);

          const requests = await views.list(AREA, { subjectType: 'request' });
          for (const audience of AUDIENCES)
            expect(await storedRows(views, audience)).toEqual(JSON.parse(JSON.stringify(buildTrackerList(requests, audience))));
          expect((await storedRows(views, 'public'))!.every((row) => row.visibility === 'public')).toBe(true);
          // Stored at a revision the area reached (folds of bodies and the area itself move it on with no list).
          expect((await views.trackerList(AREA, 'public'))!.revision).toBeLessThanOrEqual(await views.latestJointRevision(AREA));
        }),
        { numRuns: 100 },
      );
    });
  }

  it("misses no request stored while another projector's list was being built: the revision is read before the requests", async () => {
    // Two projectors (two Lambda instances) on one store. The first reads the requests while the
    // second has not stored its own yet, and stores its list only once the second has folded.
    const views = new InMemoryViewStore();
    await createProjector({ views, clock: () => NOW })(delivery(areaRegistered()));
    const [first] = requestEvents({ from: PANEL, visibility: 'public', steps: [] }, 1);
    const [second] = requestEvents({ from: CSP, visibility: 'public', steps: [] }, 2);
    const signal = () => {
      let resolve = () => {};
      const promise = new Promise<void>((done) => {
        resolve = done;
      });
      return { promise, resolve };
    };
    const firstListed = signal();
    const secondFolded = signal();
    const firstDone = signal();
    const through = (overrides: Partial<Record<keyof InMemoryViewStore, unknown>>) =>
      new Proxy(views, {
        get: (target, key: keyof InMemoryViewStore) => overrides[key] ?? (target[key] as (...args: unknown[]) => unknown).bind(target),
      });
    const one = createProjector({
      views: through({
        list: async (areaId: string, filter?: { subjectType: 'request' }) => {
          const records = await views.list(areaId, filter);
          if (filter?.subjectType === 'request') {
            firstListed.resolve();
            await secondFolded.promise;
          }
          return records;
        },
      }),
      clock: () => NOW,
    });
    const two = createProjector({
      views: through({
        putJointInputs: async (areaId: string, expected: number, records: never[]) => {
          const revision = await views.putJointInputs(areaId, expected, records);
          secondFolded.resolve();
          return revision;
        },
        putTrackerList: async (areaId: string, audience: Audience, revision: number, body: string) => {
          await firstDone.promise;
          return views.putTrackerList(areaId, audience, revision, body);
        },
      }),
      clock: () => NOW,
    });

    const projectedFirst = one(delivery(first!)).finally(firstDone.resolve);
    await firstListed.promise;
    await Promise.all([projectedFirst, two(delivery(second!))]);

    expect((await storedRows(views, 'public'))?.map((row) => row.id).sort()).toEqual(['r1', 'r2']);
  });

  for (const failing of ['putTrackerList', 'putJointInputs'] as const)
    it(`stores a list lost to a failure (of ${failing}) when the request is delivered again, though its record was stored the first time`, async () => {
      const views = new InMemoryViewStore();
      const project = createProjector({ views, clock: () => NOW });
      const [earlier] = requestEvents({ from: CSP, visibility: 'public', steps: [] }, 0);
      const [raised] = requestEvents({ from: PANEL, visibility: 'public', steps: [] }, 1);
      await project(delivery(areaRegistered()));
      await project(delivery(earlier!));
      const failure = vi.spyOn(views, failing).mockRejectedValueOnce(new Error('throttled'));

      await expect(project(delivery(raised!))).rejects.toThrow('throttled');
      failure.mockRestore();
      expect(await views.get(AREA, 'request', null, 'r1')).toBeDefined();
      // The list stored before the failure, at the revision the area is still at, lacks it: delivered
      // again, the request moves the revision on, so that a list with it is stored.
      expect(await project(delivery(raised!))).toEqual({ stored: false });

      for (const audience of AUDIENCES) expect((await storedRows(views, audience))?.map((row) => row.id).sort()).toEqual(['r0', 'r1']);
    });

  it("keeps a request made partners-only out of the public list, and the list's rows free of its thread", async () => {
    const views = new InMemoryViewStore();
    const project = createProjector({ views, clock: () => NOW });
    for (const event of [
      areaRegistered(),
      ...requestEvents({ from: PANEL, visibility: 'public', steps: ['respond', 'partners'] }, 1),
      ...requestEvents({ from: CSP, visibility: 'public', steps: [] }, 2),
    ])
      await project(delivery(event));

    expect((await storedRows(views, 'public'))?.map((row) => row.id)).toEqual(['r2']);
    const partners = await storedRows(views, 'partners');
    expect(partners?.map((row) => [row.id, row.status])).toEqual([
      ['r2', 'open'],
      ['r1', 'responded'],
    ]);
    expect((await views.trackerList(AREA, 'partners'))?.body).not.toContain('An answer');
  });
});
