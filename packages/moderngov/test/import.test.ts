import { afterEach, describe, expect, it } from 'vitest';
import { type FakeAnswer, type FakeModernGov, meetingsXml, meetingXml, startFakeModernGov, xml } from '../src/fake.ts';
import { MemoryMeetings } from '../src/fake-hub.ts';
import { createModernGovClient, importCommittee, ModernGovError, USER_AGENT } from '../src/index.ts';
import { HTML_PAGE, MANCHESTER, PANEL } from './support/fixtures.ts';

/**
 * A committee's meetings imported from a fake council serving the recorded and reconstructed
 * responses (and variations of them), into a body's meetings held in memory.
 */
const PANEL_NOW = new Date('2026-07-15T09:00:00Z'); // window 16/04/2026 – 15/07/2027
const MANCHESTER_NOW = new Date('2026-03-01T09:00:00Z'); // window 01/12/2025 – 01/03/2027

let fake: FakeModernGov | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

type Site = Record<string, string | FakeAnswer>;
const PANEL_SITE: Site = {
  GetMeetings: PANEL.meetings,
  'GetMeeting:90000': PANEL.cancelled90000,
  'GetMeeting:90001': PANEL.withAgenda90001,
  'GetMeeting:90003': PANEL.noAgendaYet90003,
};

async function council(site: Site): Promise<FakeModernGov> {
  fake = await startFakeModernGov((operation, query) => {
    const answer = site[operation === 'GetMeeting' ? `GetMeeting:${query.get('lMeetingId')}` : operation];
    if (answer === undefined)
      return operation === 'GetMeeting' ? { status: 500, contentType: 'text/plain', body: PANEL.missingParameter } : undefined;
    return typeof answer === 'string' ? xml(answer) : answer;
  });
  return fake;
}

const run = (site: FakeModernGov, writer: MemoryMeetings, committeeId: string, now: Date, extra: { timeoutMs?: number } = {}) =>
  importCommittee({ client: createModernGovClient({ baseUrl: site.url, allowLoopback: true, ...extra }), writer, committeeId, now });

