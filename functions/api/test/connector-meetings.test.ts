import { type FakeMeeting, type FakeModernGov, meetingsXml, meetingXml, startFakeModernGov, xml } from '@partnership-hub/moderngov/fake';
import { InMemoryConnectorStore } from '@partnership-hub/store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectorMeetingWriter } from '../src/connector-meetings.ts';
import { inProcessConnectorServices } from '../src/connector-services.ts';
import { inMemoryApp } from './in-memory-app.ts';
import { jsonCaller } from './json-call.ts';

/**
 * The hub-side connector writing into the hub's own meetings (connectorMeetingWriter over the
 * in-memory stores), beside the body's own changes through the API: what the body changed on the
 * hub stays, and what the council sends is held to the same rules as a PUT of the meeting.
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const PANEL = 'police-and-crime-panel';
const NOW = new Date('2026-03-01T09:00:00.000Z');
const meetingsPath = `/v1/areas/${AREA}/organisations/${PANEL}/meetings`;

let hub: ReturnType<typeof inMemoryApp>;
let services: ReturnType<typeof inProcessConnectorServices>;
let council: FakeModernGov;
let meetings: FakeMeeting[];
/** Answers given in place of the generated GetMeeting documents, by meeting id. */
let answers: Record<string, string>;
let panelKey: string;
let runs = 0;

const call = jsonCaller(() => hub.app);

beforeEach(async () => {
  meetings = [
    {
      id: 11,
      date: '10/03/2026',
      status: 'Confirmed',
      time: '10.00 am',
      location: 'Town Hall',
      agenda: [
        { id: 1, number: '1', title: 'Minutes' },
        { id: 2, number: '2', title: 'Domestic abuse strategy', papers: [{ id: 700, title: 'Report' }] },
      ],
    },
    { id: 12, date: '06/10/2026', status: 'Confirmed', time: '2.00 pm', agenda: [{ id: 3, number: '5', title: "Commissioner's report" }] },
  ];
  answers = {};
  council = await startFakeModernGov((operation, query) => {
    if (operation === 'GetMeetings') return xml(meetingsXml({ id: 650, title: 'Police and Crime Panel' }, meetings));
    const id = query.get('lMeetingId') ?? '';
    if (operation === 'GetMeeting' && answers[id]) return xml(answers[id]);
    const meeting = meetings.find((candidate) => String(candidate.id) === id);
    return operation === 'GetMeeting' && meeting ? xml(meetingXml(meeting)) : undefined;
  });
  services = inProcessConnectorServices({
    store: new InMemoryConnectorStore(),
    allowLoopback: true,
    writerFor: (connector, organisationId) => connectorMeetingWriter(hub.deps, connector, organisationId),
    clock: () => NOW,
    newRunId: () => `run-${String(++runs).padStart(4, '0')}`,
    logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    timeoutMs: 2_000,
  });
  hub = inMemoryApp(ADMIN_KEY, { project: true, clock: () => NOW, connectors: services });
  await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN_KEY, body: { name: 'Test Area' } });
  await call('PUT', `/v1/areas/${AREA}/organisations/${PANEL}`, {
    key: ADMIN_KEY,
    body: { name: 'Police and Crime Panel', kind: 'panel' },
  });
  panelKey = (await call('POST', `/v1/areas/${AREA}/organisations/${PANEL}/api-keys`, { key: ADMIN_KEY })).body.key;
  const connector = { kind: 'moderngov', baseUrl: council.url, committees: [{ committeeId: '650', organisationId: PANEL }] };
  expect((await call('PUT', `/v1/areas/${AREA}/connectors/council`, { key: ADMIN_KEY, body: connector })).status).toBe(201);
});

afterEach(async () => {
  await services.idle();
  await council.stop();
});

/** Runs the connector to its end and answers the run as the API shows it. */
async function runConnector() {
  const started = await call('POST', `/v1/areas/${AREA}/connectors/council/runs`, { key: ADMIN_KEY });
  expect(started.status).toBe(202);
  await services.idle();
  return (await call('GET', started.headers.get('location')!, { key: ADMIN_KEY })).body;
}

const read = async (id: string) => (await call('GET', `${meetingsPath}/${id}`, { key: panelKey })).body;

