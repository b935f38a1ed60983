import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CommandContext,
  type Decision,
  decideContentPut,
  NotFoundError,
  noPrecondition,
  type Precondition,
  priorityKind,
  VersionConflictError,
} from '@partnership-hub/domain';
import type { Actor, HubEvent, PriorityState } from '@partnership-hub/events';
import { EventPublisher } from '@partnership-hub/publisher';
import { ApiKeyStore, createDocumentClient, EventLog, ViewStore } from '@partnership-hub/store';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { decideAndCommit } from '../src/commit.ts';
import type { ApiDeps } from '../src/deps.ts';

const TABLE = 'partnership-hub';
const AREA = 'south-yorkshire';
const CSP = 'safer-rotherham-partnership';
const STREAM_PK = `LOG#${AREA}#priority#${CSP}#p1`;
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);

const actor: Actor = { kind: 'organisation', organisationId: CSP };
const target = { areaId: AREA, organisationId: CSP, id: 'p1' };
const ref = { areaId: AREA, subjectType: 'priority' as const, organisationId: CSP, id: 'p1' };
const priority: PriorityState = {
  title: 'Tackling anti-social behaviour',
  themes: ['anti-social-behaviour'],
  outcomes: [],
  indicators: [],
  status: 'active',
  supports: [],
  visibility: 'public',
};

function apiDeps() {
  const documentClient = createDocumentClient({ region: 'eu-west-2', credentials });
  let sequence = 0;
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const deps: ApiDeps = {
    eventLog: new EventLog(documentClient, TABLE),
    views: new ViewStore(documentClient, TABLE),
    apiKeys: new ApiKeyStore(documentClient, TABLE),
    publisher: new EventPublisher(new EventBridgeClient({ region: 'eu-west-2', credentials }), 'partnership-hub-bus', {
      sleep: async () => {},
    }),
    adminKeyHash: '0'.repeat(64),
    clock: () => new Date('2026-01-01T09:00:00.000Z'),
    newEventId: () => `01JEVENT${String(++sequence).padStart(4, '0')}`,
    newApiKey: () => 'not-used',
    logger,
  };
  return { deps, logger };
}

function eventOf(decision: Decision): HubEvent {
  if (decision.outcome === 'unchanged') throw new Error('expected an event, the decision was unchanged');
  return decision.event;
}

/** A priority's event as the log stores it. */
function logItem(event: HubEvent) {
  return {
    pk: STREAM_PK,
    sk: `V#${String(event.detail.subject.version).padStart(10, '0')}`,
    detailType: event.detailType,
    detail: JSON.stringify(event.detail),
    eventId: event.detail.eventId,
    occurredAt: event.detail.occurredAt,
  };
}

const otherWriterContext: CommandContext = { eventId: '01JOTHER0001', occurredAt: '2026-01-01T08:00:00.000Z', actor };
const version1 = eventOf(decideContentPut(priorityKind, undefined, priority, noPrecondition, target, otherWriterContext));
const version2 = eventOf(
  decideContentPut(
    priorityKind,
    { version: 1, detailType: 'PriorityPublished', state: priority },
    { ...priority, status: 'on-track' },
    noPrecondition,
    target,
    otherWriterContext,
  ),
);

/** The command under test: the route's decision over the head the log answers (a revision of the title). */
function revisingTheTitle(deps: ApiDeps, precondition: Precondition, title = 'Reducing anti-social behaviour') {
  return vi.fn(async (context: CommandContext) =>
    decideContentPut(priorityKind, await deps.eventLog.head<PriorityState>(ref), { ...priority, title }, precondition, target, context),
  );
}

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const appendedItems = () => ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item);

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
  ddb.on(QueryCommand).resolves({ Items: [logItem(version1)] });
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-1' }] });
});