describe('importing a committee from ModernGov', () => {
  it("imports the panel's meetings with their dates, times, statuses and agenda titles", async () => {
    const site = await council(PANEL_SITE);
    const body = new MemoryMeetings();
    const report = await run(site, body, '650', PANEL_NOW);
    expect(report.meetings).toEqual({ created: 3, revised: 0, cancelled: 0, unchanged: 0 });
    expect(report.errors).toEqual([]);
    const meeting = body.meetings.get('moderngov-650-90001')!;
    expect(meeting).toMatchObject({
      title: 'Example Police and Crime Panel',
      date: '2026-10-06',
      time: '10:00',
      location: 'Council Chamber, Shire Hall, Example Town, EX1 1AA',
      status: 'confirmed',
      visibility: 'public',
      origin: { system: 'moderngov', committeeId: '650', meetingId: '90001' },
    });
    expect(meeting.agenda).toEqual([
      { number: '1', title: 'Apologies' },
      {
        number: '5',
        title: "Police and Crime Commissioner's Annual Report 2025/26",
        links: [
          { title: 'PCC Annual Report 2025-26', url: 'https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=700001' },
          { title: 'Appendix A - Performance & Finance Summary', url: 'https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=700002' },
        ],
      },
      {
        number: '9',
        title: 'Exempt Item - Complaint against the Commissioner',
        restricted: true,
        links: [{ title: 'Exempt report', url: 'https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=700003', restricted: true }],
      },
    ]);
    expect(body.meetings.get('moderngov-650-90000')).toMatchObject({ date: '2026-06-30', status: 'cancelled', agenda: [] });
    expect(body.meetings.get('moderngov-650-90003')).toMatchObject({
      title: 'Example Police and Crime Panel: Precept Meeting',
      status: 'confirmed',
      agenda: [],
    });
  });

  it("imports Manchester's recorded meetings: one cancelled, one held, with the right agenda", async () => {
    const site = await council({
      GetMeetings: MANCHESTER.meetings,
      'GetMeeting:4966': MANCHESTER.cancelled4966,
      'GetMeeting:4967': MANCHESTER.held4967,
    });
    const body = new MemoryMeetings();
    const report = await run(site, body, '144', MANCHESTER_NOW);
    expect(report.meetings.created).toBe(2);
    expect(body.meetings.get('moderngov-144-4966')).toMatchObject({
      title: 'Audit Committee',
      date: '2026-01-13',
      time: '10:00',
      status: 'cancelled',
    });
    expect(body.meetings.get('moderngov-144-4967')).toMatchObject({ date: '2026-02-10', status: 'held' });
    expect(body.meetings.get('moderngov-144-4967')!.agenda.map((item) => `${item.number} ${item.title}`)).toEqual([
      '1 Minutes',
      '9 Work Programme',
    ]);
  });

  it('asks for the window in dd/mm/yyyy, names the hub in its User-Agent and keeps at most 4 requests in flight', async () => {
    const meetings = Array.from({ length: 30 }, (_, index) => ({
      id: 1000 + index,
      date: '01/09/2026',
      status: 'Confirmed',
      time: '6.00 pm',
      agenda: [],
    }));
    const site: Site = { GetMeetings: meetingsXml({ id: 7, title: 'Big Committee' }, meetings) };
    for (const meeting of meetings) site[`GetMeeting:${meeting.id}`] = { ...xml(meetingXml(meeting)), delayMs: 5 };
    const fakeSite = await council(site);
    const report = await run(fakeSite, new MemoryMeetings(), '7', PANEL_NOW);
    expect(report.meetings.created).toBe(30);
    const list = fakeSite.requests.find((request) => request.operation === 'GetMeetings')!;
    expect(Object.fromEntries(list.query)).toEqual({ lCommitteeId: '7', sFromDate: '16/04/2026', sToDate: '15/07/2027' });
    expect(new Set(fakeSite.requests.map((request) => request.userAgent))).toEqual(new Set([USER_AGENT]));
    expect(fakeSite.maxInFlight).toBeLessThanOrEqual(4);
    expect(fakeSite.maxInFlight).toBeGreaterThan(1);
  });

  it('filters by date on its side too, when the site ignores the dates asked for', async () => {
    const history = meetingsXml({ id: 650, title: 'Example Police and Crime Panel' }, [
      { id: 1, date: '01/01/2015', status: 'Confirmed', time: '10.00 am' },
      { id: 90001, date: '06/10/2026', status: 'Confirmed', time: '10.00 am' },
    ]);
    const site = await council({ ...PANEL_SITE, GetMeetings: history });
    const body = new MemoryMeetings();
    await run(site, body, '650', PANEL_NOW);
    expect([...body.meetings.keys()]).toEqual(['moderngov-650-90001']);
  });
});