/** The body's own change to a meeting through the API: the meeting as read, changed, with If-Match. */
async function bodyChanges(id: string, change: (meeting: Record<string, unknown>) => Record<string, unknown>) {
  const meeting = await read(id);
  const answer = await call('PUT', `${meetingsPath}/${id}`, {
    key: panelKey,
    body: change(meeting),
    headers: { 'if-match': `"${meeting.version}"` },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

describe("the body's own changes to an imported meeting", () => {
  it('keeps the themes and work programme item the body gave an agenda item', async () => {
    await runConnector();
    const item = {
      title: 'Domestic abuse strategy review',
      themes: ['domestic-abuse'],
      kind: 'report',
      status: 'planned',
      visibility: 'public',
    };
    expect((await call('PUT', `/v1/areas/${AREA}/organisations/${PANEL}/work-programme/wp-1`, { key: panelKey, body: item })).status).toBe(
      201,
    );
    await bodyChanges('moderngov-650-11', (meeting) => ({
      ...meeting,
      agenda: (meeting.agenda as Record<string, unknown>[]).map((entry) =>
        entry.number === '2' ? { ...entry, themes: ['domestic-abuse'], workProgrammeItemId: 'wp-1' } : entry,
      ),
    }));

    const second = await runConnector();
    expect(second).toMatchObject({ status: 'succeeded', meetings: { created: 0, revised: 0, cancelled: 0, unchanged: 2 } });
    expect((await read('moderngov-650-11')).agenda[1]).toMatchObject({ themes: ['domestic-abuse'], workProgrammeItemId: 'wp-1' });
    expect((await read('moderngov-650-11')).version).toBe(2);

    // The council changes the item's title: the title is the council's, the themes stay the body's.
    meetings[0]!.agenda[1]!.title = 'Domestic abuse strategy 2026-29';
    const third = await runConnector();
    expect(third.meetings).toEqual({ created: 0, revised: 1, cancelled: 0, unchanged: 1 });
    expect((await read('moderngov-650-11')).agenda[1]).toMatchObject({
      number: '2',
      title: 'Domestic abuse strategy 2026-29',
      themes: ['domestic-abuse'],
      workProgrammeItemId: 'wp-1',
    });
  });

  it('keeps a meeting the body made partners-only out of the public feed', async () => {
    await runConnector();
    await bodyChanges('moderngov-650-12', (meeting) => ({ ...meeting, visibility: 'partners' }));

    expect((await runConnector()).meetings).toEqual({ created: 0, revised: 0, cancelled: 0, unchanged: 2 });
    expect((await read('moderngov-650-12')).visibility).toBe('partners');
    const feed = await call('GET', `/v1/areas/${AREA}/feed.json`);
    expect(JSON.stringify(feed.body)).not.toContain('moderngov-650-12');
  });

  it('does not put back a meeting the body withdrew, and says so', async () => {
    await runConnector();
    expect((await call('DELETE', `${meetingsPath}/moderngov-650-12`, { key: panelKey, headers: { 'if-match': '"1"' } })).status).toBe(200);

    const second = await runConnector();
    expect(second).toMatchObject({ status: 'succeeded', meetings: { created: 0, revised: 0, cancelled: 0, unchanged: 1 } });
    expect(second.progress).toContain('moderngov-650-12: withdrawn on the hub, not re-created');
    expect((await call('GET', `${meetingsPath}/moderngov-650-12`)).status).toBe(404);
  });
});

describe("what the council sends, held to the meetings' own rules", () => {
  const meeting11 = () => meetingXml(meetings[0]!);

  it('strips characters that mean nothing and that the hub refuses, so the meeting is taken', async () => {
    answers['11'] = meeting11()
      .replace('<meetinglocation>Town Hall</meetinglocation>', '<meetinglocation>Town&#x1B; Hall&#1;&#x85;&#xFFFE;</meetinglocation>')
      .replace(/<agendaitemtitle>Minutes<\/agendaitemtitle>/, '<agendaitemtitle>Minutes &#x202E;gpj.exe &amp;#x202E;x</agendaitemtitle>');

    const run = await runConnector();
    expect(run).toMatchObject({ status: 'succeeded', errors: [] });
    const stored = await read('moderngov-650-11');
    expect(stored.location).toBe('Town Hall');
    expect(stored.agenda[0].title).toBe('Minutes gpj.exe x');
    // The body can send back exactly what the connector stored.
    await bodyChanges('moderngov-650-11', (meeting) => meeting);
  });

  it('fits what it can to the limits, and refuses one meeting in plain words without stopping the others', async () => {
    meetings[0]!.agenda[1]!.title = 'A'.repeat(600);
    answers['11'] = meetingXml(meetings[0]!)
      .replace('<meetinglocation>Town Hall</meetinglocation>', `<meetinglocation>${'L'.repeat(400)}</meetinglocation>`)
      .replace(
        '</linkeddoc>',
        '</linkeddoc><linkeddoc><title>Bad</title><url>javascript:alert(1)</url><isrestricted>False</isrestricted></linkeddoc><linkeddoc><title>Relative</title><url>/documents/s1.pdf</url><isrestricted>False</isrestricted></linkeddoc>',
      );
    answers['12'] = meetingXml(meetings[1]!).replace(
      '<fulldisplaynumberformat>5.</fulldisplaynumberformat>',
      `<fulldisplaynumberformat>${'5'.repeat(25)}.</fulldisplaynumberformat>`,
    );

    const run = await runConnector();
    expect(run.meetings).toEqual({ created: 1, revised: 0, cancelled: 0, unchanged: 0 });
    expect(run.errors).toEqual(['committee 650: moderngov-650-12: agenda[0].number must be 20 characters or fewer']);
    const stored = await read('moderngov-650-11');
    expect(stored.location).toHaveLength(300);
    expect(stored.location.endsWith('…')).toBe(true);
    expect(stored.agenda[1].title).toBe(`${'A'.repeat(499)}…`);
    expect(stored.agenda[1].links).toEqual([{ title: 'Report', url: 'https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=700' }]);
    expect(run.progress).toContain('agenda item 2: the paper "Bad" is left out: its address is not a web address (http or https)');
  });
});
