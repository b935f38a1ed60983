import {
  ChangeSource,
  EffectiveDate,
  ItemId,
  PlanState,
  PriorityState,
  ProtocolState,
  SlugId,
  WorkProgrammeItemState,
} from '@partnership-hub/events';
import { describe, expect, it } from 'vitest';
import { SEED_FILES, seedChange, southYorkshire } from '../src/index.ts';

const { organisations, plans, priorities, workProgramme, protocols, withdrawn } = southYorkshire;
const organisationIds = new Set(organisations.map((organisation) => organisation.id));
const kindOf = new Map(organisations.map((organisation) => [organisation.id, organisation.kind]));
const priorityKeys = new Set(priorities.map((priority) => `${priority.organisationId}/${priority.id}`));
const cspIds = organisations.filter((organisation) => organisation.kind === 'csp').map((organisation) => organisation.id);

/**
 * 003 says one of the four CSPs references VAWG but no seed document says which, so the seed
 * gives VAWG to no CSP (see the comment at the top of south-yorkshire.ts). If a document naming
 * the CSP is added, seed that CSP's item with its source and change this to 1.
 */
const CSPS_COVERING_VAWG_PER_THE_DOCUMENTS = 0;

describe('South Yorkshire seed: schemas', () => {
  it('has the area id and a name', () => {
    expect(southYorkshire.id).toBe('south-yorkshire');
    expect(SlugId.parse(southYorkshire.id)).toBe('south-yorkshire');
    expect(southYorkshire.name.trim()).not.toBe('');
  });

  it.each(priorities.map((priority) => [`${priority.organisationId}/${priority.id}`, priority] as const))(
    'priority %s parses with PriorityState',
    (_key, priority) => {
      expect(() => PriorityState().parse(priority.priority)).not.toThrow();
    },
  );

  it.each(workProgramme.map((item) => [`${item.organisationId}/${item.id}`, item] as const))(
    'work programme item %s parses with WorkProgrammeItemState',
    (_key, item) => {
      expect(() => WorkProgrammeItemState().parse(item.item)).not.toThrow();
    },
  );

  it.each(protocols.map((protocol) => [protocol.id, protocol] as const))(
    'protocol %s parses with ProtocolState at version 1',
    (_id, protocol) => {
      const state = ProtocolState().parse({
        ...protocol.protocol,
        version: 1,
        proposedBy: protocol.proposedBy,
        agreements: protocol.agreedBy.map((organisationId) => ({ organisationId, version: 1, agreedAt: '2014-03-31T00:00:00Z' })),
        status: protocol.protocol.parties.every((party) => protocol.agreedBy.includes(party)) ? 'agreed' : 'draft',
      });
      expect(state.parties.length).toBeGreaterThanOrEqual(2);
    },
  );

  it('organisation ids are lower-case slugs and unique', () => {
    for (const organisation of organisations) expect(() => SlugId.parse(organisation.id), organisation.id).not.toThrow();
    expect(organisationIds.size).toBe(organisations.length);
  });

  it('priority, work programme item and protocol ids are valid item ids', () => {
    for (const { id } of [...priorities, ...workProgramme, ...protocols]) expect(() => ItemId.parse(id), id).not.toThrow();
  });

  it('priority ids and work programme item ids are unique per organisation; protocol ids are unique', () => {
    const priorityKeyList = priorities.map((priority) => `${priority.organisationId}/${priority.id}`);
    expect(new Set(priorityKeyList).size).toBe(priorityKeyList.length);
    const itemKeyList = workProgramme.map((item) => `${item.organisationId}/${item.id}`);
    expect(new Set(itemKeyList).size).toBe(itemKeyList.length);
    expect(new Set(protocols.map((protocol) => protocol.id)).size).toBe(protocols.length);
  });
});

describe('South Yorkshire seed: references', () => {
  it('every owning organisation exists', () => {
    for (const { organisationId, id } of [...priorities, ...workProgramme])
      expect(organisationIds.has(organisationId), `${organisationId} (owner of ${id})`).toBe(true);
  });

  it('every supports link points at a seeded priority of an existing organisation', () => {
    for (const priority of priorities) {
      for (const link of PriorityState().parse(priority.priority).supports) {
        expect(organisationIds.has(link.organisationId), `${priority.id} supports ${link.organisationId}`).toBe(true);
        expect(
          priorityKeys.has(`${link.organisationId}/${link.priorityId}`),
          `${priority.id} supports ${link.organisationId}/${link.priorityId}`,
        ).toBe(true);
      }
    }
  });

  it('every work programme item links only to seeded priorities', () => {
    for (const item of workProgramme) {
      for (const link of WorkProgrammeItemState().parse(item.item).priorities) {
        expect(organisationIds.has(link.organisationId), `${item.id} links ${link.organisationId}`).toBe(true);
        expect(
          priorityKeys.has(`${link.organisationId}/${link.priorityId}`),
          `${item.id} links ${link.organisationId}/${link.priorityId}`,
        ).toBe(true);
      }
    }
  });

  it('every protocol party, proposer and agreeing party exists, and proposer and agreeing parties are parties', () => {
    for (const protocol of protocols) {
      for (const party of protocol.protocol.parties) expect(organisationIds.has(party), `${protocol.id} party ${party}`).toBe(true);
      expect(organisationIds.has(protocol.proposedBy), `${protocol.id} proposer`).toBe(true);
      expect(protocol.protocol.parties).toContain(protocol.proposedBy);
      for (const party of protocol.agreedBy) {
        expect(organisationIds.has(party), `${protocol.id} agreed by ${party}`).toBe(true);
        expect(protocol.protocol.parties).toContain(party);
      }
    }
  });

  it('the Safer Rotherham Partnership priorities support the Police and Crime Plan', () => {
    const srp = priorities.filter((priority) => priority.organisationId === 'safer-rotherham-partnership');
    for (const priority of srp) {
      const supports = PriorityState().parse(priority.priority).supports;
      expect(supports.length, priority.id).toBeGreaterThan(0);
      for (const link of supports) expect(kindOf.get(link.organisationId)).toBe('pcc');
    }
  });
});

