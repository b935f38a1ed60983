import { type RecordOf, toViewRecord } from '@partnership-hub/domain';
import { type HubEvent, ItemId, WorkProgrammeItemState } from '@partnership-hub/events';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  alternateLinks,
  alternateLinksHtml,
  atomFeed,
  type Change,
  calendarSequence,
  cloudEventSubject,
  cloudEventType,
  decodeCursor,
  encodeCursor,
  isOfBody,
  itemStarts,
  jsonFeed,
  parseCsvImport,
  parseJsonImport,
  recordsOnTheme,
  summaryOf,
  toChange,
  workProgrammeCalendar,
} from '../src/index.ts';

const AREA = 'south-yorkshire';
const ORG = 'safer-rotherham-partnership';
const itemEvent = (detailType: string, version: number, overrides: Record<string, unknown> = {}): HubEvent =>
  ({
    detailType,
    detail: {
      eventId: `e-${detailType}-${version}`,
      schemaVersion: 1,
      occurredAt: `2026-0${version}-01T09:00:00.000Z`,
      areaId: AREA,
      organisationId: ORG,
      subject: { type: 'work-programme-item', id: 'wp-1', version },
      actor: { kind: 'key', organisationId: ORG },
      visibility: 'public',
      data: {
        title: 'Domestic abuse review',
        themes: ['domestic-abuse'],
        kind: 'scrutiny-review',
        date: '2026-09-14',
        status: 'planned',
        priorities: [],
        visibility: 'public',
        ...overrides,
      },
    },
  }) as HubEvent;
const itemRecord = (detailType: string, version: number, overrides: Record<string, unknown> = {}) =>
  toViewRecord(itemEvent(detailType, version, overrides)) as RecordOf<'work-programme-item'>;

describe('cursors', () => {
  it('round-trip a sequence number and refuse anything the hub did not give', () => {
    expect(decodeCursor(encodeCursor(0))).toBe(0);
    expect(decodeCursor(encodeCursor(1234567))).toBe(1234567);
    for (const garbage of [
      '',
      'abc',
      '!!',
      Buffer.from('v1:01').toString('base64url'),
      Buffer.from('v1:1x').toString('base64url'),
      `${encodeCursor(5)}=`,
    ]) {
      expect(decodeCursor(garbage), garbage).toBeUndefined();
    }
  });
});

describe('changes', () => {
  const entry = (publicView: 'full' | 'restricted' | 'hidden') => ({
    sequence: 7,
    event: itemEvent('WorkProgrammeItemRevised', 2, { visibility: 'partners' }),
    publicView,
  });

  it('shows a restricted change to the public as the subject leaving its view, with no content', () => {
    const change = toChange(entry('restricted'), 'public')!;
    expect(change).toMatchObject({ type: 'VisibilityRestricted', removed: true, subject: { id: 'wp-1', version: 2 } });
    expect(change.data).toBeUndefined();
    expect(toChange(entry('restricted'), 'partners')).toMatchObject({
      type: 'WorkProgrammeItemRevised',
      removed: false,
      data: { visibility: 'partners' },
    });
    expect(toChange(entry('hidden'), 'public')).toBeUndefined();
  });

  it('shows the public a subject made public whole, but not the fields changed since the partners-only version before it', () => {
    const madePublic = {
      sequence: 8,
      event: itemEvent('WorkProgrammeItemRevised', 2, { visibility: 'public', changedFields: ['description', 'visibility'] }),
      publicView: 'first' as const,
    };
    expect(toChange(madePublic, 'public')).toMatchObject({
      type: 'WorkProgrammeItemRevised',
      removed: false,
      data: { visibility: 'public', changedFields: [] },
    });
    expect(toChange(madePublic, 'partners')?.data).toMatchObject({ changedFields: ['description', 'visibility'] });
  });

  it("names a CloudEvent's subject where the API serves it, a plan under its body's plans", () => {
    const change = (type: string, id: string) => ({ subject: { type, id }, organisationId: 'csp' }) as Change;
    expect(cloudEventSubject(change('plan', 'plan-2026'))).toBe('organisations/csp/plans/plan-2026');
    expect(cloudEventSubject(change('priority', 'p1'))).toBe('organisations/csp/priorities/p1');
    expect(cloudEventSubject(change('work-programme-item', 'wp1'))).toBe('organisations/csp/work-programme/wp1');
    expect(cloudEventSubject(change('request', 'vru-funding'))).toBe('requests/vru-funding');
  });

  it('names CloudEvent types by subject and verb under a reverse-DNS prefix', () => {
    const change = (type: string, subjectType: string) => ({ type, subject: { type: subjectType } }) as Change;
    expect(cloudEventType(change('PriorityRevised', 'priority'))).toBe('org.partnership-hub.priority.revised.v1');
    expect(cloudEventType(change('WorkProgrammeItemScheduled', 'work-programme-item'))).toBe(
      'org.partnership-hub.work-programme-item.scheduled.v1',
    );
    expect(cloudEventType(change('ProtocolVersionProposed', 'protocol'))).toBe('org.partnership-hub.protocol.version-proposed.v1');
    expect(cloudEventType(change('VisibilityRestricted', 'priority'))).toBe('org.partnership-hub.priority.visibility-restricted.v1');
    expect(cloudEventType(change('RequestOverdue', 'request'))).toBe('org.partnership-hub.request.overdue.v1');
    expect(cloudEventType(change('RequestDueSoon', 'request'))).toBe('org.partnership-hub.request.due-soon.v1');
  });
});

