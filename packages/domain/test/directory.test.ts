import { type AreaState, type OrganisationState, parseHubEvent } from '@partnership-hub/events';
import { describe, expect, it } from 'vitest';
import { type Decision, decideAreaPut, decideOrganisationPut, toViewRecord } from '../src/index.ts';
import { AREA, headAfter, ROTHERHAM_CSP } from './builders.ts';

const adminContext = { eventId: '01JEVENTADMIN1', occurredAt: '2026-01-01T09:00:00.000Z', actor: { kind: 'admin' as const } };

function eventOf(decision: Decision) {
  if (decision.outcome === 'unchanged') throw new Error('expected an event, the decision was unchanged');
  return decision.event;
}

describe('registering an area', () => {
  it('registers a new area at version 1 as public AreaRegistered, belonging to no organisation', () => {
    const decision = decideAreaPut(undefined, { name: 'South Yorkshire' }, AREA, adminContext);

    expect(decision.outcome).toBe('created');
    expect(decision.version).toBe(1);
    const event = eventOf(decision);
    expect(event.detailType).toBe('AreaRegistered');
    expect(event.detail).toMatchObject({
      areaId: AREA,
      organisationId: null,
      visibility: 'public',
      subject: { type: 'area', id: AREA, version: 1 },
    });
    expect(event.detail.data).toEqual({ name: 'South Yorkshire' });
    expect(() => parseHubEvent(event.detailType, event.detail)).not.toThrow();
  });

  it('records nothing when the same name is registered again', () => {
    const head = headAfter<AreaState>(decideAreaPut(undefined, { name: 'South Yorkshire' }, AREA, adminContext));

    expect(decideAreaPut(head, { name: 'South Yorkshire' }, AREA, adminContext)).toEqual({ outcome: 'unchanged', version: 1 });
  });

  it('renames an area at the next version, saying what it was called before', () => {
    const head = headAfter<AreaState>(decideAreaPut(undefined, { name: 'South Yorks' }, AREA, adminContext));

    const decision = decideAreaPut(head, { name: 'South Yorkshire' }, AREA, adminContext);

    expect(decision.outcome).toBe('revised');
    expect(decision.version).toBe(2);
    expect(eventOf(decision).detail.data).toEqual({ name: 'South Yorkshire', previous: { name: 'South Yorks' } });
  });

  it('refuses a rename whose If-Match is not the current version, before comparing the name', () => {
    const head = headAfter<AreaState>(decideAreaPut(undefined, { name: 'South Yorks' }, AREA, adminContext));

    expect(() => decideAreaPut(head, { name: 'South Yorks' }, AREA, adminContext, { kind: 'version', version: 2 })).toThrow(
      'Area south-yorkshire is at version 1, not 2',
    );
    expect(() => decideAreaPut(undefined, { name: 'South Yorks' }, AREA, adminContext, { kind: 'any' })).toThrow('does not exist yet');
    expect(decideAreaPut(head, { name: 'South Yorkshire' }, AREA, adminContext, { kind: 'version', version: 1 }).version).toBe(2);
  });

  it("keeps the previous name out of the area's stored state", () => {
    const head = headAfter<AreaState>(decideAreaPut(undefined, { name: 'South Yorks' }, AREA, adminContext));

    const record = toViewRecord(eventOf(decideAreaPut(head, { name: 'South Yorkshire' }, AREA, adminContext)));

    expect(record.state).toEqual({ name: 'South Yorkshire' });
  });
});

describe('registering an organisation', () => {
  const target = { areaId: AREA, organisationId: ROTHERHAM_CSP };
  const csp: OrganisationState = { name: 'Safer Rotherham Partnership', kind: 'csp' };

  it('registers a new organisation of the area at version 1, as its own subject', () => {
    const decision = decideOrganisationPut(undefined, csp, target, adminContext);

    expect(decision.outcome).toBe('created');
    const event = eventOf(decision);
    expect(event.detailType).toBe('OrganisationRegistered');
    expect(event.detail).toMatchObject({
      areaId: AREA,
      organisationId: ROTHERHAM_CSP,
      visibility: 'public',
      subject: { type: 'organisation', id: ROTHERHAM_CSP, version: 1 },
    });
    expect(event.detail.data).toEqual(csp);
    expect(() => parseHubEvent(event.detailType, event.detail)).not.toThrow();
  });

  it('records nothing when the same name and kind are registered again', () => {
    const head = headAfter<OrganisationState>(decideOrganisationPut(undefined, csp, target, adminContext));

    expect(decideOrganisationPut(head, { kind: 'csp', name: 'Safer Rotherham Partnership' }, target, adminContext)).toEqual({
      outcome: 'unchanged',
      version: 1,
    });
  });

  it('records a change of kind at the next version, with the previous state', () => {
    const head = headAfter<OrganisationState>(decideOrganisationPut(undefined, csp, target, adminContext));

    const decision = decideOrganisationPut(head, { ...csp, kind: 'partner' }, target, adminContext);

    expect(decision.outcome).toBe('revised');
    expect(decision.version).toBe(2);
    expect(eventOf(decision).detail.data).toEqual({ name: 'Safer Rotherham Partnership', kind: 'partner', previous: csp });
  });
});
