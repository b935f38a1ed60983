import { decideVariationStart, type JointView, toViewRecord } from '@partnership-hub/domain';
import { UnknownEventError } from '@partnership-hub/events';
import { InMemoryViewStore } from '@partnership-hub/store';
import {
  AREA,
  CSP,
  commandContext,
  delivery,
  eventOf,
  organisationRegistered,
  PANEL,
  planPublished,
  planWithdrawn,
  priorityPublished,
  priorityState,
  protocolVersionProposed,
} from '@partnership-hub/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { coalescePerArea, createProjector } from '../src/projector.ts';

const cspRegistered = organisationRegistered();
/** Half past eleven at night in UTC, in British Summer Time: already the 1st of July in London. */
const NOW = new Date('2026-06-30T23:30:00.000Z');
const protocolDrafted = protocolVersionProposed();

let views: InMemoryViewStore;
let project: ReturnType<typeof createProjector>;
/** The view store's methods in the order the projector called them. */
let calls: string[];

const jointViewBody = async (audience: 'public' | 'partners') => JSON.parse((await views.jointView(AREA, audience))!.body) as JointView;

beforeEach(() => {
  views = new InMemoryViewStore();
  calls = [];
  for (const method of ['put', 'jointInputs', 'latestJointRevision', 'list', 'putJointInputs', 'putJointView'] as const) {
    const original = views[method].bind(views) as (...args: unknown[]) => Promise<unknown>;
    vi.spyOn(views, method).mockImplementation((...args: unknown[]) => {
      calls.push(method);
      return original(...args) as never;
    });
  }
  project = createProjector({ views, clock: () => NOW });
});