describe('South Yorkshire seed: bodies', () => {
  it('has the PCC, the Panel, four CSPs and four scrutiny committees', () => {
    expect(kindOf.get('south-yorkshire-pcc')).toBe('pcc');
    expect(kindOf.get('south-yorkshire-police-and-crime-panel')).toBe('panel');
    expect(kindOf.get('safer-rotherham-partnership')).toBe('csp');
    expect(cspIds).toHaveLength(4);
    expect(organisations.filter((organisation) => organisation.kind === 'scrutiny-committee')).toHaveLength(4);
    expect(organisations).toHaveLength(10);
    for (const place of ['barnsley', 'doncaster', 'rotherham', 'sheffield']) {
      expect(
        organisations.filter((organisation) => organisation.kind === 'csp' && organisation.id.includes(place)),
        `${place} CSP`,
      ).toHaveLength(1);
      expect(
        organisations.filter((organisation) => organisation.kind === 'scrutiny-committee' && organisation.id.includes(place)),
        `${place} scrutiny committee`,
      ).toHaveLength(1);
    }
  });

  it('the Safer Rotherham Partnership has six priorities carrying the 38 numbered indicators in order, period 2016-2019, each with a lead', () => {
    const srp = priorities.filter((priority) => priority.organisationId === 'safer-rotherham-partnership');
    expect(srp).toHaveLength(6);
    const indicators = srp.flatMap((priority) => priority.priority.indicators ?? []);
    expect(indicators.map((indicator) => Number(/^(\d+)\./.exec(indicator)?.[1]))).toEqual(
      Array.from({ length: 38 }, (_, index) => index + 1),
    );
    for (const priority of srp) {
      expect(priority.priority.period).toBe('2016-2019');
      expect(priority.priority.lead?.trim(), priority.id).toBeTruthy();
    }
  });
});

describe('South Yorkshire seed: Violence Against Women and Girls', () => {
  it('the PCC holds a priority with the VAWG theme', () => {
    const pccVawg = priorities.filter(
      (priority) => kindOf.get(priority.organisationId) === 'pcc' && priority.priority.themes.includes('violence-against-women-and-girls'),
    );
    expect(pccVawg.length).toBeGreaterThan(0);
    expect(pccVawg.some((priority) => priority.source.includes(SEED_FILES.panel2022))).toBe(true);
  });

  it('as many CSPs cover VAWG (priorities or work programme) as the documents support', () => {
    const covering = new Set(
      [
        ...priorities.map((priority) => ({ organisationId: priority.organisationId, themes: priority.priority.themes })),
        ...workProgramme.map((item) => ({ organisationId: item.organisationId, themes: item.item.themes })),
      ]
        .filter((entry) => kindOf.get(entry.organisationId) === 'csp' && entry.themes.includes('violence-against-women-and-girls'))
        .map((entry) => entry.organisationId),
    );
    expect(covering.size).toBe(CSPS_COVERING_VAWG_PER_THE_DOCUMENTS);
  });
});

describe('South Yorkshire seed: visibility and provenance', () => {
  it("has exactly one partners-only item: the Panel's request for the LCJB disproportionality Task and Finish Group update", () => {
    const partnersOnly = [
      ...priorities.filter((priority) => priority.priority.visibility === 'partners'),
      ...workProgramme.filter((item) => item.item.visibility === 'partners'),
      ...protocols.filter((protocol) => protocol.protocol.visibility === 'partners'),
    ];
    expect(partnersOnly).toHaveLength(1);
    const [only] = partnersOnly;
    expect(only?.id).toBe('pcp-2022-lcjb-disproportionality-update-report');
    const item = workProgramme.find((entry) => entry.id === only?.id);
    expect(item?.organisationId).toBe('south-yorkshire-police-and-crime-panel');
    expect(item?.item.kind).toBe('report');
  });

  it('every item has a source naming a seed file', () => {
    const seedFiles: string[] = Object.values(SEED_FILES);
    for (const { id, source } of [...priorities, ...workProgramme, ...protocols]) {
      expect(source.trim(), id).not.toBe('');
      expect(source, id).toMatch(/00[0-4]_/);
      expect(
        seedFiles.some((file) => source.includes(file)),
        id,
      ).toBe(true);
    }
  });

  it('nothing comes from the Staffordshire document (004)', () => {
    for (const { id, source } of [...priorities, ...workProgramme, ...protocols])
      expect(source, id).not.toContain(SEED_FILES.staffordshire);
  });
});

