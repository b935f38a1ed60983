import type { OrganisationKind, PlanState, PriorityState, WorkProgrammeItemState } from '@partnership-hub/events';
import { describe, expect, it } from 'vitest';
import {
  buildJointView,
  type Decision,
  decideAreaPut,
  decideContentPut,
  decideContentWithdrawal,
  decideOrganisationPut,
  financialQuarterOf,
  noPrecondition,
  planKind,
  priorityKind,
  quarterOf,
  type RecordOf,
  readStoredRecord,
  statusHistoryKey,
  toViewRecord,
  type ViewRecord,
  workProgrammeKind,
} from '../src/index.ts';
import {
  AREA,
  contextOf,
  headAfter,
  PANEL,
  PCC,
  priorityInput,
  ROTHERHAM_CSP,
  ROTHERHAM_SCRUTINY,
  SHEFFIELD_CSP,
  workItemInput,
} from './builders.ts';

// Records are built the way the projector builds them: decide an event, fold it with toViewRecord.

let sequence = 0;
const nextContext = (organisationId: string) => contextOf(organisationId, ++sequence);

function recordOf(decision: Decision): ViewRecord {
  if (decision.outcome === 'unchanged') throw new Error('expected an event, the decision was unchanged');
  return toViewRecord(decision.event);
}

const area = (name = 'South Yorkshire') => recordOf(decideAreaPut(undefined, { name }, AREA, nextContext(PCC)));

const organisation = (organisationId: string, name: string, kind: OrganisationKind) =>
  recordOf(decideOrganisationPut(undefined, { name, kind }, { areaId: AREA, organisationId }, nextContext(organisationId)));

const priority = (organisationId: string, id: string, overrides: Partial<PriorityState> = {}) =>
  recordOf(
    decideContentPut(
      priorityKind,
      undefined,
      priorityInput(overrides),
      noPrecondition,
      { areaId: AREA, organisationId, id },
      nextContext(organisationId),
    ),
  );

const workItem = (organisationId: string, id: string, overrides: Partial<WorkProgrammeItemState> = {}) =>
  recordOf(
    decideContentPut(
      workProgrammeKind,
      undefined,
      workItemInput(overrides),
      noPrecondition,
      { areaId: AREA, organisationId, id },
      nextContext(organisationId),
    ),
  );

function withdrawnPriority(organisationId: string, id: string, overrides: Partial<PriorityState> = {}): ViewRecord {
  const target = { areaId: AREA, organisationId, id };
  const head = headAfter<PriorityState>(
    decideContentPut(priorityKind, undefined, priorityInput(overrides), noPrecondition, target, nextContext(organisationId)),
  );
  return recordOf(decideContentWithdrawal(priorityKind, head, noPrecondition, target, nextContext(organisationId)));
}

const directory = () => [
  area(),
  organisation(PCC, 'South Yorkshire Mayor (PCC functions)', 'pcc'),
  organisation(PANEL, 'South Yorkshire Police and Crime Panel', 'panel'),
  organisation(ROTHERHAM_CSP, 'Safer Rotherham Partnership', 'csp'),
  organisation(SHEFFIELD_CSP, 'Safer Sheffield Partnership', 'csp'),
  organisation(ROTHERHAM_SCRUTINY, 'Rotherham Overview and Scrutiny Management Board', 'scrutiny-committee'),
];

/** The date the views are as at: nothing in these tests has dates, so every live, active priority is in force. */
const TODAY = '2026-03-01';

const themeOf = (view: ReturnType<typeof buildJointView>, slug: string) => view.themes.find((theme) => theme.theme === slug);