describe('CSV import', () => {
  const schemas = { item: z.strictObject(WorkProgrammeItemState().shape), id: ItemId };
  /** The columns a work programme item requires, and a row's cells for them after its id and title. */
  const REQUIRED = 'id,title,themes,kind,status,visibility';
  const REQUIRED_CELLS = 'burglary,report,planned,public';

  it('reads lists, links and empty cells, and gives each row the line it starts on (quoted cells may span lines)', () => {
    const text =
      '\uFEFFid,title,themes,kind,status,description,priorities,visibility\nwp-1,Review,domestic-abuse; burglary,report,planned,"two\nlines",a-b/p-1;c/p-2,public\n\nwp-2,Update,burglary,performance-update,planned,,,partners\n';
    const parsed = parseCsvImport(text, 'work-programme', schemas);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rows.map((row) => [row.id, row.line])).toEqual([
      ['wp-1', 2],
      ['wp-2', 5],
    ]);
    expect(parsed.rows[0]!.content).toMatchObject({
      themes: ['domestic-abuse', 'burglary'],
      description: 'two\nlines',
      priorities: [
        { organisationId: 'a-b', priorityId: 'p-1' },
        { organisationId: 'c', priorityId: 'p-2' },
      ],
    });
    expect(parsed.rows[1]!.content).toMatchObject({ priorities: [], visibility: 'partners' });
  });

  it('counts CRLF, CR and LF each as one line end, in quoted cells too, and reads a file that mixes them', () => {
    const rows = (lineEnd: string, firstLineEnd = lineEnd) =>
      `\uFEFFid,title,description,themes,kind,status,visibility${firstLineEnd}wp-1,One,"two${lineEnd}lines${lineEnd}and three",burglary,report,planned,public${lineEnd}${lineEnd}wp-2,Two,Après ✓,burglary,report,planned,public${lineEnd}wp-3,Three,,burglary,report,planned,public${lineEnd}`;
    for (const [text, name] of [
      [rows('\r\n'), 'CRLF'],
      [rows('\r'), 'CR'],
      [rows('\n'), 'LF'],
      [rows('\n', '\r\n'), 'a CRLF header and LF rows'],
    ] as const) {
      const parsed = parseCsvImport(text, 'work-programme', schemas);
      expect(parsed.ok, name).toBe(true);
      if (!parsed.ok) continue;
      expect(
        parsed.rows.map((row) => [row.id, row.line]),
        name,
      ).toEqual([
        ['wp-1', 2],
        ['wp-2', 6],
        ['wp-3', 7],
      ]);
    }
    const refused = parseCsvImport(
      'id,title,description,themes,kind,status,visibility\r\nwp-1,One,"two\r\nlines",burglary,report,planned,public\r\nwp-2,Two,,burglary,report,someday,public\r\n',
      'work-programme',
      schemas,
    );
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors).toEqual([expect.objectContaining({ line: 4, field: 'status' })]);
  });

  it('tells a value of the wrong kind from a missing one, and says what a link cell must be', () => {
    const csv = parseCsvImport(
      'id,title,themes,kind,status,visibility,priorities\nwp-1,One,burglary,report,planned,public,csp-b\n',
      'work-programme',
      schemas,
    );
    expect(csv.ok).toBe(false);
    if (!csv.ok)
      expect(csv.errors).toEqual([
        expect.objectContaining({
          line: 2,
          field: 'priorities[0]',
          detail: 'must name a priority as organisationId/priorityId (got "csp-b")',
        }),
      ]);
    const json = parseJsonImport('[{"id":"wp-1","title":5,"kind":"report","status":"planned","visibility":"public"}]', schemas);
    expect(json.ok).toBe(false);
    if (!json.ok)
      expect(json.errors.map(({ field, detail }) => [field, detail])).toEqual([
        ['items[0].title', 'must be text (got a number)'],
        ['items[0].themes', 'is required'],
      ]);
  });

  it('refuses a header row with an unknown column, pointing at it', () => {
    // Every column the item requires is there: the only error is the unknown one.
    const parsed = parseCsvImport(`${REQUIRED},colour\nx,y,${REQUIRED_CELLS},red\n`, 'work-programme', schemas);
    expect(parsed).toEqual({
      ok: false,
      errors: [{ line: 1, column: 7, field: 'colour', detail: expect.stringContaining('is not a column') }],
    });
  });

  it('refuses a header row naming a column twice, pointing at the second, rather than keep one of the two cells', () => {
    const parsed = parseCsvImport(`${REQUIRED},title\nx,First title,${REQUIRED_CELLS},Second title\n`, 'work-programme', schemas);
    expect(parsed).toEqual({
      ok: false,
      errors: [{ line: 1, column: 7, field: 'title', detail: 'is named twice in the header row (columns 2 and 7); name each column once' }],
    });
  });

  it('names each column the item requires that the header row leaves out', () => {
    const parsed = parseCsvImport('id,title,themes\nx,y,burglary\n', 'work-programme', schemas);
    expect(parsed).toEqual({
      ok: false,
      errors: ['kind', 'status', 'visibility'].map((field) => ({
        line: 1,
        column: 4,
        field,
        detail: 'is a required column and is missing from the header row',
      })),
    });
  });

  it('refuses CSV it cannot read, saying where', () => {
    const parsed = parseCsvImport('id,title\n"x,y\n', 'priorities', schemas);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]).toMatchObject({ field: '(file)', detail: expect.stringContaining('not valid CSV') });
  });
});

