import { describe, expect, it } from 'vitest';
import { buildEvent, ChangeSource, EffectiveDate, type EventContext, effectiveFrom, parseHubEvent } from '../src/index.ts';

const context: EventContext = {
  eventId: '01JCHANGE0001',
  occurredAt: '2026-12-01T10:00:00.000Z',
  actor: { kind: 'key', organisationId: 'safer-rotherham-partnership' },
};

const plan = {
  title: 'Safer Rotherham Partnership Plan 2016-2019',
  kind: 'partnership-plan' as const,
  startDate: '2016-04-01',
  endDate: '2019-03-31',
  visibility: 'public' as const,
};

const planPublished = (change?: EventContext['change']) =>
  buildEvent('PlanPublished', {
    context: { ...context, change },
    areaId: 'south-yorkshire',
    organisationId: 'safer-rotherham-partnership',
    subject: { id: 'srp-plan-2016-2019', version: 1 },
    visibility: 'public',
    data: plan,
  });

describe('a change as an event carries it', () => {
  it('keeps the effective date and source beside the data, and reads them back', () => {
    const change = { effectiveDate: '2016-03', source: { document: 'Safer Rotherham Partnership Plan 2016–19', section: 'section 3' } };
    const event = planPublished(change);
    expect(event.detail.change).toEqual(change);
    expect(event.detail.data).not.toHaveProperty('effectiveDate');
    expect(parseHubEvent(event.detailType, JSON.parse(JSON.stringify(event.detail))).detail.change).toEqual(change);
  });

  it('is left out when the writer said nothing about the change', () => {
    expect(planPublished().detail).not.toHaveProperty('change');
  });

  it('reads an event recorded before events could carry a change, as it was recorded', () => {
    // As the log holds it: written before writes could describe their change. Frozen.
    const recordedBefore = {
      eventId: '01JDEXAMPLEPLANPUBLISHED',
      schemaVersion: 1,
      occurredAt: '2026-11-23T10:15:00.000Z',
      areaId: 'south-yorkshire',
      organisationId: 'safer-rotherham-partnership',
      subject: { type: 'plan', id: 'srp-plan-2016-2019', version: 1 },
      actor: { kind: 'key', organisationId: 'safer-rotherham-partnership' },
      visibility: 'public',
      data: { ...plan, supersedes: 'srp-plan-2013-2016' },
    };
    const read = parseHubEvent('PlanPublished', recordedBefore);
    expect(read.detail).toEqual(recordedBefore);
    expect(read.detail.change).toBeUndefined();
  });

  it('refuses a malformed change in the log', () => {
    expect(() => parseHubEvent('PlanPublished', { ...planPublished().detail, change: { effectiveDate: '2016-13' } })).toThrow(
      /effectiveDate/,
    );
    expect(() =>
      parseHubEvent('PlanPublished', { ...planPublished().detail, change: { source: { document: 'Plan', page: 3 } } }),
    ).toThrow();
  });
});

describe('EffectiveDate', () => {
  it.each(['2016', '2016-03', '2016-03-31', '2024-02-29'])('takes %s', (date) => {
    expect(EffectiveDate().safeParse(date).success).toBe(true);
  });

  it.each(['2016-13', '2016-00', '16/03/2016', '2016-3', '2016-02-30', '2023-02-29', '2016-03-31T10:00', '', ' 2016'])(
    'refuses %j, saying what it must be',
    (date) => {
      const result = EffectiveDate().safeParse(date);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toContain('a year (2016), a month (2016-03) or a calendar date');
    },
  );

  it.each(['0000', '0000-01-01', '1899-12-31', '2200', '9999-12'])('refuses %j, naming the years a date may be in', (date) => {
    const result = EffectiveDate().safeParse(date);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([`must be in the years 1900 to 2199 (got ${JSON.stringify(date)})`]);
  });

  it('says only what form a date must take when it is in none, whatever its year', () => {
    expect(EffectiveDate().safeParse('0000-13').error?.issues).toHaveLength(1);
  });

  it('still reads an effective date recorded before the years were bounded', () => {
    const event = planPublished({ effectiveDate: '2016' });
    const recorded = { ...JSON.parse(JSON.stringify(event.detail)), change: { effectiveDate: '0016' } };
    expect(parseHubEvent('PlanPublished', recorded).detail.change).toEqual({ effectiveDate: '0016' });
  });

  it('counts a year or a month from its first day', () => {
    expect(effectiveFrom('2016')).toBe('2016-01-01');
    expect(effectiveFrom('2016-03')).toBe('2016-03-01');
    expect(effectiveFrom('2016-03-31')).toBe('2016-03-31');
  });
});

describe('ChangeSource', () => {
  it('takes a document, with a section and a web address', () => {
    expect(
      ChangeSource().parse({ document: ' Police and Crime Plan 2013-17 ', section: 'page 4', url: 'https://example.org/plan.pdf' }),
    ).toEqual({ document: 'Police and Crime Plan 2013-17', section: 'page 4', url: 'https://example.org/plan.pdf' });
  });

  it.each([
    ['no document', { section: 'page 4' }],
    ['an empty document', { document: '  ' }],
    ['a document over 300 characters', { document: 'x'.repeat(301) }],
    ['a control character', { document: 'Plan\u0000' }],
    ['a line break', { document: 'Plan\nrefreshed' }],
    ['a javascript: address', { document: 'Plan', url: 'javascript:alert(1)' }],
    ['an address that is not one', { document: 'Plan', url: 'the council website' }],
    ['a field it does not know', { document: 'Plan', page: 4 }],
    ['a plain string', 'Police and Crime Plan'],
  ])('refuses %s', (_, source) => {
    expect(ChangeSource().safeParse(source).success).toBe(false);
  });
});