describe('joint view: themes', () => {
  it('lists, per theme, each body with its priorities and work, the PCC first, then by kind and name', () => {
    const records = [
      ...directory(),
      priority(SHEFFIELD_CSP, 'sheffield-da', { title: 'Reduce domestic abuse', themes: ['domestic-abuse'] }),
      workItem(ROTHERHAM_CSP, 'rotherham-da-report', {
        title: 'Domestic abuse annual report',
        themes: ['domestic-abuse'],
        kind: 'report',
        quarter: '2026-Q3',
      }),
      workItem(PANEL, 'panel-da-review', {
        title: 'Domestic abuse review',
        themes: ['domestic-abuse'],
        date: '2026-05-14',
        quarter: undefined,
      }),
      priority(PCC, 'pcc-protect', { title: 'Protecting vulnerable people', themes: ['domestic-abuse', 'child-sexual-exploitation'] }),
    ];

    const view = buildJointView(AREA, records, 'public', TODAY);

    const domesticAbuse = themeOf(view, 'domestic-abuse');
    expect(domesticAbuse?.name).toBe('Domestic abuse');
    expect(domesticAbuse?.organisations.map((entry) => entry.organisationId)).toEqual([PCC, PANEL, ROTHERHAM_CSP, SHEFFIELD_CSP]);
    expect(domesticAbuse?.organisations[0]).toEqual({
      organisationId: PCC,
      name: 'South Yorkshire Mayor (PCC functions)',
      kind: 'pcc',
      priorities: [{ id: 'pcc-protect', title: 'Protecting vulnerable people', version: 1, status: 'active', current: true }],
      workProgramme: [],
    });
    expect(domesticAbuse?.organisations[1]?.workProgramme).toEqual([
      { id: 'panel-da-review', title: 'Domestic abuse review', version: 1, kind: 'scrutiny-review', status: 'planned', date: '2026-05-14' },
    ]);
    expect(domesticAbuse?.organisations[2]?.workProgramme).toEqual([
      {
        id: 'rotherham-da-report',
        title: 'Domestic abuse annual report',
        version: 1,
        kind: 'report',
        status: 'planned',
        quarter: '2026-Q3',
      },
    ]);
  });

  it('lists only the themes someone works on, in the order of the theme list', () => {
    const records = [
      ...directory(),
      priority(ROTHERHAM_CSP, 'asb', { themes: ['anti-social-behaviour'] }),
      priority(PCC, 'cse', { themes: ['child-sexual-exploitation'] }),
    ];

    const view = buildJointView(AREA, records, 'public', TODAY);

    expect(view.themes.map((theme) => theme.theme)).toEqual(['child-sexual-exploitation', 'anti-social-behaviour']);
  });

  it("marks the themes of the PCC's current priorities as in the Police and Crime Plan", () => {
    const records = [
      ...directory(),
      priority(PCC, 'cse', { themes: ['child-sexual-exploitation'] }),
      priority(ROTHERHAM_CSP, 'asb', { themes: ['anti-social-behaviour'] }),
    ];

    const view = buildJointView(AREA, records, 'public', TODAY);

    expect(themeOf(view, 'child-sexual-exploitation')?.inPoliceAndCrimePlan).toBe(true);
    expect(themeOf(view, 'anti-social-behaviour')?.inPoliceAndCrimePlan).toBe(false);
  });

  it('names the area, or answers null before the area is registered', () => {
    expect(buildJointView(AREA, directory(), 'public', TODAY).areaName).toBe('South Yorkshire');
    expect(buildJointView(AREA, directory().slice(1), 'public', TODAY).areaName).toBeNull();
  });

  it('leaves out content of organisations not registered in the area', () => {
    const records = [...directory(), priority('unregistered-body', 'asb', { themes: ['anti-social-behaviour'] })];

    const view = buildJointView(AREA, records, 'public', TODAY);

    expect(view.themes).toEqual([]);
  });
});

describe('joint view: gaps in the Police and Crime Plan', () => {
  it('reports a plan theme that a CSP covers in neither its priorities nor its work programme', () => {
    const records = [
      ...directory(),
      priority(PCC, 'pcc-da', { themes: ['domestic-abuse'] }),
      priority(ROTHERHAM_CSP, 'rotherham-da', { themes: ['domestic-abuse'] }),
    ];

    const view = buildJointView(AREA, records, 'public', TODAY);

    expect(view.gaps).toEqual([
      {
        theme: 'domestic-abuse',
        name: 'Domestic abuse',
        coveredBy: [ROTHERHAM_CSP],
        partlyCoveredBy: [],
        partly: [],
        missingFrom: [SHEFFIELD_CSP],
        missing: [{ organisationId: SHEFFIELD_CSP, reason: 'no-plan-published' }],
      },
    ]);
  });

  it('reports every CSP when no CSP covers a plan theme', () => {
    const records = [...directory(), priority(PCC, 'pcc-vawg', { themes: ['violence-against-women-and-girls'] })];

    const view = buildJointView(AREA, records, 'public', TODAY);

    expect(view.gaps).toEqual([
      {
        theme: 'violence-against-women-and-girls',
        name: 'Violence against women and girls',
        coveredBy: [],
        partlyCoveredBy: [],
        partly: [],
        missingFrom: [ROTHERHAM_CSP, SHEFFIELD_CSP],
        missing: [
          { organisationId: ROTHERHAM_CSP, reason: 'no-plan-published' },
          { organisationId: SHEFFIELD_CSP, reason: 'no-plan-published' },
        ],
      },
    ]);
  });

  it('counts a CSP that covers a plan theme only through its work programme as covering it', () => {
    const records = [
      ...directory(),
      priority(PCC, 'pcc-da', { themes: ['domestic-abuse'] }),
      priority(ROTHERHAM_CSP, 'rotherham-da', { themes: ['domestic-abuse'] }),
      workItem(SHEFFIELD_CSP, 'sheffield-da-update', { themes: ['domestic-abuse'], kind: 'performance-update' }),
    ];

    const view = buildJointView(AREA, records, 'public', TODAY);

    expect(view.gaps).toEqual([]);
  });

  it.each([
    ['closed', 'closed'],
    ['superseded', 'superseded'],
    ['Superseded', 'superseded'],
    ['achieved', 'achieved'],
  ] as const)('does not count a PCC priority whose status is "%s" as a plan theme', (recorded, status) => {
    // As a store reads a record back: one projected before the status list held the free text it was sent with.
    const stored = priority(PCC, 'pcc-old', { themes: ['burglary'] }) as RecordOf<'priority'>;
    const records = [...directory(), readStoredRecord({ ...stored, state: { ...stored.state, status: recorded as never } })];

    const view = buildJointView(AREA, records, 'public', TODAY);

    expect(view.gaps).toEqual([]);
    expect(themeOf(view, 'burglary')?.inPoliceAndCrimePlan).toBe(false);
    // Still shown, marked as past, so a reader can see what came before.
    expect(themeOf(view, 'burglary')?.organisations[0]?.priorities).toEqual([
      { id: 'pcc-old', title: expect.any(String), version: 1, status, current: false },
    ]);
  });

  it("does not take another body's priorities for the plan", () => {
    const records = [...directory(), priority(PANEL, 'panel-burglary', { themes: ['burglary'] })];

    expect(buildJointView(AREA, records, 'public', TODAY).gaps).toEqual([]);
  });
});