describe('JSON import positions', () => {
  it('finds where each item of a bare array or of {"items": [...]} starts, skipping strings and other arrays', () => {
    expect(itemStarts('[\n {"a": "[{,"},\n  {"b": 1}, 3]')).toEqual([
      { line: 2, column: 2 },
      { line: 3, column: 3 },
      { line: 3, column: 13 },
    ]);
    expect(itemStarts('{"items": [{"a": [1, 2]}, {"b": {"c": [3]}}]}')).toEqual([
      { line: 1, column: 12 },
      { line: 1, column: 27 },
    ]);
    // Another array before "items" (a key holding "items" in a string too) is not taken for it.
    expect(itemStarts('{"meta": [1, 2], "note": "items", "items": [\n {"a": 1},\n {"b": 2}]}')).toEqual([
      { line: 2, column: 2 },
      { line: 3, column: 2 },
    ]);
  });
});

describe('feeds are deterministic and calendars count revisions', () => {
  const input = {
    scope: { areaId: AREA, areaName: 'South Yorkshire' },
    origin: 'https://hub.example',
    records: [itemRecord('WorkProgrammeItemRevised', 3)],
    organisationNames: new Map([[ORG, 'Safer Rotherham']]),
    emptyUpdated: '2026-01-01T00:00:00.000Z',
  };

  it('builds the same bytes from the same records (ETags depend on it)', () => {
    expect(atomFeed(input)).toBe(atomFeed(input));
    expect(workProgrammeCalendar({ ...input, audience: 'public' })).toBe(workProgrammeCalendar({ ...input, audience: 'public' }));
  });

  it('starts SEQUENCE at 0 and adds one per change; cancels a withdrawn item', () => {
    expect(calendarSequence(1)).toBe(0);
    const ics = workProgrammeCalendar({ ...input, audience: 'public', records: [itemRecord('WorkProgrammeItemWithdrawn', 4)] });
    expect(ics).toMatch(/SEQUENCE:3/);
    expect(ics).toMatch(/STATUS:CANCELLED/);
    expect(ics).toMatch(/UID:south-yorkshire\/safer-rotherham-partnership\/wp-1@partnership-hub/);
  });
});