describe('running again', () => {
  it('counts a meeting the hub already held as unchanged when its list had not yet caught up (the writer says so)', async () => {
    const site = await council(PANEL_SITE);
    const body = new MemoryMeetings();
    await run(site, body, '650', PANEL_NOW);
    // A list read from a view behind the log: empty, though the meetings are there; the hub's writer finds them the same.
    const lagging = Object.assign(new MemoryMeetings(), {
      list: async () => [],
      put: async (id: string) => ({ version: body.meetings.get(id)!.version, unchanged: true }),
    });
    const report = await run(site, lagging, '650', PANEL_NOW);
    expect(report.meetings).toEqual({ created: 0, revised: 0, cancelled: 0, unchanged: 3 });
  });

  it('changes nothing the second time: every meeting unchanged, nothing written', async () => {
    const site = await council(PANEL_SITE);
    const body = new MemoryMeetings();
    await run(site, body, '650', PANEL_NOW);
    const writes = body.writes.length;
    const second = await run(site, body, '650', PANEL_NOW);
    expect(second.meetings).toEqual({ created: 0, revised: 0, cancelled: 0, unchanged: 3 });
    expect(body.writes.length).toBe(writes);
  });

  it('revises a meeting that changed at the source, with its version', async () => {
    const site = await council(PANEL_SITE);
    const body = new MemoryMeetings();
    await run(site, body, '650', PANEL_NOW);
    const before = body.meetings.get('moderngov-650-90001')!.version;
    await site.stop();
    const moved = await council({
      ...PANEL_SITE,
      'GetMeeting:90001': PANEL.withAgenda90001
        .replace('<meetingtime>10.00 am</meetingtime>', '<meetingtime>2.30 pm</meetingtime>')
        .replace('>Apologies<', '>Apologies for absence<'),
    });
    const report = await run(moved, body, '650', PANEL_NOW);
    expect(report.meetings).toEqual({ created: 0, revised: 1, cancelled: 0, unchanged: 2 });
    expect(body.meetings.get('moderngov-650-90001')).toMatchObject({ time: '14:30', version: before + 1 });
    expect(body.meetings.get('moderngov-650-90001')!.agenda[0]!.title).toBe('Apologies for absence');
    expect(body.writes.at(-1)!.expectedVersion).toBe(before);
  });

  it('cancels a meeting cancelled at the source', async () => {
    const site = await council(PANEL_SITE);
    const body = new MemoryMeetings();
    await run(site, body, '650', PANEL_NOW);
    await site.stop();
    const cancelled = await council({
      ...PANEL_SITE,
      GetMeetings: PANEL.meetings.replace(
        /(<meetingid>90001<\/meetingid>\s*<meetingdate>06\/10\/2026<\/meetingdate>\s*<meetingstatus>)Confirmed/,
        '$1Cancelled',
      ),
      'GetMeeting:90001': PANEL.withAgenda90001.replace(
        '<meetingstatus>Confirmed</meetingstatus>',
        '<meetingstatus>Cancelled</meetingstatus>',
      ),
    });
    const report = await run(cancelled, body, '650', PANEL_NOW);
    expect(report.meetings).toEqual({ created: 0, revised: 0, cancelled: 1, unchanged: 2 });
    expect(body.meetings.get('moderngov-650-90001')!.status).toBe('cancelled');
  });

  it('cancels a meeting missing from the list only once GetMeeting confirms it is gone or cancelled', async () => {
    const site = await council(PANEL_SITE);
    const body = new MemoryMeetings();
    await run(site, body, '650', PANEL_NOW);
    await site.stop();
    const withoutPrecept = PANEL.meetings.replace(/<meeting>\s*<meetingid>90003[\s\S]*?<\/meeting>/, '');

    // Missing from the list, but GetMeeting still shows it: nothing is cancelled.
    let report = await run(await council({ ...PANEL_SITE, GetMeetings: withoutPrecept }), body, '650', PANEL_NOW);
    expect(report.meetings).toEqual({ created: 0, revised: 0, cancelled: 0, unchanged: 3 });
    expect(fake!.requests.filter((request) => request.query.get('lMeetingId') === '90003')).toHaveLength(1);
    await fake!.stop();

    // GetMeeting answers an empty meeting: it is gone, so the hub's copy is cancelled (and kept).
    report = await run(
      await council({
        ...PANEL_SITE,
        GetMeetings: withoutPrecept,
        'GetMeeting:90003': '<?xml version="1.0" encoding="utf-8"?>\n<meeting>\n  <meetingid>\n  </meetingid>\n</meeting>',
      }),
      body,
      '650',
      PANEL_NOW,
    );
    expect(report.meetings).toEqual({ created: 0, revised: 0, cancelled: 1, unchanged: 2 });
    expect(body.meetings.get('moderngov-650-90003')).toMatchObject({
      status: 'cancelled',
      title: 'Example Police and Crime Panel: Precept Meeting',
    });
    await fake!.stop();

    // Already cancelled: the next run leaves it alone and does not ask again.
    report = await run(await council({ ...PANEL_SITE, GetMeetings: withoutPrecept }), body, '650', PANEL_NOW);
    expect(report.meetings).toEqual({ created: 0, revised: 0, cancelled: 0, unchanged: 2 });
    expect(fake!.requests.some((request) => request.query.get('lMeetingId') === '90003')).toBe(false);
  });

  it('leaves alone meetings of other committees and ones made by hand', async () => {
    const body = new MemoryMeetings();
    await body.put(
      'by-hand',
      { title: 'Informal session', date: '2026-09-01', status: 'confirmed', agenda: [], visibility: 'public' },
      undefined,
    );
    await body.put(
      'moderngov-651-1',
      {
        title: 'Other',
        date: '2026-09-01',
        status: 'confirmed',
        agenda: [],
        visibility: 'public',
        origin: { system: 'moderngov', committeeId: '651', meetingId: '1' },
      },
      undefined,
    );
    const site = await council(PANEL_SITE);
    const report = await run(site, body, '650', PANEL_NOW);
    expect(report.meetings.created).toBe(3);
    expect(body.meetings.get('by-hand')!.version).toBe(1);
    expect(body.meetings.get('moderngov-651-1')!.status).toBe('confirmed');
  });
});