describe('joint view: overlapping scrutiny', () => {
  it('reports a panel and a scrutiny committee with work on the same theme in the same quarter, mapping a date to its quarter', () => {
    const records = [
      ...directory(),
      workItem(PANEL, 'panel-da', { title: 'Panel: domestic abuse', themes: ['domestic-abuse'], quarter: '2026-Q2' }),
      workItem(ROTHERHAM_SCRUTINY, 'osmb-da', {
        title: 'OSMB: domestic abuse',
        themes: ['domestic-abuse'],
        quarter: undefined,
        date: '2026-05-14',
      }),
    ];

    const view = buildJointView(AREA, records, 'public', TODAY);

    expect(view.overlaps).toEqual([
      {
        theme: 'domestic-abuse',
        name: 'Domestic abuse',
        quarter: '2026-Q2',
        financialQuarter: '2026/27-Q1',
        items: [
          { organisationId: PANEL, id: 'panel-da', title: 'Panel: domestic abuse' },
          { organisationId: ROTHERHAM_SCRUTINY, id: 'osmb-da', title: 'OSMB: domestic abuse' },
        ],
      },
    ]);
  });

  it('ignores deferred items', () => {
    const records = [
      ...directory(),
      workItem(PANEL, 'panel-da', { themes: ['domestic-abuse'], quarter: '2026-Q2' }),
      workItem(ROTHERHAM_SCRUTINY, 'osmb-da', { themes: ['domestic-abuse'], quarter: '2026-Q2', status: 'deferred' }),
    ];

    expect(buildJointView(AREA, records, 'public', TODAY).overlaps).toEqual([]);
  });

  it('does not count one body with two items on the same theme in the same quarter as an overlap', () => {
    const records = [
      ...directory(),
      workItem(PANEL, 'panel-da-1', { themes: ['domestic-abuse'], quarter: '2026-Q2' }),
      workItem(PANEL, 'panel-da-2', { themes: ['domestic-abuse'], date: '2026-06-30', quarter: undefined }),
    ];

    expect(buildJointView(AREA, records, 'public', TODAY).overlaps).toEqual([]);
  });

  it('does not count work on the same theme in different quarters as an overlap', () => {
    const records = [
      ...directory(),
      workItem(PANEL, 'panel-da', { themes: ['domestic-abuse'], quarter: '2026-Q2' }),
      workItem(ROTHERHAM_SCRUTINY, 'osmb-da', { themes: ['domestic-abuse'], quarter: undefined, date: '2026-07-01' }),
    ];

    expect(buildJointView(AREA, records, 'public', TODAY).overlaps).toEqual([]);
  });

  it("does not count a CSP's work as scrutiny: only panels and scrutiny committees scrutinise", () => {
    const records = [
      ...directory(),
      workItem(PANEL, 'panel-da', { themes: ['domestic-abuse'], quarter: '2026-Q2' }),
      workItem(ROTHERHAM_CSP, 'csp-da', { themes: ['domestic-abuse'], quarter: '2026-Q2' }),
    ];

    expect(buildJointView(AREA, records, 'public', TODAY).overlaps).toEqual([]);
  });

  it('cannot place an item with neither a date nor a quarter in any overlap', () => {
    const records = [
      ...directory(),
      workItem(PANEL, 'panel-da', { themes: ['domestic-abuse'], quarter: '2026-Q2' }),
      workItem(ROTHERHAM_SCRUTINY, 'osmb-da', { themes: ['domestic-abuse'], quarter: undefined }),
    ];

    expect(buildJointView(AREA, records, 'public', TODAY).overlaps).toEqual([]);
  });

  it('lists overlaps of one theme in quarter order', () => {
    const records = [
      ...directory(),
      workItem(PANEL, 'panel-q3', { themes: ['domestic-abuse'], quarter: '2026-Q3' }),
      workItem(ROTHERHAM_SCRUTINY, 'osmb-q3', { themes: ['domestic-abuse'], quarter: '2026-Q3' }),
      workItem(PANEL, 'panel-q1', { themes: ['domestic-abuse'], quarter: '2026-Q1' }),
      workItem(ROTHERHAM_SCRUTINY, 'osmb-q1', { themes: ['domestic-abuse'], quarter: '2026-Q1' }),
    ];

    expect(buildJointView(AREA, records, 'public', TODAY).overlaps.map((overlap) => overlap.quarter)).toEqual(['2026-Q1', '2026-Q3']);
  });
});