describe('feeds of a theme', () => {
  it('carry the items on the theme and on the themes within it, and nothing else', () => {
    const records = [
      itemRecord('WorkProgrammeItemScheduled', 1, { title: 'On VAWG', themes: ['violence-against-women-and-girls'] }),
      itemRecord('WorkProgrammeItemScheduled', 1, { title: 'On domestic abuse', themes: ['domestic-abuse'] }),
      itemRecord('WorkProgrammeItemScheduled', 1, { title: 'On FGM and burglary', themes: ['burglary', 'female-genital-mutilation'] }),
      itemRecord('WorkProgrammeItemScheduled', 1, { title: 'On burglary', themes: ['burglary'] }),
    ];

    expect(recordsOnTheme(records, 'violence-against-women-and-girls').map((record) => record.state.title)).toEqual([
      'On VAWG',
      'On domestic abuse',
      'On FGM and burglary',
    ]);
    expect(recordsOnTheme(records, 'domestic-abuse').map((record) => record.state.title)).toEqual(['On domestic abuse']);
  });
});

describe('feed entries name quarters in financial years', () => {
  it.each([
    ['2014-Q4', 'Q3 2014/15'],
    ['2014/15-Q3', 'Q3 2014/15'],
    ['2017-Q1', 'Q4 2016/17'],
  ])('writes an item planned for %s as %s', (quarter, words) => {
    const summary = summaryOf(itemRecord('WorkProgrammeItemScheduled', 1, { date: undefined, quarter }));

    expect(summary).toContain(`scrutiny review, ${words} (planned).`);
  });
});

describe('alternate links for pages', () => {
  it('lists the Atom, JSON Feed and calendar of an area or a body, and the two feeds of a theme', () => {
    expect(alternateLinks(AREA).map((link) => [link.type, link.href])).toEqual([
      ['application/atom+xml', '/v1/areas/south-yorkshire/feed.atom'],
      ['application/feed+json', '/v1/areas/south-yorkshire/feed.json'],
      ['text/calendar', '/v1/areas/south-yorkshire/calendar.ics'],
    ]);
    expect(alternateLinks(AREA, { organisationId: ORG }).map((link) => link.href)).toContain(
      `/v1/areas/${AREA}/organisations/${ORG}/calendar.ics`,
    );
    expect(alternateLinks(AREA, { theme: 'burglary' }).map((link) => link.href)).toEqual([
      `/v1/areas/${AREA}/themes/burglary/feed.atom`,
      `/v1/areas/${AREA}/themes/burglary/feed.json`,
    ]);
    expect(alternateLinksHtml(AREA, { theme: 'burglary' })).toContain(
      '<link rel="alternate" type="application/atom+xml" href="/v1/areas/south-yorkshire/themes/burglary/feed.atom" title="Atom feed">',
    );
  });
});