describe('projector', () => {
  it('folds again on top when another writer folded the area between its read and its write, losing neither change', async () => {
    // Folded by another projector, so that this one has no inputs of its own to remember and reads them in full.
    await createProjector({ views, clock: () => NOW })(delivery(cspRegistered));
    // Another projector (another Lambda instance) folds a priority while this one is folding its own.
    const jointInputs = views.jointInputs.bind(views);
    vi.mocked(views.jointInputs).mockImplementationOnce(async (areaId) => {
      const read = await jointInputs(areaId);
      await createProjector({ views, clock: () => NOW })(delivery(priorityPublished({ id: 'theirs' })));
      return read;
    });
    calls.length = 0;

    const result = await project(delivery(priorityPublished({ id: 'ours', state: { themes: ['anti-social-behaviour'] } })));

    expect(result).toEqual({ stored: true });
    // Ours refused (the other writer took the revision it read), theirs, then ours folded on top.
    expect(calls.filter((method) => method === 'putJointInputs')).toHaveLength(3);
    expect(await views.latestJointRevision(AREA)).toBe(3);
    const [theme] = (await jointViewBody('public')).themes;
    expect(theme?.organisations[0]?.priorities.map((priority) => priority.id).sort()).toEqual(['ours', 'theirs']);
    expect((await views.jointView(AREA, 'partners'))?.revision).toBe(3);
  });

  it('folds again on top, reading in full, when another writer folded the area after this one remembered its inputs', async () => {
    await project(delivery(cspRegistered));
    // Between this projector reading the revision it remembers and writing on top of it, another one folds.
    const latestJointRevision = views.latestJointRevision.bind(views);
    vi.mocked(views.latestJointRevision).mockImplementationOnce(async (areaId) => {
      const read = await latestJointRevision(areaId);
      await createProjector({ views, clock: () => NOW })(delivery(priorityPublished({ id: 'theirs' })));
      return read;
    });
    calls.length = 0;

    await project(delivery(priorityPublished({ id: 'ours', state: { themes: ['anti-social-behaviour'] } })));

    // Ours read the revision it remembers; theirs folded (read in full: it remembered nothing); ours
    // was refused, then read the inputs in full (theirs among them) and folded on top.
    expect(calls).toEqual([
      'put',
      'latestJointRevision',
      ...['put', 'jointInputs', 'putJointInputs', 'putJointView', 'putJointView'],
      'putJointInputs',
      'jointInputs',
      'putJointInputs',
      'putJointView',
      'putJointView',
    ]);
    const [theme] = (await jointViewBody('public')).themes;
    expect(theme?.organisations[0]?.priorities.map((priority) => priority.id).sort()).toEqual(['ours', 'theirs']);
    expect((await views.jointInputs(AREA)).records?.map((record) => record.id).sort()).toEqual([CSP, 'ours', 'theirs'].sort());
  });

  it("stores the record of the event's subject at the event's version", async () => {
    const result = await project(delivery(priorityPublished({ id: 'p1' })));

    expect(result).toEqual({ stored: true });
    expect(await views.list(AREA)).toHaveLength(1);
    expect(await views.get(AREA, 'priority', CSP, 'p1')).toMatchObject({
      areaId: AREA,
      organisationId: CSP,
      id: 'p1',
      version: 1,
      state: priorityState(),
      lastEventType: 'PriorityPublished',
    });
  });

  it("then folds the record into the area's joint inputs, read in full only the first time, and stores a view per audience at their revision", async () => {
    await project(delivery(priorityPublished({ id: 'p1' })));

    expect(calls).toEqual(['put', 'jointInputs', 'list', 'putJointInputs', 'putJointView', 'putJointView']);
    expect(views.list).toHaveBeenCalledWith(AREA);
    calls.length = 0;

    await project(delivery(priorityPublished({ id: 'p2' })));

    // Neither the area's records nor its inputs are read again: the revision is still the one this
    // projector stored, so the change is folded into the inputs it remembers.
    expect(calls).toEqual(['put', 'latestJointRevision', 'putJointInputs', 'putJointView', 'putJointView']);
    expect((await views.jointInputs(AREA)).records?.map((record) => record.id)).toEqual(['p1', 'p2']);
    const revision = await views.latestJointRevision(AREA);
    expect(revision).toBe(2);
    expect([(await views.jointView(AREA, 'public'))?.revision, (await views.jointView(AREA, 'partners'))?.revision]).toEqual([
      revision,
      revision,
    ]);
  });

  it('builds the joint views from the records it reads, keeping partners-only content out of the public one', async () => {
    await views.put(toViewRecord(cspRegistered));
    await views.put(
      toViewRecord(priorityPublished({ id: 'restricted-cse', state: { themes: ['child-sexual-exploitation'], visibility: 'partners' } })),
    );

    await project(delivery(priorityPublished({ id: 'open-asb' })));

    const publicView = await jointViewBody('public');
    const partnersView = await jointViewBody('partners');
    expect(publicView.audience).toBe('public');
    expect(publicView.themes.map((theme) => theme.theme)).toEqual(['anti-social-behaviour']);
    expect(partnersView.themes.map((theme) => theme.theme)).toEqual(['child-sexual-exploitation', 'anti-social-behaviour']);
  });

  it("rebuilds the joint view as at today's date in London, and says so in the view", async () => {
    await project(delivery(priorityPublished({ id: 'p1' })));

    expect((await views.jointView(AREA, 'public'))?.asOf).toBe('2026-07-01');
    expect((await jointViewBody('partners')).asOf).toBe('2026-07-01');
  });

  it('stores a plan and rebuilds the joint view with it: a priority of a plan that ended is past', async () => {
    await views.put(toViewRecord(cspRegistered));
    await views.put(toViewRecord(priorityPublished({ id: 'p1', state: { planId: 'plan-2016' } })));

    await project(delivery(planPublished({ id: 'plan-2016', state: { startDate: '2016-04-01', endDate: '2019-03-31' } })));

    expect(await views.get(AREA, 'plan', CSP, 'plan-2016')).toMatchObject({ version: 1, lastEventType: 'PlanPublished' });
    const [theme] = (await jointViewBody('public')).themes;
    expect(theme?.organisations[0]?.priorities).toEqual([expect.objectContaining({ id: 'p1', current: false })]);
  });

  it('gives a superseded plan back its own end when the plan superseding it is withdrawn', async () => {
    await views.put(toViewRecord(cspRegistered));
    await views.put(toViewRecord(priorityPublished({ id: 'p1', state: { planId: 'plan-2016' } })));
    await project(delivery(planPublished({ id: 'plan-2016', state: { startDate: '2016-04-01', endDate: '2030-03-31' } })));
    const newer = { id: 'plan-2026', state: { startDate: '2026-04-01', endDate: '2029-03-31', supersedes: 'plan-2016' } };
    await project(delivery(planPublished(newer)));
    const current = async () => (await jointViewBody('public')).themes[0]?.organisations[0]?.priorities[0]?.current;
    expect(await current()).toBe(false);

    await project(delivery(planWithdrawn({ ...newer, version: 2 })));

    expect(await current()).toBe(true);
  });

  it('answers stored: false for a duplicate delivery without throwing, and still rebuilds the joint view', async () => {
    const event = priorityPublished({ id: 'p1' });
    await project(delivery(event));
    calls.length = 0;

    const result = await project(delivery(event));

    expect(result).toEqual({ stored: false });
    expect(calls.filter((method) => method === 'putJointView')).toHaveLength(2);
    expect((await views.jointView(AREA, 'public'))?.revision).toBe(2);
  });

  it('does not fail when a later rebuild of the joint view landed first', async () => {
    await views.putJointView(AREA, 'public', 99, '{"later":true}', '2026-07-01');

    await expect(project(delivery(priorityPublished({ id: 'p1' })))).resolves.toEqual({ stored: true });
    expect((await views.jointView(AREA, 'public'))?.body).toBe('{"later":true}');
  });

  it('does not rebuild the joint view for a protocol event, which is not part of it', async () => {
    const result = await project(delivery(protocolDrafted));

    expect(result).toEqual({ stored: true });
    expect(calls).toEqual(['put']);
    expect(await views.get(AREA, 'protocol', null, 'jwp')).toMatchObject({ version: 1, lastEventType: 'ProtocolVersionProposed' });
    expect(await views.latestJointRevision(AREA)).toBe(0);
  });

  it("moves the area's revision on for a plan variation, which the calendars carry, and keeps it out of the joint inputs", async () => {
    const target = { areaId: AREA, organisationId: 'south-yorkshire-pcc', id: 'variation-1' };
    const started = decideVariationStart(
      undefined,
      { title: 'Refresh for year two', summary: 'Focus shifts to vulnerable victims.', visibility: 'public' },
      { planId: 'police-and-crime-plan', panel: PANEL, visibility: 'public' },
      target,
      commandContext({ actor: { kind: 'key', organisationId: target.organisationId } }),
    );

    expect(await project(delivery(eventOf(started)))).toEqual({ stored: true });
    expect(await views.get(AREA, 'plan-variation', target.organisationId, target.id)).toMatchObject({ version: 1 });
    expect(await views.latestJointRevision(AREA)).toBe(1);
    expect((await views.jointInputs(AREA)).records?.map((record) => record.subjectType)).not.toContain('plan-variation');
  });

  it('throws for a delivery whose detail does not match its schema, so EventBridge retries it and then dead-letters it', async () => {
    const event = priorityPublished({ id: 'p1' });
    const malformed = { detailType: event.detailType, detail: { ...event.detail, data: { ...event.detail.data, themes: [] } } };

    await expect(project(delivery(malformed))).rejects.toMatchObject({ name: 'ZodError' });
    expect(calls).toHaveLength(0);
  });

  it('throws for a delivery from another source', async () => {
    await expect(project(delivery(priorityPublished({ id: 'p1' }), { source: 'aws.events' }))).rejects.toMatchObject({ name: 'ZodError' });
    expect(calls).toHaveLength(0);
  });

  it('throws for a detail-type the hub does not publish', async () => {
    await expect(
      project(delivery({ detailType: 'PriorityForgotten', detail: priorityPublished({ id: 'p1' }).detail })),
    ).rejects.toBeInstanceOf(UnknownEventError);
    expect(calls).toHaveLength(0);
  });
});