describe('quarterOf', () => {
  it.each([
    ['2026-01-01', '2026-Q1'],
    ['2026-03-31', '2026-Q1'],
    ['2026-04-01', '2026-Q2'],
    ['2026-09-30', '2026-Q3'],
    ['2026-10-01', '2026-Q4'],
    ['2026-12-31', '2026-Q4'],
  ])('places %s in %s', (date, quarter) => {
    expect(quarterOf({ date })).toBe(quarter);
  });

  it('prefers the quarter an item names over its date', () => {
    expect(quarterOf({ date: '2026-01-15', quarter: '2026-Q2' })).toBe('2026-Q2');
  });

  it('answers undefined for an item with neither', () => {
    expect(quarterOf({})).toBeUndefined();
  });

  it('reads a quarter written in financial years as the same calendar quarter', () => {
    expect(quarterOf({ quarter: '2016/17-Q1' })).toBe('2016-Q2');
    expect(quarterOf({ quarter: '2016/17-Q4' })).toBe('2017-Q1');
  });

  it('gives the financial quarter of an item however it was written', () => {
    expect(financialQuarterOf({ quarter: '2014-Q4' })).toEqual({ year: 2014, quarter: 3 });
    expect(financialQuarterOf({ quarter: '2014/15-Q3' })).toEqual({ year: 2014, quarter: 3 });
    expect(financialQuarterOf({ date: '2015-03-31' })).toEqual({ year: 2014, quarter: 4 });
    expect(financialQuarterOf({})).toBeUndefined();
  });
});

describe('joint view: overlaps compare financial quarters', () => {
  it('counts a 2016-Q2 item and a 2016/17-Q1 item as work in the same quarter', () => {
    const records = [
      ...directory(),
      workItem(PANEL, 'panel-da', { title: 'Panel: domestic abuse', themes: ['domestic-abuse'], quarter: '2016-Q2' }),
      workItem(ROTHERHAM_SCRUTINY, 'osmb-da', { title: 'OSMB: domestic abuse', themes: ['domestic-abuse'], quarter: '2016/17-Q1' }),
    ];

    expect(buildJointView(AREA, records, 'public', '2016-06-01').overlaps).toEqual([
      {
        theme: 'domestic-abuse',
        name: 'Domestic abuse',
        quarter: '2016-Q2',
        financialQuarter: '2016/17-Q1',
        items: [
          { organisationId: PANEL, id: 'panel-da', title: 'Panel: domestic abuse' },
          { organisationId: ROTHERHAM_SCRUTINY, id: 'osmb-da', title: 'OSMB: domestic abuse' },
        ],
      },
    ]);
  });

  it('places a January date in the last quarter of the financial year before', () => {
    const records = [
      ...directory(),
      workItem(PANEL, 'panel-da', { themes: ['domestic-abuse'], quarter: '2014/15-Q4' }),
      workItem(ROTHERHAM_SCRUTINY, 'osmb-da', { themes: ['domestic-abuse'], quarter: undefined, date: '2015-01-20' }),
    ];

    expect(
      buildJointView(AREA, records, 'public', '2014-12-01').overlaps.map((overlap) => [overlap.quarter, overlap.financialQuarter]),
    ).toEqual([['2015-Q1', '2014/15-Q4']]);
  });

  it('does not count the first quarter of a financial year and the first calendar quarter of that year as one', () => {
    const records = [
      ...directory(),
      workItem(PANEL, 'panel-da', { themes: ['domestic-abuse'], quarter: '2016/17-Q1' }),
      workItem(ROTHERHAM_SCRUTINY, 'osmb-da', { themes: ['domestic-abuse'], quarter: '2016-Q1' }),
    ];

    expect(buildJointView(AREA, records, 'public', '2016-01-01').overlaps).toEqual([]);
  });

  it('lists overlaps in quarter order whichever spelling they were written in', () => {
    const records = [
      ...directory(),
      workItem(PANEL, 'panel-later', { themes: ['domestic-abuse'], quarter: '2017-Q1' }),
      workItem(ROTHERHAM_SCRUTINY, 'osmb-later', { themes: ['domestic-abuse'], quarter: '2016/17-Q4' }),
      workItem(PANEL, 'panel-earlier', { themes: ['domestic-abuse'], quarter: '2016/17-Q3' }),
      workItem(ROTHERHAM_SCRUTINY, 'osmb-earlier', { themes: ['domestic-abuse'], quarter: '2016-Q4' }),
    ];

    expect(buildJointView(AREA, records, 'public', '2016-06-01').overlaps.map((overlap) => overlap.financialQuarter)).toEqual([
      '2016/17-Q3',
      '2016/17-Q4',
    ]);
  });
});