describe('a broken response fails the run cleanly, with nothing written', () => {
  const failures: [string, Site, RegExp][] = [
    [
      'broken XML',
      { ...PANEL_SITE, 'GetMeeting:90003': PANEL.noAgendaYet90003.slice(0, 300) },
      /GetMeeting\?lMeetingId=90003: answered text that is not well-formed XML/,
    ],
    [
      'an HTML page with 200',
      { ...PANEL_SITE, GetMeetings: { status: 200, contentType: 'text/html', body: HTML_PAGE } },
      /GetMeetings\?lCommitteeId=650&sFromDate=16%2F04%2F2026&sToDate=15%2F07%2F2027: answered with an HTML page/,
    ],
    [
      'a plain-text HTTP 500',
      { ...PANEL_SITE, 'GetMeeting:90001': { status: 500, contentType: 'text/plain', body: PANEL.missingParameter } },
      /GetMeeting\?lMeetingId=90001: answered HTTP 500: Missing parameter: lMeetingId\.$/,
    ],
    [
      'a timeout',
      { ...PANEL_SITE, 'GetMeeting:90001': { ...xml(PANEL.withAgenda90001), delayMs: 2_000 } },
      /GetMeeting\?lMeetingId=90001: no complete answer within 0\.3 s$/,
    ],
  ];
  for (const [what, site, message] of failures) {
    it(`fails on ${what}, naming the URL and what was wrong`, async () => {
      const body = new MemoryMeetings();
      const failure = run(await council(site), body, '650', PANEL_NOW, { timeoutMs: 300 });
      await expect(failure).rejects.toBeInstanceOf(ModernGovError);
      await expect(failure).rejects.toThrow(message);
      expect(body.writes).toEqual([]);
    });
  }

  it('refuses a council at a private address, and plain http unless loopback is allowed', async () => {
    const site = await council(PANEL_SITE);
    const body = new MemoryMeetings();
    const strict = createModernGovClient({ baseUrl: site.url, allowLoopback: false });
    await expect(importCommittee({ client: strict, writer: body, committeeId: '650', now: PANEL_NOW })).rejects.toThrow(
      /refused: 127\.0\.0\.1 is a loopback address/,
    );
    const privateSite = createModernGovClient({
      baseUrl: 'https://moderngov.internal/',
      allowLoopback: true,
      resolve: async () => [{ address: '10.0.0.8', family: 4 }],
    });
    await expect(privateSite.committees()).rejects.toThrow(
      /moderngov\.internal resolves to 10\.0\.0\.8, which is a private-network address/,
    );
    expect(site.requests).toEqual([]);
  });
});