describe('tracked requests in feeds and calendars', () => {
  const PANEL = 'south-yorkshire-police-and-crime-panel';
  const PCC = 'south-yorkshire-pcc';
  const request = (detailType: string, version: number, overrides: Record<string, unknown> = {}) =>
    toViewRecord({
      detailType,
      detail: {
        eventId: `e-request-${version}`,
        schemaVersion: 1,
        occurredAt: `2026-0${version}-01T09:00:00.000Z`,
        areaId: AREA,
        organisationId: PANEL,
        subject: { type: 'request', id: 'vru-funding', version },
        actor: { kind: 'key', organisationId: PANEL },
        visibility: 'public',
        data: {
          kind: 'information-request',
          from: PANEL,
          to: PCC,
          title: 'Information on the funding of the <VRU>',
          raisedOn: '2026-02-04',
          dueDate: '2026-03-31',
          themes: ['serious-violence'],
          visibility: 'public',
          responses: [],
          updates: [],
          ...overrides,
        },
      },
    } as HubEvent) as RecordOf<'request'>;
  const input = {
    scope: { areaId: AREA, areaName: 'South Yorkshire' },
    origin: 'https://hub.example',
    organisationNames: new Map([
      [PANEL, 'The Panel'],
      [PCC, 'The PCC'],
    ]),
    emptyUpdated: '2026-01-01T00:00:00.000Z',
  };

  it("gives each request one entry, titled with its latest step and linked to the request's page", () => {
    const overdue = request('RequestOverdue', 4, { overdueFor: '2026-03-31' });
    const atom = atomFeed({ ...input, records: [overdue] });
    const json = JSON.parse(jsonFeed({ ...input, records: [overdue] })) as { items: Record<string, unknown>[] };

    expect(json.items).toHaveLength(1);
    expect(json.items[0]).toMatchObject({
      id: 'tag:partnership-hub,2026:south-yorkshire/request/vru-funding',
      url: 'https://hub.example/areas/south-yorkshire/requests/vru-funding',
      title: 'The Panel asked The PCC — Overdue: Information on the funding of the <VRU>',
    });
    expect(String(json.items[0]!.content_html)).toContain('Overdue: due by the end of 2026-03-31, with no response.');
    expect(atom).toContain(
      '<title type="html"><![CDATA[The Panel asked The PCC — Overdue: Information on the funding of the &lt;VRU&gt;]]></title>',
    );
    const responded = request('RequestResponded', 5, {
      responses: [{ by: PCC, text: 'A presentation is arranged.', on: '2026-03-10', recordedAt: '2026-03-10T10:00:00.000Z' }],
    });
    expect(JSON.parse(jsonFeed({ ...input, records: [responded] })).items[0].title).toContain('— Responded:');
    expect(summaryOf(responded)).toContain('Response on 2026-03-10: A presentation is arranged.');
  });

  it('puts a request in the feeds of the body that raised it and of the body asked, and no other', () => {
    const raised = request('RequestRaised', 1);
    expect([PANEL, PCC, 'safer-rotherham-partnership'].map((body) => isOfBody(raised, body))).toEqual([true, true, false]);
    expect(recordsOnTheme([raised], 'serious-violence')).toEqual([raised]);
    expect(recordsOnTheme([raised], 'burglary')).toEqual([]);
  });

  it('makes each due date an all-day event, cancelled once the request is closed, and leaves out one with no due date', () => {
    const calendar = (requests: RecordOf<'request'>[]) => workProgrammeCalendar({ ...input, audience: 'public', records: [], requests });
    // Unfolded (RFC 5545 folds lines at 75 octets).
    const open = calendar([request('RequestRaised', 1)]).replaceAll('\r\n ', '');
    expect(open).toMatch(/UID:south-yorkshire\/request\/vru-funding@partnership-hub/);
    expect(open).toMatch(/DTSTART;VALUE=DATE:20260331/);
    expect(open).toMatch(/STATUS:CONFIRMED/);
    expect(open).toContain('URL;VALUE=URI:https://hub.example/areas/south-yorkshire/requests/vru-funding');
    const closed = calendar([
      request('RequestClosed', 3, { closed: { by: PANEL, on: '2026-04-08', recordedAt: '2026-04-08T10:00:00.000Z' } }),
    ]);
    expect(closed).toMatch(/SEQUENCE:2/);
    expect(closed).toMatch(/STATUS:CANCELLED/);
    expect(calendar([request('RequestRaised', 1, { dueDate: undefined })])).not.toContain('BEGIN:VEVENT');
    expect(calendar([request('RequestRaised', 1, { visibility: 'partners' })])).not.toContain('BEGIN:VEVENT');
  });
});