describe('joint view: covering a theme only through a theme within it', () => {
  const VAWG = 'violence-against-women-and-girls';

  it('lists a CSP that covers only domestic abuse as partly covering violence against women and girls, not as missing', () => {
    const records = [
      ...directory(),
      priority(PCC, 'pcc-vawg', { themes: [VAWG] }),
      priority(ROTHERHAM_CSP, 'rotherham-da', { themes: ['domestic-abuse'] }),
    ];

    const view = buildJointView(AREA, records, 'public', TODAY);

    expect(view.gaps).toEqual([
      {
        theme: VAWG,
        name: 'Violence against women and girls',
        coveredBy: [],
        partlyCoveredBy: [ROTHERHAM_CSP],
        partly: [{ organisationId: ROTHERHAM_CSP, through: ['domestic-abuse'] }],
        missingFrom: [SHEFFIELD_CSP],
        missing: [{ organisationId: SHEFFIELD_CSP, reason: 'no-plan-published' }],
      },
    ]);
  });

  it('names every theme within it that a CSP covers, in the order of the theme list, through priorities and work alike', () => {
    const records = [
      ...directory(),
      priority(PCC, 'pcc-vawg', { themes: [VAWG] }),
      workItem(SHEFFIELD_CSP, 'sheffield-fm', { themes: ['forced-marriage'] }),
      priority(SHEFFIELD_CSP, 'sheffield-stalking', { themes: ['stalking-and-harassment'] }),
      priority(ROTHERHAM_CSP, 'rotherham-vawg', { themes: [VAWG] }),
      priority(ROTHERHAM_CSP, 'rotherham-da', { themes: ['domestic-abuse'] }),
    ];

    const gap = buildJointView(AREA, records, 'public', TODAY).gaps[0];

    expect(gap).toMatchObject({
      coveredBy: [ROTHERHAM_CSP],
      partlyCoveredBy: [SHEFFIELD_CSP],
      partly: [{ organisationId: SHEFFIELD_CSP, through: ['stalking-and-harassment', 'forced-marriage'] }],
      missingFrom: [],
    });
  });

  it('keeps the gap while any CSP covers the theme only partly, and closes it once each covers it in full', () => {
    const partly = [
      ...directory(),
      priority(PCC, 'pcc-vawg', { themes: [VAWG] }),
      priority(ROTHERHAM_CSP, 'rotherham-vawg', { themes: [VAWG] }),
      priority(SHEFFIELD_CSP, 'sheffield-da', { themes: ['domestic-abuse'] }),
    ];
    const full = [...partly, priority(SHEFFIELD_CSP, 'sheffield-vawg', { themes: [VAWG] })];

    expect(buildJointView(AREA, partly, 'public', TODAY).gaps.map((gap) => gap.theme)).toEqual([VAWG]);
    expect(buildJointView(AREA, full, 'public', TODAY).gaps).toEqual([]);
  });

  it('does not count a closed priority or deferred work on a theme within it as partly covering', () => {
    const records = [
      ...directory(),
      priority(PCC, 'pcc-vawg', { themes: [VAWG] }),
      priority(ROTHERHAM_CSP, 'rotherham-da', { themes: ['domestic-abuse'], status: 'closed' }),
      workItem(SHEFFIELD_CSP, 'sheffield-da', { themes: ['domestic-abuse'], status: 'deferred' }),
    ];

    expect(buildJointView(AREA, records, 'public', TODAY).gaps[0]).toMatchObject({
      partlyCoveredBy: [],
      missingFrom: [ROTHERHAM_CSP, SHEFFIELD_CSP],
    });
  });

  it('does not take the wider theme for the narrower: covering VAWG leaves a domestic abuse plan theme uncovered', () => {
    const records = [
      ...directory(),
      priority(PCC, 'pcc-da', { themes: ['domestic-abuse'] }),
      priority(ROTHERHAM_CSP, 'rotherham-vawg', { themes: [VAWG] }),
    ];

    expect(buildJointView(AREA, records, 'public', TODAY).gaps[0]).toMatchObject({
      theme: 'domestic-abuse',
      coveredBy: [],
      partlyCoveredBy: [],
      missingFrom: [ROTHERHAM_CSP, SHEFFIELD_CSP],
    });
  });

  it('does not count partners-only work on a theme within it for the public', () => {
    const records = [
      ...directory(),
      priority(PCC, 'pcc-vawg', { themes: [VAWG] }),
      priority(ROTHERHAM_CSP, 'rotherham-da', { themes: ['domestic-abuse'], visibility: 'partners' }),
    ];

    expect(buildJointView(AREA, records, 'public', TODAY).gaps[0]).toMatchObject({
      partlyCoveredBy: [],
      missingFrom: [ROTHERHAM_CSP, SHEFFIELD_CSP],
    });
    expect(buildJointView(AREA, records, 'partners', TODAY).gaps[0]).toMatchObject({
      partlyCoveredBy: [ROTHERHAM_CSP],
      missingFrom: [SHEFFIELD_CSP],
    });
  });
});

describe('joint view: audiences', () => {
  it('hides partners-only content from the public and shows it to partners', () => {
    const records = [
      ...directory(),
      priority(ROTHERHAM_CSP, 'public-asb', { themes: ['anti-social-behaviour'] }),
      priority(ROTHERHAM_CSP, 'restricted-cse', { themes: ['child-sexual-exploitation'], visibility: 'partners' }),
      workItem(PANEL, 'restricted-review', { themes: ['anti-social-behaviour'], visibility: 'partners' }),
    ];

    const publicView = buildJointView(AREA, records, 'public', TODAY);
    const partnersView = buildJointView(AREA, records, 'partners', TODAY);

    expect(publicView.audience).toBe('public');
    expect(JSON.stringify(publicView)).not.toContain('restricted');
    expect(themeOf(partnersView, 'child-sexual-exploitation')?.organisations[0]?.priorities.map((entry) => entry.id)).toEqual([
      'restricted-cse',
    ]);
    expect(themeOf(partnersView, 'anti-social-behaviour')?.organisations.map((entry) => entry.organisationId)).toEqual([
      PANEL,
      ROTHERHAM_CSP,
    ]);
  });

  it('makes a partners-only PCC priority a plan theme for partners only', () => {
    const records = [...directory(), priority(PCC, 'pcc-restricted', { themes: ['modern-slavery'], visibility: 'partners' })];

    expect(buildJointView(AREA, records, 'public', TODAY).gaps).toEqual([]);
    expect(buildJointView(AREA, records, 'partners', TODAY).gaps.map((gap) => gap.theme)).toEqual(['modern-slavery']);
  });

  it.each(['public', 'partners'] as const)('leaves withdrawn content out for the %s audience', (audience) => {
    const records = [
      ...directory(),
      withdrawnPriority(PCC, 'pcc-withdrawn', { themes: ['burglary'] }),
      withdrawnPriority(ROTHERHAM_CSP, 'csp-withdrawn', { themes: ['hate-crime'], visibility: 'partners' }),
    ];

    const view = buildJointView(AREA, records, audience, TODAY);

    expect(view.themes).toEqual([]);
    expect(view.gaps).toEqual([]);
  });
});