describe('coalescing joint-view rebuilds per area', () => {
  /** A rebuild the test finishes by hand, recording when each started. */
  function controlledRebuilds() {
    const started: { areaId: string; finish: () => void; fail: (error: Error) => void }[] = [];
    const rebuild = (areaId: string) =>
      new Promise<void>((resolve, reject) => {
        started.push({ areaId, finish: resolve, fail: reject });
      });
    return { started, rebuild };
  }
  const settled = () => new Promise((resolve) => setImmediate(resolve));

  it('runs one rebuild at a time per area; every change that arrives meanwhile shares the next, which starts after the running one', async () => {
    const { started, rebuild } = controlledRebuilds();
    const coalesced = coalescePerArea(rebuild);
    const order: string[] = [];

    const first = coalesced(AREA).then(() => order.push('first'));
    const during = [coalesced(AREA), coalesced(AREA), coalesced(AREA)].map((promise, index) =>
      promise.then(() => order.push(`during-${index}`)),
    );
    await settled();
    expect(started).toHaveLength(1);

    started[0]!.finish();
    await first;
    await settled();
    // The shared rebuild started only now, after the changes that wait for it were stored.
    expect(started).toHaveLength(2);
    expect(order).toEqual(['first']);

    started[1]!.finish();
    await Promise.all(during);
    expect(order).toEqual(['first', 'during-0', 'during-1', 'during-2']);

    // Idle again: the next change starts a rebuild at once.
    void coalesced(AREA);
    expect(started).toHaveLength(3);
    started[2]!.finish();
  });

  it('keeps areas apart', async () => {
    const { started, rebuild } = controlledRebuilds();
    const coalesced = coalescePerArea(rebuild);
    void coalesced('area-a');
    void coalesced('area-b');
    expect(started.map((run) => run.areaId)).toEqual(['area-a', 'area-b']);
    for (const run of started) run.finish();
  });

  it("fails only the running rebuild's callers, and still runs the queued one", async () => {
    const { started, rebuild } = controlledRebuilds();
    const coalesced = coalescePerArea(rebuild);
    const first = coalesced(AREA);
    const queued = coalesced(AREA);
    started[0]!.fail(new Error('throttled'));
    await expect(first).rejects.toThrow('throttled');
    await settled();
    expect(started).toHaveLength(2);
    started[1]!.finish();
    await expect(queued).resolves.toBeUndefined();
  });
});
