import { gunzipSync } from 'node:zlib';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CommandContext,
  type Decision,
  decideContentPut,
  decideOrganisationPut,
  decideProtocolProposal,
  type JointView,
  noPrecondition,
  priorityKind,
  toViewRecord,
} from '@partnership-hub/domain';
import { type HubEvent, type PriorityState, UnknownEventError } from '@partnership-hub/events';
import { createDocumentClient, ViewStore, viewSk } from '@partnership-hub/store';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { coalescePerArea, createProjector } from '../src/projector.ts';

const TABLE = 'partnership-hub';
const AREA = 'south-yorkshire';
const CSP = 'safer-rotherham-partnership';
const ddb = mockClient(DynamoDBDocumentClient);
const project = createProjector({
  views: new ViewStore(createDocumentClient({ region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }), TABLE),
});

const context: CommandContext = {
  eventId: '01JEVENT0001',
  occurredAt: '2026-01-01T09:00:00.000Z',
  actor: { kind: 'organisation', organisationId: CSP },
};
const priority = (overrides: Partial<PriorityState> = {}): PriorityState => ({
  title: 'Tackling anti-social behaviour',
  themes: ['anti-social-behaviour'],
  outcomes: [],
  indicators: [],
  status: 'active',
  supports: [],
  visibility: 'public',
  ...overrides,
});

function eventOf(decision: Decision): HubEvent {
  if (decision.outcome === 'unchanged') throw new Error('expected an event, the decision was unchanged');
  return decision.event;
}

const priorityPublished = (id: string, overrides: Partial<PriorityState> = {}) =>
  eventOf(
    decideContentPut(priorityKind, undefined, priority(overrides), noPrecondition, { areaId: AREA, organisationId: CSP, id }, context),
  );
const cspRegistered = eventOf(
  decideOrganisationPut(undefined, { name: 'Safer Rotherham Partnership', kind: 'csp' }, { areaId: AREA, organisationId: CSP }, context),
);
const protocolDrafted = eventOf(
  decideProtocolProposal(
    undefined,
    { title: 'Joint working protocol', parties: [CSP, 'south-yorkshire-police-and-crime-panel'], summary: 'Roles.', visibility: 'public' },
    CSP,
    noPrecondition,
    { areaId: AREA, protocolId: 'jwp' },
    context,
  ),
);

/** How EventBridge delivers a hub event to its target. */
function delivery(event: { detailType: string; detail: unknown }, overrides: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    'detail-type': event.detailType,
    source: 'partnership-hub',
    account: '000000000000',
    time: '2026-01-01T09:00:00Z',
    region: 'eu-west-2',
    resources: [],
    detail: event.detail,
    ...overrides,
  };
}

/** A view record as the area's Query answers it. */
const storedRecord = (event: HubEvent) => {
  const record = toViewRecord(event);
  return { pk: `VIEW#${AREA}`, sk: viewSk(record), ...record };
};

const RECORD_CONDITION = 'attribute_not_exists(pk) OR version < :version';
const recordPuts = () => ddb.commandCalls(PutCommand).filter((call) => call.args[0].input.ConditionExpression === RECORD_CONDITION);
const jointViewPuts = () => ddb.commandCalls(PutCommand).filter((call) => String(call.args[0].input.Item?.sk).startsWith('view#'));
const jointViewBody = (audience: 'public' | 'partners') =>
  JSON.parse(
    gunzipSync(
      jointViewPuts().find((call) => call.args[0].input.Item?.sk === `view#${audience}`)?.args[0].input.Item?.gz as Uint8Array,
    ).toString(),
  ) as JointView;

function commandNames(): string[] {
  return ddb.calls().map((call) => {
    const command = call.args[0];
    if (command instanceof PutCommand) return `Put ${String(command.input.Item?.sk)}`;
    if (command instanceof UpdateCommand) return 'Update';
    if (command instanceof QueryCommand) return 'Query';
    if (command instanceof GetCommand) return `Get ${String(command.input.Key?.sk)}`;
    return 'other';
  });
}

beforeEach(() => {
  ddb.reset();
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({ Attributes: { revision: 7 } });
  ddb.on(QueryCommand).resolves({ Items: [] });
  // No later rebuild has started: the revision counter still stands at this rebuild's number.
  ddb.on(GetCommand).resolves({ Item: { pk: 'JOINT#south-yorkshire', sk: 'revision', revision: 7 } });
});