describe('joint view: what counts as covering a plan theme', () => {
  it('does not count a closed priority or a deferred work item as a CSP covering the theme', () => {
    const records = [
      ...directory(),
      priority(PCC, 'plan-vawg', { themes: ['violence-against-women-and-girls'], status: 'active' }),
      priority(ROTHERHAM_CSP, 'old-vawg', { themes: ['violence-against-women-and-girls'], status: 'closed' }),
      workItem(SHEFFIELD_CSP, 'later-vawg', { themes: ['violence-against-women-and-girls'], status: 'deferred' }),
    ];

    const gap = buildJointView(AREA, records, 'public', TODAY).gaps.find((entry) => entry.theme === 'violence-against-women-and-girls');

    expect(gap).toMatchObject({ coveredBy: [], missingFrom: [ROTHERHAM_CSP, SHEFFIELD_CSP] });
  });

  it('counts completed work on the theme as covering it', () => {
    const records = [
      ...directory(),
      priority(PCC, 'plan-vawg', { themes: ['violence-against-women-and-girls'] }),
      workItem(ROTHERHAM_CSP, 'done-vawg', { themes: ['violence-against-women-and-girls'], status: 'completed' }),
    ];

    const gap = buildJointView(AREA, records, 'public', TODAY).gaps.find((entry) => entry.theme === 'violence-against-women-and-girls');

    expect(gap).toMatchObject({ coveredBy: [ROTHERHAM_CSP], missingFrom: [SHEFFIELD_CSP] });
  });
});