describe('decideAndCommit', () => {
  it('appends the decided event, publishes it, takes it out of the outbox and answers the decision', async () => {
    const { deps, logger } = apiDeps();

    const decision = await decideAndCommit(deps, actor, noPrecondition, revisingTheTitle(deps, noPrecondition));

    expect(decision).toMatchObject({ outcome: 'revised', version: 2 });
    expect(appendedItems()).toEqual([expect.objectContaining({ pk: STREAM_PK, sk: 'V#0000000002', detailType: 'PriorityRevised' })]);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.Key).toEqual({ pk: STREAM_PK, sk: 'V#0000000002' });
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it("gives the decision a new event id, the clock's time and the caller as actor", async () => {
    const { deps } = apiDeps();
    const decide = revisingTheTitle(deps, noPrecondition);

    await decideAndCommit(deps, actor, noPrecondition, decide);

    expect(decide).toHaveBeenCalledWith({ eventId: '01JEVENT0001', occurredAt: '2026-01-01T09:00:00.000Z', actor });
  });

  it('answers the decision when the bus refuses the event, leaving it in the outbox and warning', async () => {
    const { deps, logger } = apiDeps();
    eventBridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'Internal failure' }] });

    const decision = await decideAndCommit(deps, actor, noPrecondition, revisingTheTitle(deps, noPrecondition));

    expect(decision).toMatchObject({ outcome: 'revised', version: 2 });
    expect(appendedItems()).toHaveLength(1);
    expect(appendedItems()[0]).toMatchObject({ outboxPk: 'pending' });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('outbox'),
      expect.objectContaining({ eventId: '01JEVENT0001', errorCode: 'InternalFailure' }),
    );
  });

  it('answers the decision when the event was published but could not be taken out of the outbox', async () => {
    const { deps, logger } = apiDeps();
    ddb.on(UpdateCommand).rejects(new ProvisionedThroughputExceededException({ message: 'Slow down', $metadata: {} }));

    const decision = await decideAndCommit(deps, actor, noPrecondition, revisingTheTitle(deps, noPrecondition));

    expect(decision).toMatchObject({ outcome: 'revised', version: 2 });
    expect(logger.warn).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ eventId: '01JEVENT0001' }));
  });

  it('decides again on the new state when a concurrent write took the version and no If-Match was sent', async () => {
    const { deps } = apiDeps();
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [logItem(version1)] })
      .resolves({ Items: [logItem(version2)] });
    ddb.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
    const decide = revisingTheTitle(deps, noPrecondition);

    const decision = await decideAndCommit(deps, actor, noPrecondition, decide);

    expect(decide).toHaveBeenCalledTimes(2);
    expect(decision).toMatchObject({ outcome: 'revised', version: 3 });
    expect(appendedItems().map((item) => item?.sk)).toEqual(['V#0000000002', 'V#0000000003']);
    // A PUT carries the whole state, so the revision is measured against what the other writer left.
    expect(eventOf(decision).detail.data).toMatchObject({ title: 'Reducing anti-social behaviour', changedFields: ['status', 'title'] });
    expect(eventOf(decision).detail.eventId).toBe('01JEVENT0002');
  });

  it('answers unchanged when, decided again, the concurrent write had already made the same change', async () => {
    const { deps } = apiDeps();
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [logItem(version1)] })
      .resolves({ Items: [logItem(version2)] });
    ddb.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
    const settingTheSameStatus = vi.fn(async (context: CommandContext) =>
      decideContentPut(
        priorityKind,
        await deps.eventLog.head<PriorityState>(ref),
        { ...priority, status: 'on-track' },
        noPrecondition,
        target,
        context,
      ),
    );

    const decision = await decideAndCommit(deps, actor, noPrecondition, settingTheSameStatus);

    expect(decision).toEqual({ outcome: 'unchanged', version: 2 });
    expect(appendedItems()).toHaveLength(1);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('gives up with a VersionConflictError when every attempt loses the race', async () => {
    const { deps } = apiDeps();
    ddb.on(PutCommand).rejects(conditionFailed());

    await expect(decideAndCommit(deps, actor, noPrecondition, revisingTheTitle(deps, noPrecondition))).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('hands the conflict to a caller who sent If-Match, without deciding again', async () => {
    const { deps } = apiDeps();
    ddb.on(PutCommand).rejects(conditionFailed());
    const precondition: Precondition = { kind: 'version', version: 1 };
    const decide = revisingTheTitle(deps, precondition);

    await expect(decideAndCommit(deps, actor, precondition, decide)).rejects.toBeInstanceOf(VersionConflictError);
    expect(decide).toHaveBeenCalledTimes(1);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('appends and publishes nothing for an unchanged decision', async () => {
    const { deps } = apiDeps();

    const decision = await decideAndCommit(deps, actor, noPrecondition, revisingTheTitle(deps, noPrecondition, priority.title));

    expect(decision).toEqual({ outcome: 'unchanged', version: 1 });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('lets a domain error from the decision through, writing nothing', async () => {
    const { deps } = apiDeps();
    const decide = vi.fn(async (): Promise<Decision> => {
      throw new NotFoundError('Priority p1 does not exist');
    });

    await expect(decideAndCommit(deps, actor, noPrecondition, decide)).rejects.toBeInstanceOf(NotFoundError);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('lets a storage failure of the append through without publishing', async () => {
    const { deps } = apiDeps();
    ddb.on(PutCommand).rejects(new ProvisionedThroughputExceededException({ message: 'Slow down', $metadata: {} }));

    await expect(decideAndCommit(deps, actor, noPrecondition, revisingTheTitle(deps, noPrecondition))).rejects.toBeInstanceOf(
      ProvisionedThroughputExceededException,
    );
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});