describe('projector', () => {
  it('leaves the joint view to a later rebuild that started after its own, writing nothing', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'JOINT#south-yorkshire', sk: 'revision', revision: 8 } });

    const result = await project(delivery(priorityPublished('p1')));

    expect(result).toEqual({ stored: true });
    expect(jointViewPuts()).toHaveLength(0);
  });

  it("stores the record of the event's subject at the event's version", async () => {
    const event = priorityPublished('p1');

    const result = await project(delivery(event));

    expect(result).toEqual({ stored: true });
    expect(recordPuts()).toHaveLength(1);
    expect(recordPuts()[0]?.args[0].input.Item).toMatchObject({
      pk: 'VIEW#south-yorkshire',
      sk: 'priority#safer-rotherham-partnership#p1',
      version: 1,
      state: priority(),
      lastEventType: 'PriorityPublished',
    });
  });

  it("then rebuilds the area's joint view: takes a revision, reads the records, stores a view per audience", async () => {
    await project(delivery(priorityPublished('p1')));

    expect(commandNames()).toEqual([
      'Put priority#safer-rotherham-partnership#p1',
      'Update',
      'Query',
      'Get revision',
      'Put view#public',
      'Put view#partners',
    ]);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.Key).toEqual({ pk: 'JOINT#south-yorkshire', sk: 'revision' });
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.ExpressionAttributeValues).toEqual({ ':pk': 'VIEW#south-yorkshire' });
    expect(jointViewPuts().map((call) => call.args[0].input.Item?.revision)).toEqual([7, 7]);
  });

  it('builds the joint views from the records it reads, keeping partners-only content out of the public one', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        storedRecord(cspRegistered),
        storedRecord(priorityPublished('open-asb')),
        storedRecord(priorityPublished('restricted-cse', { themes: ['child-sexual-exploitation'], visibility: 'partners' })),
      ],
    });

    await project(delivery(priorityPublished('open-asb')));

    const publicView = jointViewBody('public');
    const partnersView = jointViewBody('partners');
    expect(publicView.audience).toBe('public');
    expect(publicView.themes.map((theme) => theme.theme)).toEqual(['anti-social-behaviour']);
    expect(partnersView.themes.map((theme) => theme.theme)).toEqual(['child-sexual-exploitation', 'anti-social-behaviour']);
  });

  it('answers stored: false for a duplicate delivery without throwing, and still rebuilds the joint view', async () => {
    ddb
      .on(PutCommand, { ConditionExpression: RECORD_CONDITION })
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    const result = await project(delivery(priorityPublished('p1')));

    expect(result).toEqual({ stored: false });
    expect(jointViewPuts()).toHaveLength(2);
  });

  it('does not fail when a later rebuild of the joint view landed first', async () => {
    ddb
      .on(PutCommand, { Item: { sk: 'view#public' } })
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    await expect(project(delivery(priorityPublished('p1')))).resolves.toEqual({ stored: true });
  });

  it('does not rebuild the joint view for a protocol event, which is not part of it', async () => {
    const result = await project(delivery(protocolDrafted));

    expect(result).toEqual({ stored: true });
    expect(commandNames()).toEqual(['Put protocol#jwp']);
  });

  it('throws for a delivery whose detail does not match its schema, so EventBridge retries it and then dead-letters it', async () => {
    const event = priorityPublished('p1');
    const malformed = { detailType: event.detailType, detail: { ...event.detail, data: { ...event.detail.data, themes: [] } } };

    await expect(project(delivery(malformed))).rejects.toMatchObject({ name: 'ZodError' });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('throws for a delivery from another source', async () => {
    await expect(project(delivery(priorityPublished('p1'), { source: 'aws.events' }))).rejects.toMatchObject({ name: 'ZodError' });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('throws for a detail-type the hub does not publish', async () => {
    await expect(project(delivery({ detailType: 'PriorityForgotten', detail: priorityPublished('p1').detail }))).rejects.toBeInstanceOf(
      UnknownEventError,
    );
    expect(ddb.calls()).toHaveLength(0);
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
