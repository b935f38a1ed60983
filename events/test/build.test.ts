import { describe, expect, it } from 'vitest';
import { buildEvent, type EventContext, parseHubEvent } from '../src/index.ts';

const context: EventContext = {
  eventId: '01JBUILD0001',
  occurredAt: '2026-03-01T10:00:00.000Z',
  actor: { kind: 'key', organisationId: 'safer-rotherham-partnership' },
};

const priority = {
  title: 'Tackling burglary',
  themes: ['burglary' as const],
  outcomes: [],
  indicators: [],
  status: 'active' as const,
  supports: [],
  visibility: 'partners' as const,
};

describe('buildEvent', () => {
  it('builds the whole envelope from the command, with the schema version and subject type of its declaration', () => {
    const event = buildEvent('PriorityRevised', {
      context,
      areaId: 'south-yorkshire',
      organisationId: 'safer-rotherham-partnership',
      subject: { id: 'srp-1', version: 2 },
      visibility: 'partners',
      data: { ...priority, changedFields: ['title'] },
    });

    expect(event).toEqual({
      detailType: 'PriorityRevised',
      detail: {
        eventId: '01JBUILD0001',
        schemaVersion: 2,
        occurredAt: '2026-03-01T10:00:00.000Z',
        areaId: 'south-yorkshire',
        organisationId: 'safer-rotherham-partnership',
        subject: { type: 'priority', id: 'srp-1', version: 2 },
        actor: { kind: 'key', organisationId: 'safer-rotherham-partnership' },
        visibility: 'partners',
        data: { ...priority, changedFields: ['title'] },
      },
    });
  });

  it('builds events that their own schema accepts', () => {
    const event = buildEvent('AreaRegistered', {
      context: { ...context, actor: { kind: 'admin' } },
      areaId: 'south-yorkshire',
      organisationId: null,
      subject: { id: 'south-yorkshire', version: 1 },
      visibility: 'public',
      data: { name: 'South Yorkshire' },
    });
    expect(parseHubEvent(event.detailType, event.detail)).toEqual(event);
  });

  it('checks the data against the type it names, at compile time', () => {
    const parts = {
      context,
      areaId: 'south-yorkshire',
      organisationId: 'safer-rotherham-partnership',
      subject: { id: 'srp-1', version: 2 },
      visibility: 'public' as const,
    };
    // A revision must say which fields changed; a priority is not an area. tsc -b checks these lines.
    // @ts-expect-error changedFields is missing
    const unsaid = buildEvent('PriorityRevised', { ...parts, data: priority });
    // @ts-expect-error an area's data is its name
    const misfiled = buildEvent('AreaRegistered', { ...parts, data: priority });

    // At run time the builder trusts its caller; the schema is what refuses them, at the log.
    expect(() => parseHubEvent(unsaid.detailType, unsaid.detail)).toThrow();
    expect(() => parseHubEvent(misfiled.detailType, misfiled.detail)).toThrow();
    // @ts-expect-error not a detail-type of the catalogue
    expect(() => buildEvent('PriorityDeleted', { ...parts, data: priority })).toThrow();
  });
});
