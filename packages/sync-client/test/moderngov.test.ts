import { type FakeMeeting, type FakeModernGov, meetingsXml, meetingXml, startFakeModernGov, xml } from '@partnership-hub/moderngov/fake';
import { type FakeHub, startFakeHub } from '@partnership-hub/moderngov/fake-hub';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../src/index.ts';

/**
 * `partnership-hub moderngov` end to end: a fake council's web service on loopback, and a fake of
 * the hub's meetings API that keeps versions and honours If-Match. The meetings are dated from
 * today, so the window (90 days back, 365 ahead) holds them whenever the test runs.
 */
const KEY = 'body-key';
const AREA = 'area-1';
const BODY = 'panel';
let council: FakeModernGov | undefined;
let hub: FakeHub | undefined;

afterEach(async () => {
  await council?.stop();
  await hub?.stop();
  council = undefined;
  hub = undefined;
});

const day = (offset: number) => {
  const date = new Date(Date.now() + offset * 86_400_000);
  return `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`;
};

const MEETINGS: FakeMeeting[] = [
  { id: 501, date: day(-30), status: 'Confirmed', time: '6.00 pm', agenda: [{ id: 1, number: '1', title: 'Minutes' }] },
  {
    id: 502,
    date: day(40),
    status: 'Confirmed; Special Meeting',
    time: '10.30 am',
    location: 'Shire Hall',
    agenda: [
      { id: 2, number: '1', title: 'Apologies' },
      { id: 3, number: '4', title: "Commissioner's proposed precept", papers: [{ id: 70, title: 'Precept report' }] },
      { id: 4, number: '7', title: 'Exempt item', restricted: true },
    ],
  },
  { id: 503, date: day(60), status: 'Cancelled', time: '10.00 am', agenda: [] },
];

async function start(meetings: FakeMeeting[], broken: Record<number, string> = {}): Promise<void> {
  await council?.stop();
  council = await startFakeModernGov((operation, query) => {
    if (operation === 'GetMeetings') return xml(meetingsXml({ id: 650, title: 'Police and Crime Panel' }, meetings));
    const id = Number(query.get('lMeetingId'));
    if (operation === 'GetMeeting' && broken[id]) return { status: 500, contentType: 'text/plain', body: broken[id] };
    const meeting = meetings.find((candidate) => candidate.id === id);
    return operation === 'GetMeeting' && meeting ? xml(meetingXml(meeting)) : undefined;
  });
  hub ??= await startFakeHub({ key: KEY });
}

async function cli(...extra: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main(
    ['moderngov', '--base-url', council!.url, '--committee', '650', '--organisation', BODY, '--area', AREA, '--hub', hub!.url, ...extra],
    { stderr: (line) => lines.push(line), env: { HUB_KEY: KEY, HUB_ALLOW_LOOPBACK_WEBHOOKS: '1' } },
  );
  return { code, lines };
}

const body = () => hub!.bodies.get(`${AREA}/${BODY}`)!;