describe('joint view: what is in force on its date', () => {
  const plan = (organisationId: string, id: string, overrides: Partial<PlanState> = {}) =>
    recordOf(
      decideContentPut(
        planKind,
        undefined,
        {
          title: `Plan ${id}`,
          kind: 'partnership-plan',
          startDate: '2016-04-01',
          endDate: '2019-03-31',
          visibility: 'public',
          ...overrides,
        },
        noPrecondition,
        { areaId: AREA, organisationId, id },
        nextContext(organisationId),
      ),
    );
  const policeAndCrimePlan = [
    plan(PCC, 'pcp-2022', { kind: 'police-and-crime-plan', startDate: '2022-02-04', endDate: undefined }),
    priority(PCC, 'pcc-cse', { themes: ['child-sexual-exploitation'], planId: 'pcp-2022' }),
  ];

  it('says which date it is as at', () => {
    expect(buildJointView(AREA, directory(), 'public', '2026-12-01').asOf).toBe('2026-12-01');
  });

  it('does not count a priority of a plan that has ended, whatever its status: the 2016-19 plan covers nothing in 2026', () => {
    const records = [
      ...directory(),
      ...policeAndCrimePlan,
      plan(ROTHERHAM_CSP, 'srp-2016'),
      priority(ROTHERHAM_CSP, 'srp-cse', { themes: ['child-sexual-exploitation'], planId: 'srp-2016', status: 'active' }),
    ];

    const view = buildJointView(AREA, records, 'public', '2026-12-01');

    expect(view.gaps).toEqual([
      {
        theme: 'child-sexual-exploitation',
        name: 'Child sexual exploitation',
        coveredBy: [],
        partlyCoveredBy: [],
        partly: [],
        missingFrom: [ROTHERHAM_CSP, SHEFFIELD_CSP],
        // Rotherham's plan has ended and Sheffield has published nothing: neither has anything in force.
        missing: [
          { organisationId: ROTHERHAM_CSP, reason: 'no-plan-published' },
          { organisationId: SHEFFIELD_CSP, reason: 'no-plan-published' },
        ],
      },
    ]);
    // Still shown, as past.
    const rotherham = themeOf(view, 'child-sexual-exploitation')?.organisations.find((entry) => entry.organisationId === ROTHERHAM_CSP);
    expect(rotherham?.priorities).toEqual([{ id: 'srp-cse', title: expect.any(String), version: 1, status: 'active', current: false }]);
  });

  it('counts the same priority on a date within its plan', () => {
    const records = [
      ...directory(),
      plan(PCC, 'pcp-2013', { kind: 'police-and-crime-plan', startDate: '2013-04-01', endDate: '2017-03-31' }),
      priority(PCC, 'pcc-old-cse', { themes: ['child-sexual-exploitation'], planId: 'pcp-2013' }),
      plan(ROTHERHAM_CSP, 'srp-2016'),
      priority(ROTHERHAM_CSP, 'srp-cse', { themes: ['child-sexual-exploitation'], planId: 'srp-2016' }),
    ];

    const view = buildJointView(AREA, records, 'public', '2016-06-01');

    expect(view.gaps).toEqual([
      {
        theme: 'child-sexual-exploitation',
        name: 'Child sexual exploitation',
        coveredBy: [ROTHERHAM_CSP],
        partlyCoveredBy: [],
        partly: [],
        missingFrom: [SHEFFIELD_CSP],
        missing: [{ organisationId: SHEFFIELD_CSP, reason: 'no-plan-published' }],
      },
    ]);
    expect(themeOf(view, 'child-sexual-exploitation')?.inPoliceAndCrimePlan).toBe(true);
  });

  it("lets a priority's own dates win over its plan's", () => {
    const records = [
      ...directory(),
      ...policeAndCrimePlan,
      plan(ROTHERHAM_CSP, 'srp-2016'),
      priority(ROTHERHAM_CSP, 'srp-cse', { themes: ['child-sexual-exploitation'], planId: 'srp-2016', endDate: '2030-03-31' }),
    ];

    expect(buildJointView(AREA, records, 'public', '2026-12-01').gaps[0]?.coveredBy).toEqual([ROTHERHAM_CSP]);
  });

  it('ends a superseded plan the day before its successor starts, and gives it back its own end when the successor is withdrawn', () => {
    const old = plan(PCC, 'pcp-2013', { kind: 'police-and-crime-plan', startDate: '2013-04-01', endDate: '2017-03-31' });
    const oldPriority = priority(PCC, 'pcc-burglary', { themes: ['burglary'], planId: 'pcp-2013' });
    const refresh = plan(PCC, 'pcp-2016', { startDate: '2016-03-01', endDate: '2017-03-31', supersedes: 'pcp-2013' });
    const withdrawnRefresh = recordOf(
      decideContentWithdrawal(
        planKind,
        { version: 1, detailType: 'PlanPublished', state: (refresh as RecordOf<'plan'>).state },
        noPrecondition,
        { areaId: AREA, organisationId: PCC, id: 'pcp-2016' },
        nextContext(PCC),
      ),
    );

    const superseded = buildJointView(AREA, [...directory(), old, oldPriority, refresh], 'public', '2016-06-01');
    const restored = buildJointView(AREA, [...directory(), old, oldPriority, withdrawnRefresh], 'public', '2016-06-01');

    expect(themeOf(superseded, 'burglary')?.inPoliceAndCrimePlan).toBe(false);
    expect(themeOf(restored, 'burglary')?.inPoliceAndCrimePlan).toBe(true);
  });

  it('leaves out a priority whose dates have not begun', () => {
    const records = [...directory(), priority(ROTHERHAM_CSP, 'next-year', { themes: ['burglary'], startDate: '2027-04-01' })];

    expect(buildJointView(AREA, records, 'public', '2026-12-01').themes).toEqual([]);
    expect(themeOf(buildJointView(AREA, records, 'public', '2027-04-01'), 'burglary')?.organisations[0]?.priorities[0]?.current).toBe(true);
  });

  it('dates a public priority only by the plans the audience may see', () => {
    const records = [
      ...directory(),
      plan(ROTHERHAM_CSP, 'srp-2016', { visibility: 'partners' }),
      priority(ROTHERHAM_CSP, 'srp-burglary', { themes: ['burglary'], planId: 'srp-2016' }),
    ];

    const current = (audience: 'public' | 'partners') =>
      themeOf(buildJointView(AREA, records, audience, '2026-12-01'), 'burglary')?.organisations[0]?.priorities[0]?.current;

    expect(current('partners')).toBe(false);
    expect(current('public')).toBe(true);
  });
});