describe('South Yorkshire seed: plans, dates and changes', () => {
  const planKeys = new Set(plans.map((plan) => `${plan.organisationId}/${plan.id}`));
  const changes = [
    ...plans.map(({ id, effectiveDate, source }) => ({ id, effectiveDate, source })),
    ...priorities.flatMap(({ id, effectiveDate, source, later = [] }) => [
      { id, effectiveDate, source },
      ...later.map((step) => ({ id, ...step })),
    ]),
    ...workProgramme.flatMap(({ id, effectiveDate, source, later = [] }) => [
      { id, effectiveDate, source },
      ...later.map((step) => ({ id, ...step })),
    ]),
    ...protocols.map(({ id, effectiveDate, source }) => ({ id, effectiveDate, source })),
  ];

  it.each(plans.map((plan) => [plan.id, plan] as const))('plan %s parses with PlanState', (_id, plan) => {
    expect(() => PlanState().parse(plan.plan)).not.toThrow();
  });

  it('every seeded change carries an effective date and a source the API accepts, naming a South Yorkshire document', () => {
    for (const { id, effectiveDate, source } of changes) {
      const change = seedChange(effectiveDate, source);
      expect(() => EffectiveDate().parse(change.effectiveDate), id).not.toThrow();
      expect(() => ChangeSource().parse(change.source), id).not.toThrow();
      expect(change.source.document, id).not.toContain(SEED_FILES.staffordshire);
    }
  });

  it('every priority sits in a seeded plan of its own body, and every later change comes after the first', () => {
    for (const priority of priorities) {
      expect(planKeys.has(`${priority.organisationId}/${priority.priority.planId}`), priority.id).toBe(true);
      for (const step of priority.later ?? []) expect(step.effectiveDate >= priority.effectiveDate, priority.id).toBe(true);
    }
    for (const item of workProgramme)
      for (const step of item.later ?? []) expect(step.effectiveDate >= item.effectiveDate, item.id).toBe(true);
  });

  it("the PCC's plans: the 2013/17 plan refreshed in April 2014, superseded by its March 2016 refresh, and the new plan of 2022", () => {
    const pcc = plans.filter((plan) => plan.organisationId === 'south-yorkshire-pcc');
    expect(pcc.map((plan) => [plan.plan.startDate, plan.plan.endDate, plan.plan.supersedes])).toEqual([
      ['2014-04-01', '2017-03-31', undefined],
      ['2016-03-01', '2017-03-31', pcc[0]!.id],
      ['2022-02-04', undefined, undefined],
    ]);
  });

  it('the Safer Rotherham Partnership Plan runs April 2016 to March 2019, its six priorities carrying the cross-cutting theme', () => {
    const srp = plans.find((plan) => plan.organisationId === 'safer-rotherham-partnership');
    expect(srp?.plan).toMatchObject({ startDate: '2016-04-01', endDate: '2019-03-31', kind: 'community-safety-plan' });
    const srpPriorities = priorities.filter((priority) => priority.organisationId === 'safer-rotherham-partnership');
    for (const priority of srpPriorities) {
      expect(priority.priority.planId).toBe(srp?.id);
      expect(priority.priority.themes).toContain('substance-misuse');
    }
  });

  it('withdraws what the documents do not say, and publishes none of it', () => {
    expect(withdrawn.map((entry) => entry.id)).toEqual(
      expect.arrayContaining(['sub-regional-2014-domestic-abuse', 'anti-social-behaviour']),
    );
    expect(withdrawn).toHaveLength(14);
    const published = new Set([
      ...priorities.map((priority) => `priorities/${priority.organisationId}/${priority.id}`),
      ...workProgramme.map((item) => `work-programme/${item.organisationId}/${item.id}`),
    ]);
    for (const entry of withdrawn) expect(published.has(`${entry.subject}/${entry.organisationId}/${entry.id}`), entry.id).toBe(false);
    expect(priorities.filter((priority) => /sub-regional priority/i.test(priority.priority.title))).toEqual([]);
    expect(priorities.filter((priority) => priority.organisationId === 'safer-doncaster-partnership')).toEqual([]);
  });

  it('dates no work programme item by a calendar quarter, and leaves none of it undated', () => {
    for (const item of workProgramme) {
      expect(item.item.date ?? item.item.quarter, item.id).toBeDefined();
      if (item.item.quarter) expect(item.item.quarter, item.id).toMatch(/^\d{4}\/\d{2}-Q[1-4]$/);
    }
  });
});
