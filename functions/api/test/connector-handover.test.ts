import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { type FakeMeeting, type FakeModernGov, meetingsXml, meetingXml, startFakeModernGov, xml } from '@partnership-hub/moderngov/fake';
import { MemoryMeetings } from '@partnership-hub/moderngov/fake-hub';
import { InMemoryConnectorStore } from '@partnership-hub/store';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { performRequestedRun, type RunRequest, startByHandingOver } from '../src/connector-handover.ts';
import { createConnectorSweep } from '../src/connector-schedule.ts';
import { connectorRunPerformer, councilServices } from '../src/connector-services.ts';
import { committeesFromRunner, invokeRunner } from '../src/lambda-invoke.ts';
import { inMemoryApp } from './in-memory-app.ts';

/**
 * Runs handed over, as on AWS: the API (and the schedule's sweep) record a queued run and hand its
 * ids to the runner (an asynchronous Lambda invocation there, a list here), which performs it once
 * however often it is delivered. The same routes and run code as the local run, over in-memory stores.
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const PANEL = 'police-and-crime-panel';
const NOW = new Date('2026-03-01T09:00:00.000Z');
const MEETINGS: FakeMeeting[] = [
  { id: 11, date: '10/02/2026', status: 'Confirmed', time: '10.00 am', agenda: [{ id: 1, number: '1', title: 'Minutes' }] },
  { id: 12, date: '06/10/2026', status: 'Confirmed', time: '2.00 pm', agenda: [] },
];

let council: FakeModernGov;
let store: InMemoryConnectorStore;
let meetings: MemoryMeetings;
let handedOver: RunRequest[];
let refuseHandOver: Error | undefined;
let hub: ReturnType<typeof inMemoryApp>;
let runs = 0;
const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

const performRun = () =>
  connectorRunPerformer({
    store,
    allowLoopback: true,
    writerFor: () => meetings,
    clock: () => NOW,
    newRunId: () => 'unused',
    logger,
    timeoutMs: 2_000,
  });

async function admin(method: string, url: string, body?: unknown) {
  const response = await hub.app.request(url, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json().catch(() => ({}))) as { id: string; finishedAt?: string },
  };
}

beforeEach(async () => {
  council = await startFakeModernGov((operation, query) => {
    if (operation === 'GetMeetings') return xml(meetingsXml({ id: 650, title: 'Police and Crime Panel' }, MEETINGS));
    const meeting = MEETINGS.find((candidate) => String(candidate.id) === query.get('lMeetingId'));
    return operation === 'GetMeeting' && meeting ? xml(meetingXml(meeting)) : undefined;
  });
  store = new InMemoryConnectorStore();
  meetings = new MemoryMeetings();
  handedOver = [];
  refuseHandOver = undefined;
  const handOver = async (request: RunRequest) => {
    if (refuseHandOver) throw refuseHandOver;
    handedOver.push(request);
  };
  hub = inMemoryApp(ADMIN_KEY, {
    project: true,
    clock: () => NOW,
    connectors: {
      store,
      newRunId: () => `run-${String(++runs).padStart(4, '0')}`,
      ...councilServices({ allowLoopback: true }),
      start: startByHandingOver(handOver, store, () => NOW, logger),
    },
  });
  expect((await admin('PUT', `/v1/areas/${AREA}`, { name: 'Test Area' })).status).toBe(201);
  expect((await admin('PUT', `/v1/areas/${AREA}/organisations/${PANEL}`, { name: 'Police and Crime Panel', kind: 'panel' })).status).toBe(
    201,
  );
  const connector = { kind: 'moderngov', baseUrl: council.url, committees: [{ committeeId: '650', organisationId: PANEL }] };
  expect((await admin('PUT', `/v1/areas/${AREA}/connectors/council`, connector)).status).toBe(201);
});

afterEach(() => council.stop());

describe('a run asked for over the API', () => {
  it('is answered 202 while queued, handed over, and performed by the runner, once however often it is delivered', async () => {
    const asked = await admin('POST', `/v1/areas/${AREA}/connectors/council/runs`);
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'queued' });
    expect(council.requests).toEqual([]);
    expect(handedOver).toEqual([{ areaId: AREA, connectorId: 'council', runId: asked.body.id }]);

    const runner = performRun();
    const [request] = handedOver;
    // Lambda may deliver an asynchronous invocation twice, even at once.
    const performed = await Promise.all([
      performRequestedRun(request!, { store }, runner, logger),
      performRequestedRun(request!, { store }, runner, logger),
    ]);
    expect(performed).toEqual([{ performed: true }, { performed: true }]);
    // Both found it queued; the one whose first conditional write lost gave way.
    expect(logger.info).toHaveBeenCalledWith(
      'connector run already taken by another process',
      expect.objectContaining({ runId: asked.body.id }),
    );
    expect(await performRequestedRun(request!, { store }, runner, logger)).toEqual({ performed: false });

    const run = await admin('GET', asked.headers.get('location')!);
    expect(run.body).toMatchObject({ status: 'succeeded', meetings: { created: 2, revised: 0, cancelled: 0, unchanged: 0 }, errors: [] });
    // Each meeting read once and written once: the second delivery gave way before reading anything.
    expect(council.requests.filter((request) => request.operation === 'GetMeeting')).toHaveLength(2);
    expect((await meetings.list()).map((meeting) => meeting.version)).toEqual([1, 1]);
  });

  it('is recorded as failed, saying why, when the runner cannot be handed it', async () => {
    refuseHandOver = new Error('Rate exceeded');
    const asked = await admin('POST', `/v1/areas/${AREA}/connectors/council/runs`);
    expect(asked.status).toBe(202);
    const run = await admin('GET', asked.headers.get('location')!);
    expect(run.body).toMatchObject({
      status: 'failed',
      errors: ['the run could not be handed to the connector runner: Rate exceeded'],
    });
    expect(run.body.finishedAt).toBe(NOW.toISOString());
  });

  it('fails a run whose connector was removed before it started, and writes nothing', async () => {
    const asked = await admin('POST', `/v1/areas/${AREA}/connectors/council/runs`);
    expect((await admin('DELETE', `/v1/areas/${AREA}/connectors/council`)).status).toBe(204);
    expect(await performRequestedRun(handedOver[0]!, { store }, performRun(), logger)).toEqual({ performed: false });
    expect(await store.getRun(AREA, 'council', asked.body.id)).toMatchObject({
      status: 'failed',
      errors: ['the connector was removed before the run started'],
    });
    expect(council.requests).toEqual([]);
  });
});

describe('a scheduled run', () => {
  it('is claimed by the sweep, queued and handed over, not performed by the sweep', async () => {
    expect(
      (
        await admin('PUT', `/v1/areas/${AREA}/connectors/council`, {
          kind: 'moderngov',
          baseUrl: council.url,
          committees: [{ committeeId: '650', organisationId: PANEL }],
          every: 'PT6H',
        })
      ).status,
    ).toBe(200);
    const sweep = createConnectorSweep(hub.deps, {
      store,
      newRunId: () => `run-${String(++runs).padStart(4, '0')}`,
      start: startByHandingOver(
        async (request) => void handedOver.push(request),
        store,
        () => NOW,
        logger,
      ),
    });
    expect(await Promise.all([sweep(), sweep()])).toEqual(expect.arrayContaining([{ started: 1 }, { started: 0 }]));
    expect(handedOver).toHaveLength(1);
    const [run] = await store.listRuns(AREA, 'council', 5);
    expect(run).toMatchObject({ id: handedOver[0]!.runId, status: 'queued', trigger: 'schedule' });
    expect(council.requests).toEqual([]);
  });
});

describe('handing over to the runner on AWS', () => {
  const lambda = mockClient(LambdaClient);
  // An invocation's answer as the SDK gives it: bytes that also read as text.
  const payload = (text: string) => Object.assign(new TextEncoder().encode(text), { transformToString: () => text });
  afterEach(() => lambda.reset());

  it('is an asynchronous invocation of the runner with the run ids', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    await invokeRunner(new LambdaClient({}), 'hub-connector-runner')({ areaId: AREA, connectorId: 'council', runId: 'run-1' });
    const [call] = lambda.commandCalls(InvokeCommand);
    expect(call!.args[0].input).toMatchObject({ FunctionName: 'hub-connector-runner', InvocationType: 'Event' });
    expect(JSON.parse(new TextDecoder().decode(call!.args[0].input.Payload as Uint8Array))).toEqual({
      areaId: AREA,
      connectorId: 'council',
      runId: 'run-1',
    });
  });

  it("asks the runner for a council's committees with a synchronous invocation, and fails when the runner did", async () => {
    const committees = [{ committeeId: '650', title: 'Police and Crime Panel', expired: false, deleted: false }];
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload(JSON.stringify({ ok: true, committees })) });
    const ask = committeesFromRunner(new LambdaClient({}), 'hub-connector-runner');
    expect(await ask('https://democracy.example.gov.uk')).toEqual({ ok: true, committees });
    const [call] = lambda.commandCalls(InvokeCommand);
    expect(call!.args[0].input).toMatchObject({ FunctionName: 'hub-connector-runner', InvocationType: 'RequestResponse' });
    expect(JSON.parse(new TextDecoder().decode(call!.args[0].input.Payload as Uint8Array))).toEqual({
      committeesOf: 'https://democracy.example.gov.uk',
    });
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: payload('{"errorMessage":"Task timed out"}'),
    });
    await expect(ask('https://democracy.example.gov.uk')).rejects.toThrow(/runner failed to list the committees.*Task timed out/);
  });

  it('fails when Lambda does not accept the invocation', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200 });
    await expect(
      invokeRunner(new LambdaClient({}), 'hub-connector-runner')({ areaId: AREA, connectorId: 'c', runId: 'r' }),
    ).rejects.toThrow(/answered 200/);
    lambda.on(InvokeCommand).rejects(new Error('AccessDeniedException'));
    await expect(
      invokeRunner(new LambdaClient({}), 'hub-connector-runner')({ areaId: AREA, connectorId: 'c', runId: 'r' }),
    ).rejects.toThrow(/AccessDenied/);
  });
});