describe('plan variations in calendars', () => {
  const PANEL = 'south-yorkshire-police-and-crime-panel';
  const PCC = 'south-yorkshire-pcc';
  const on = (step: string, day: string, fields: Record<string, unknown> = {}) => ({
    step,
    on: day,
    recordedAt: `${day}T10:00:00.000Z`,
    by: step === 'panel-report' ? PANEL : PCC,
    actor: { kind: 'key', organisationId: step === 'panel-report' ? PANEL : PCC },
    ...fields,
  });
  const consulted = on('chief-constable-consulted', '2014-04-01');
  const sent = on('sent-to-panel', '2014-04-22', { responseDueDate: '2014-05-07' });
  const variation = (steps: unknown[], overrides: Record<string, unknown> = {}) =>
    toViewRecord({
      detailType: steps.length === 0 ? 'PlanVariationStarted' : 'PlanVariationStepRecorded',
      detail: {
        eventId: `e-variation-${steps.length + 1}`,
        schemaVersion: 1,
        occurredAt: '2026-11-23T10:15:00.000Z',
        areaId: AREA,
        organisationId: PCC,
        subject: { type: 'plan-variation', id: 'variation-1', version: steps.length + 1 },
        actor: { kind: 'key', organisationId: PCC },
        visibility: 'public',
        data: {
          title: 'Refresh of the plan for 2014',
          summary: 'Victims first; protecting vulnerable people.',
          visibility: 'public',
          planId: 'police-and-crime-plan-2013',
          panel: PANEL,
          startedOn: '2014-04-01',
          steps,
          ...overrides,
        },
      },
    } as HubEvent) as RecordOf<'plan-variation'>;
  const input = {
    scope: { areaId: AREA, areaName: 'South Yorkshire' },
    origin: 'https://hub.example',
    records: [],
    organisationNames: new Map([
      [PANEL, 'The Panel'],
      [PCC, 'The PCC'],
    ]),
    planTitles: new Map([[`${PCC}/police-and-crime-plan-2013`, 'Police and Crime Plan 2013-2017']]),
  };
  // Unfolded (RFC 5545 folds lines at 75 octets).
  const calendar = (variations: RecordOf<'plan-variation'>[], audience: 'public' | 'partners' = 'public', planTitles = input.planTitles) =>
    workProgrammeCalendar({ ...input, audience, variations, planTitles }).replaceAll('\r\n ', '');

  it("makes the panel's report deadline an all-day event naming the plan and the step, linked to the variation's page", () => {
    const ics = calendar([variation([consulted, sent])]);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics).toContain('UID:south-yorkshire/south-yorkshire-pcc/variation/variation-1/panel-report@partnership-hub');
    expect(ics).toContain('DTSTART;VALUE=DATE:20140507');
    expect(ics).toContain('DTEND;VALUE=DATE:20140508');
    expect(ics).toContain('SEQUENCE:2');
    expect(ics).toContain(
      "SUMMARY:Due from The Panel: the panel's report on Refresh of the plan for 2014\\, a variation of Police and Crime Plan 2013-2017 (The PCC)",
    );
    expect(ics).toContain(
      'URL;VALUE=URI:https://hub.example/areas/south-yorkshire/bodies/south-yorkshire-pcc/plans/police-and-crime-plan-2013/variations/variation-1',
    );
    expect(ics).toContain('STATUS:CONFIRMED');
    expect(ics).toContain('due by the end of 2014-05-07 (Europe/London)');
  });

  it('has no deadline before the variation is sent to the panel', () => {
    expect(calendar([variation([]), variation([consulted])])).not.toContain('BEGIN:VEVENT');
  });

  it('cancels the deadline, keeping its UID, once the panel has reported or the variation is published without a report', () => {
    const reported = calendar([
      variation([consulted, sent, on('panel-report', '2014-05-06', { summary: 'Supported.', recommendations: [] })]),
    ]);
    expect(reported).toContain('UID:south-yorkshire/south-yorkshire-pcc/variation/variation-1/panel-report@partnership-hub');
    expect(reported).toContain('SEQUENCE:3');
    expect(reported).toContain('STATUS:CANCELLED');
    expect(reported).toContain('The panel reported on 2014-05-06.');
    const publishedWithoutReport = calendar([variation([consulted, sent, on('published', '2014-05-09')])]);
    expect(publishedWithoutReport).toContain('STATUS:CANCELLED');
    expect(publishedWithoutReport).toContain('Published on 2014-05-09.');
  });

  it("keeps a partners-only variation out of the public's calendar, and a plan title the reader may not see out of every summary", () => {
    const hidden = variation([consulted, sent], { visibility: 'partners', title: 'Partners-only refresh' });
    expect(calendar([hidden])).not.toContain('BEGIN:VEVENT');
    expect(calendar([hidden])).not.toContain('Partners-only refresh');
    expect(calendar([hidden], 'partners')).toContain('Partners-only refresh');
    const untitled = calendar([variation([consulted, sent])], 'public', new Map());
    expect(untitled).toContain('a variation of plan police-and-crime-plan-2013 (The PCC)');
    expect(untitled).not.toContain('Police and Crime Plan 2013-2017');
  });
});