describe('joint view: why a CSP is missing from a plan theme', () => {
  const VAWG = 'violence-against-women-and-girls';
  const plan = (organisationId: string, id: string, overrides: Partial<PlanState> = {}) =>
    recordOf(
      decideContentPut(
        planKind,
        undefined,
        {
          title: `Plan ${id}`,
          kind: 'community-safety-plan',
          startDate: '2021-04-01',
          endDate: '2024-03-31',
          visibility: 'public',
          ...overrides,
        },
        noPrecondition,
        { areaId: AREA, organisationId, id },
        nextContext(organisationId),
      ),
    );
  const reasons = (view: ReturnType<typeof buildJointView>) => view.gaps.find((gap) => gap.theme === VAWG)?.missing;

  it('tells a CSP with a plan in force that is silent on the theme from one that has published nothing, and leaves a partial one out', () => {
    const records = [
      ...directory(),
      organisation('doncaster-csp', 'Safer Doncaster Partnership', 'csp'),
      priority(PCC, 'pcc-vawg', { themes: [VAWG] }),
      // A plan in force with nothing in it on the theme.
      plan(ROTHERHAM_CSP, 'srp-2021'),
      // A priority in force on a child theme only: partly covering, not missing.
      priority('doncaster-csp', 'doncaster-da', { themes: ['domestic-abuse'] }),
    ];

    const view = buildJointView(AREA, records, 'public', '2022-02-04');
    const gap = view.gaps.find((candidate) => candidate.theme === VAWG);

    expect(gap?.partlyCoveredBy).toEqual(['doncaster-csp']);
    expect(gap?.missingFrom).toEqual([ROTHERHAM_CSP, SHEFFIELD_CSP]);
    expect(gap?.missing).toEqual([
      { organisationId: ROTHERHAM_CSP, reason: 'plan-silent' },
      { organisationId: SHEFFIELD_CSP, reason: 'no-plan-published' },
    ]);
    expect(view.noPlanInForce).toEqual([SHEFFIELD_CSP]);
  });

  it('counts a priority in force on another theme, with no plan, as a plan silent on this one', () => {
    const records = [
      ...directory(),
      priority(PCC, 'pcc-vawg', { themes: [VAWG] }),
      priority(SHEFFIELD_CSP, 'sheffield-burglary', { themes: ['burglary'] }),
    ];

    expect(reasons(buildJointView(AREA, records, 'public', '2022-02-04'))).toEqual([
      { organisationId: ROTHERHAM_CSP, reason: 'no-plan-published' },
      { organisationId: SHEFFIELD_CSP, reason: 'plan-silent' },
    ]);
  });

  it('says a CSP whose plan has not started or has ended has published nothing for the date', () => {
    const records = [...directory(), priority(PCC, 'pcc-vawg', { themes: [VAWG] }), plan(ROTHERHAM_CSP, 'srp-2021')];

    expect(reasons(buildJointView(AREA, records, 'public', '2021-03-31'))?.[0]).toEqual({
      organisationId: ROTHERHAM_CSP,
      reason: 'no-plan-published',
    });
    expect(reasons(buildJointView(AREA, records, 'public', '2024-04-01'))?.[0]).toEqual({
      organisationId: ROTHERHAM_CSP,
      reason: 'no-plan-published',
    });
    expect(reasons(buildJointView(AREA, records, 'public', '2021-04-01'))?.[0]).toEqual({
      organisationId: ROTHERHAM_CSP,
      reason: 'plan-silent',
    });
  });

  it('gives the public no-plan-published for a CSP whose only plan is partners-only, and partners plan-silent', () => {
    const records = [
      ...directory(),
      priority(PCC, 'pcc-vawg', { themes: [VAWG] }),
      plan(ROTHERHAM_CSP, 'srp-2021', { visibility: 'partners' }),
    ];

    const rotherham = (audience: 'public' | 'partners') =>
      reasons(buildJointView(AREA, records, audience, '2022-02-04'))?.find((entry) => entry.organisationId === ROTHERHAM_CSP)?.reason;

    expect(rotherham('public')).toBe('no-plan-published');
    expect(rotherham('partners')).toBe('plan-silent');
    expect(buildJointView(AREA, records, 'public', '2022-02-04').noPlanInForce).toContain(ROTHERHAM_CSP);
    expect(buildJointView(AREA, records, 'partners', '2022-02-04').noPlanInForce).not.toContain(ROTHERHAM_CSP);
  });
});

describe('joint view: work planned for the financial year and the next', () => {
  it("keeps work of the date's financial year, of the next, and with no date or quarter; leaves out the rest", () => {
    const records = [
      ...directory(),
      workItem(PANEL, 'last-year', { themes: ['burglary'], quarter: '2021/22-Q4', date: undefined }),
      workItem(PANEL, 'this-year', { themes: ['burglary'], quarter: '2022/23-Q1', date: undefined }),
      workItem(PANEL, 'this-year-by-date', { themes: ['burglary'], quarter: undefined, date: '2023-03-31' }),
      workItem(PANEL, 'next-year', { themes: ['burglary'], quarter: '2024-Q1', date: undefined }),
      workItem(PANEL, 'year-after', { themes: ['burglary'], quarter: '2024/25-Q1', date: undefined }),
      workItem(PANEL, 'undated', { themes: ['burglary'], quarter: undefined, date: undefined }),
    ];

    const view = buildJointView(AREA, records, 'public', '2022-06-01');

    expect(
      themeOf(view, 'burglary')
        ?.organisations[0]?.workProgramme.map((item) => item.id)
        .sort(),
    ).toEqual(['next-year', 'this-year', 'this-year-by-date', 'undated'].sort());
  });
});

describe('joint view: status on the date from the history', () => {
  it("takes each priority's status on the date from its history rather than its latest status", () => {
    const closed = priority(PCC, 'pcc-burglary', { themes: ['burglary'], status: 'closed' });
    const records = [...directory(), closed];
    const histories = new Map([
      [
        statusHistoryKey(PCC, 'pcc-burglary'),
        [
          { status: 'active' as const, on: '2020-01-01' },
          { status: 'closed' as const, on: '2023-01-01' },
        ],
      ],
    ]);

    const before = buildJointView(AREA, records, 'public', '2022-06-01', histories);
    const after = buildJointView(AREA, records, 'public', '2023-06-01', histories);

    expect(themeOf(before, 'burglary')?.inPoliceAndCrimePlan).toBe(true);
    expect(themeOf(before, 'burglary')?.organisations[0]?.priorities[0]).toMatchObject({ status: 'active', current: true });
    expect(themeOf(after, 'burglary')?.inPoliceAndCrimePlan).toBe(false);
    expect(themeOf(after, 'burglary')?.organisations[0]?.priorities[0]).toMatchObject({ status: 'closed', current: false });
  });
});