describe('what the body changed on the hub, kept by the next run', () => {
  it('keeps the visibility, agenda themes, work programme item and links the body added; the council still decides the rest', async () => {
    const site = await council(PANEL_SITE);
    const body = new MemoryMeetings();
    await run(site, body, '650', PANEL_NOW);
    const imported = body.meetings.get('moderngov-650-90001')!;
    const { id, version, ...payload } = structuredClone(imported);
    payload.visibility = 'partners';
    payload.agenda[1] = { ...payload.agenda[1]!, themes: ['public-confidence'], workProgrammeItemId: 'annual-report' };
    payload.links = [...(payload.links ?? []), { title: 'Webcast', url: 'https://example.org/webcast' }];
    await body.put(id, payload, version);

    const second = await run(site, body, '650', PANEL_NOW);
    expect(second.meetings).toEqual({ created: 0, revised: 0, cancelled: 0, unchanged: 3 });
    expect(body.meetings.get(id)!.version).toBe(version + 1);

    await site.stop();
    const retitled = await council({
      ...PANEL_SITE,
      'GetMeeting:90001': PANEL.withAgenda90001.replace(
        'Police and Crime Commissioner&amp;#39;s Annual Report 2025/26',
        'Annual Report of the Commissioner',
      ),
    });
    const third = await run(retitled, body, '650', PANEL_NOW);
    expect(third.meetings).toEqual({ created: 0, revised: 1, cancelled: 0, unchanged: 2 });
    // (The fake council is plain http on loopback, so the meeting has no link to the council's page.)
    expect(body.meetings.get(id)).toMatchObject({
      visibility: 'partners',
      links: [{ title: 'Webcast', url: 'https://example.org/webcast' }],
    });
    expect(body.meetings.get(id)!.agenda[1]).toMatchObject({
      number: '5',
      title: 'Annual Report of the Commissioner',
      themes: ['public-confidence'],
      workProgrammeItemId: 'annual-report',
    });
  });

  it('never lifts a restriction the hub holds: an item or paper restricted on the hub stays restricted', async () => {
    const site = await council(PANEL_SITE);
    const body = new MemoryMeetings();
    await run(site, body, '650', PANEL_NOW);
    const { id, version, ...payload } = structuredClone(body.meetings.get('moderngov-650-90001')!);
    payload.agenda[1] = {
      ...payload.agenda[1]!,
      links: payload.agenda[1]!.links!.map((link, index) => (index === 1 ? { ...link, restricted: true } : link)),
    };
    payload.agenda[0] = { ...payload.agenda[0]!, restricted: true };
    await body.put(id, payload, version);

    expect((await run(site, body, '650', PANEL_NOW)).meetings.unchanged).toBe(3);
    expect(body.meetings.get(id)!.agenda[0]!.restricted).toBe(true);
    expect(body.meetings.get(id)!.agenda[1]!.links![1]!.restricted).toBe(true);
  });

  it('does not put back a meeting the body withdrew on the hub, and says so', async () => {
    const site = await council(PANEL_SITE);
    const body = new MemoryMeetings();
    await run(site, body, '650', PANEL_NOW);
    // As the hub-side writer lists a withdrawn meeting: still there, marked withdrawn.
    body.meetings.get('moderngov-650-90003')!.withdrawn = true;
    const writes = body.writes.length;

    const lines: string[] = [];
    const report = await importCommittee({
      client: createModernGovClient({ baseUrl: site.url, allowLoopback: true }),
      writer: body,
      committeeId: '650',
      now: PANEL_NOW,
      progress: (line) => lines.push(line),
    });
    expect(report.meetings).toEqual({ created: 0, revised: 0, cancelled: 0, unchanged: 2 });
    expect(report.errors).toEqual([]);
    expect(report.notes).toEqual(['moderngov-650-90003: withdrawn on the hub, not re-created']);
    expect(lines).toContain('not re-created moderngov-650-90003: withdrawn on the hub');
    expect(body.writes.length).toBe(writes);
  });
});

describe("the council's text, fitted to the hub's rules", () => {
  it('drops characters that mean nothing, cuts what is too long, leaves out papers without a web address, and says so', async () => {
    const strange = PANEL.withAgenda90001
      .replace(
        '<meetinglocation>Council Chamber, Shire Hall, Example Town, EX1 1AA</meetinglocation>',
        `<meetinglocation>Room &#x1B;1&#1;&#x85;&#xFFFE; ${'x'.repeat(400)}</meetinglocation>`,
      )
      .replace(
        '<agendaitemtitle>Apologies</agendaitemtitle>',
        '<agendaitemtitle>Minutes &#x202E;gpj.exe &amp;#x202E;&amp;#x2066;</agendaitemtitle>',
      )
      .replace('https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=700002', 'javascript:alert(1)');
    const site = await council({ ...PANEL_SITE, 'GetMeeting:90001': strange });
    const body = new MemoryMeetings();
    const report = await run(site, body, '650', PANEL_NOW);
    expect(report.errors).toEqual([]);
    const meeting = body.meetings.get('moderngov-650-90001')!;
    expect(meeting.location).toBe(`Room 1 ${'x'.repeat(292)}…`);
    expect(meeting.agenda[0]!.title).toBe('Minutes gpj.exe');
    expect(meeting.agenda[1]!.links).toEqual([
      { title: 'PCC Annual Report 2025-26', url: 'https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=700001' },
    ]);
    expect(report.notes).toEqual([
      "moderngov-650-90001: the location has 407 characters, more than the hub's 300: cut to fit",
      'moderngov-650-90001: agenda item 5: the paper "Appendix A - Performance & Finance Summary" is left out: its address is not a web address (http or https)',
    ]);
  });
});