describe('partnership-hub moderngov', () => {
  it('imports the committee into the body, a line per meeting and a summary, and the second run changes nothing', async () => {
    await start(MEETINGS);
    const first = await cli();
    expect(first.code).toBe(0);
    expect(first.lines.filter((line) => / created moderngov-650-50\d /.test(line))).toHaveLength(3);
    expect(first.lines.at(-1)).toBe('partnership-hub moderngov: 3 created, 0 revised, 0 cancelled, 0 unchanged');
    expect(body().meetings.get('moderngov-650-501')).toMatchObject({
      status: 'held',
      time: '18:00',
      agenda: [{ number: '1', title: 'Minutes' }],
    });
    expect(body().meetings.get('moderngov-650-502')).toMatchObject({
      title: 'Police and Crime Panel: Special Meeting',
      status: 'confirmed',
      time: '10:30',
      location: 'Shire Hall',
      agenda: [
        { number: '1', title: 'Apologies' },
        {
          number: '4',
          title: "Commissioner's proposed precept",
          links: [{ title: 'Precept report', url: 'https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=70' }],
        },
        { number: '7', title: 'Exempt item', restricted: true },
      ],
    });
    expect(body().meetings.get('moderngov-650-503')!.status).toBe('cancelled');

    const writes = body().writes.length;
    const second = await cli();
    expect(second.code).toBe(0);
    expect(second.lines.at(-1)).toBe('partnership-hub moderngov: 0 created, 0 revised, 0 cancelled, 3 unchanged');
    expect(body().writes.length).toBe(writes);
  });

  it('revises and cancels with If-Match on the versions the hub holds', async () => {
    await start(MEETINGS);
    await cli();
    const changed = MEETINGS.map((meeting) =>
      meeting.id === 502 ? { ...meeting, time: '2.00 pm' } : meeting.id === 501 ? meeting : { ...meeting, status: 'Confirmed' },
    ).map((meeting) => (meeting.id === 502 ? { ...meeting, status: 'Cancelled' } : meeting));
    await start(changed);
    const { code, lines } = await cli();
    expect(code).toBe(0);
    expect(lines.at(-1)).toBe('partnership-hub moderngov: 0 created, 1 revised, 1 cancelled, 1 unchanged');
    expect(body().meetings.get('moderngov-650-502')).toMatchObject({ status: 'cancelled', time: '14:00', version: 2 });
    expect(body().meetings.get('moderngov-650-503')).toMatchObject({ status: 'confirmed', version: 2 });
    expect(
      body()
        .writes.slice(-2)
        .map((write) => write.expectedVersion),
    ).toEqual([1, 1]);
  });

  it('leaves a meeting the body withdrew on the hub withdrawn: the list leaves it out, the create is refused, and the run says so', async () => {
    await start(MEETINGS);
    await cli();
    // Withdrawn on the hub, as the API keeps it: still under its id, out of the list.
    const withdrawn = body().meetings.get('moderngov-650-501')!;
    Object.assign(withdrawn, { withdrawn: true, version: withdrawn.version + 1 });
    const writes = body().writes.length;

    const { code, lines } = await cli();

    expect(code).toBe(0);
    expect(lines).toContain('partnership-hub moderngov: not re-created moderngov-650-501: withdrawn on the hub');
    expect(lines.at(-1)).toBe('partnership-hub moderngov: 0 created, 0 revised, 0 cancelled, 2 unchanged');
    expect(body().meetings.get('moderngov-650-501')).toMatchObject({ withdrawn: true, version: 2 });
    expect(body().writes.length).toBe(writes);
  });

  it('never replaces a meeting its list did not show: one the same is unchanged, one that differs is left for the next run', async () => {
    await start(MEETINGS);
    await cli();
    // A list read from a view behind the log (or before another writer's meeting reached it): empty.
    body().list = async () => [];
    const edited = body().meetings.get('moderngov-650-502')!;
    Object.assign(edited, { location: 'Council Chamber', version: edited.version + 1 });
    const writes = body().writes.length;

    const { code, lines } = await cli();

    expect(code).toBe(0);
    expect(lines).toContain('partnership-hub moderngov: not created moderngov-650-502: written on the hub meanwhile');
    expect(lines.at(-1)).toBe('partnership-hub moderngov: 0 created, 0 revised, 0 cancelled, 2 unchanged');
    expect(body().meetings.get('moderngov-650-502')).toMatchObject({ location: 'Council Chamber', version: 2 });
    expect(body().writes.length).toBe(writes);
  });

  it('fails cleanly on a broken answer: the URL and what was wrong, nothing written, exit 1', async () => {
    await start(MEETINGS, { 502: 'Missing parameter: lMeetingId.' });
    const { code, lines } = await cli();
    expect(code).toBe(1);
    expect(lines.at(-1)).toMatch(
      /^partnership-hub moderngov: failed, nothing written: http:\/\/127\.0\.0\.1:\d+\/mgWebService\.asmx\/GetMeeting\?lMeetingId=502: answered HTTP 500: Missing parameter: lMeetingId\.$/,
    );
    expect(hub!.bodies.get(`${AREA}/${BODY}`)?.writes ?? []).toEqual([]);
  });

  it('reports meetings the hub would not take, and exits 1', async () => {
    await start(MEETINGS);
    const { code, lines } = await cli('--key', 'not-the-key');
    expect(code).toBe(1);
    expect(lines.at(-4)).toBe('partnership-hub moderngov: 0 created, 0 revised, 0 cancelled, 0 unchanged; 3 not written');
    expect(lines.at(-1)).toMatch(/not written: moderngov-650-50\d: PUT .* answered 401/);
  });

  it('refuses plain http to a council unless loopback is allowed', async () => {
    await start(MEETINGS);
    const lines: string[] = [];
    const code = await main(
      ['moderngov', '--base-url', council!.url, '--committee', '650', '--organisation', BODY, '--area', AREA, '--hub', hub!.url],
      { stderr: (line) => lines.push(line), env: { HUB_KEY: KEY } },
    );
    expect(code).toBe(1);
    expect(lines.at(-1)).toMatch(/refused: 127\.0\.0\.1 is a loopback address/);
    expect(council!.requests).toEqual([]);
  });

  it('names what is missing or wrong in the command line, exit 2', async () => {
    const lines: string[] = [];
    expect(
      await main(['moderngov', '--base-url', 'https://democracy.example.gov.uk', '--days-back', 'ninety'], {
        stderr: (line) => lines.push(line),
        env: {},
      }),
    ).toBe(2);
    expect(
      lines[0]!.startsWith(
        'Missing: --committee, --organisation, --area, --hub, --key (or HUB_KEY)\n--days-back must be a whole number of days from 0 to 3660\n\n',
      ),
    ).toBe(true);
    expect(lines[0]).toContain('partnership-hub moderngov --base-url');
  });
});