describe("the council's lists, fitted to the hub's limits", () => {
  it("links an item's first 50 papers and cuts a committee title over 200 characters, saying so", async () => {
    const papers = Array.from({ length: 55 }, (_, index) => ({ id: 800 + index, title: `Appendix ${index + 1}` }));
    const meeting = {
      id: 7001,
      date: '01/09/2026',
      status: 'Confirmed',
      time: '10.00 am',
      agenda: [{ id: 1, number: '3', title: 'Budget', papers }],
    };
    const site = await council({
      GetMeetings: meetingsXml({ id: 7, title: `Committee ${'c'.repeat(250)}` }, [meeting]),
      'GetMeeting:7001': meetingXml(meeting),
    });
    const body = new MemoryMeetings();
    const report = await run(site, body, '7', PANEL_NOW);
    expect(report.errors).toEqual([]);
    const stored = body.meetings.get('moderngov-7-7001')!;
    expect(stored.title).toHaveLength(200);
    expect(stored.title.endsWith('c…')).toBe(true);
    expect(stored.agenda[0]!.links).toHaveLength(50);
    expect(stored.agenda[0]!.links!.at(-1)!.title).toBe('Appendix 50');
    expect(report.notes).toEqual([
      "moderngov-7-7001: the title has 260 characters, more than the hub's 200: cut to fit",
      "moderngov-7-7001: agenda item 3: 55 papers, more than the hub's 50: the first 50 are linked, the rest are on the council's page",
    ]);
  });
});

describe('answers that are not what was asked for', () => {
  it('refuses a GetMeetings answer about another committee, with nothing written', async () => {
    const site = await council({
      ...PANEL_SITE,
      GetMeetings: PANEL.meetings.replace('<committeeid>650</committeeid>', '<committeeid>999</committeeid>'),
    });
    const body = new MemoryMeetings();
    await expect(run(site, body, '650', PANEL_NOW)).rejects.toThrow(
      /GetMeetings\?lCommitteeId=650&.*: answered with the meetings of committee "999", not committee 650 as asked$/,
    );
    expect(body.writes).toEqual([]);
  });

  it('refuses a GetMeeting answer about another meeting, with nothing written', async () => {
    const site = await council({
      ...PANEL_SITE,
      'GetMeeting:90001': PANEL.withAgenda90001.replace('<meetingid>90001</meetingid>', '<meetingid>99</meetingid>'),
    });
    const body = new MemoryMeetings();
    await expect(run(site, body, '650', PANEL_NOW)).rejects.toThrow(
      /GetMeeting\?lMeetingId=90001: answered with meeting "99", not meeting 90001 as asked$/,
    );
    expect(body.writes).toEqual([]);
  });
});

describe('answers in other character sets', () => {
  it('reads an answer in the character set it declares, and refuses one that does not say and is not UTF-8', async () => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const cafe = PANEL.withAgenda90001.replace('<meetinglocation>Council Chamber', '<meetinglocation>Café Chamber');
    const site = await council({
      ...PANEL_SITE,
      'GetMeeting:90001': { contentType: 'text/xml; charset=iso-8859-1', body: latin1(cafe) },
    });
    const body = new MemoryMeetings();
    await run(site, body, '650', PANEL_NOW);
    expect(body.meetings.get('moderngov-650-90001')!.location).toBe('Café Chamber, Shire Hall, Example Town, EX1 1AA');
    await site.stop();

    const withoutDeclaration = cafe.replace(/^<\?xml[^>]*>\s*/, '');
    const undeclared = await council({ ...PANEL_SITE, 'GetMeeting:90001': { contentType: 'text/xml', body: latin1(withoutDeclaration) } });
    await expect(run(undeclared, new MemoryMeetings(), '650', PANEL_NOW)).rejects.toThrow(
      /GetMeeting\?lMeetingId=90001: answered text that is not UTF-8 without saying which character set it is in/,
    );
  });
});
