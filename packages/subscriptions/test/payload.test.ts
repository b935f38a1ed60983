import { parseHubEvent } from '@partnership-hub/events';
import { describe, expect, it } from 'vitest';
import { changePayload, friendlyType, headlineOf, pageLink } from '../src/index.ts';

const revised = parseHubEvent('PriorityRevised', {
  eventId: '01JABCDEF',
  schemaVersion: 1,
  occurredAt: '2026-03-01T10:00:00.000Z',
  areaId: 'south-yorkshire',
  organisationId: 'safer-rotherham',
  subject: { type: 'priority', id: 'p-1', version: 3 },
  actor: { kind: 'key', organisationId: 'safer-rotherham' },
  visibility: 'public',
  data: { title: 'Tackle domestic abuse', themes: ['domestic-abuse'], visibility: 'public', changedFields: ['title', 'themes'] },
});

describe('webhook payloads', () => {
  it('names the change in a friendly type', () => {
    expect(friendlyType('PriorityRevised', 'priority')).toBe('priority.revised');
    expect(friendlyType('WorkProgrammeItemScheduled', 'work-programme-item')).toBe('work-programme-item.scheduled');
    expect(friendlyType('ProtocolVersionProposed', 'protocol')).toBe('protocol.version-proposed');
    expect(friendlyType('AreaRegistered', 'area')).toBe('area.registered');
  });

  it('says what changed, in which body, on which themes, the previous and new version, and links to the page', () => {
    const payload = changePayload(revised, 'https://hub.example.org/');
    expect(payload).toMatchObject({
      type: 'priority.revised',
      timestamp: '2026-03-01T10:00:00.000Z',
      data: {
        eventId: '01JABCDEF',
        change: 'PriorityRevised',
        areaId: 'south-yorkshire',
        organisationId: 'safer-rotherham',
        subject: { type: 'priority', id: 'p-1', title: 'Tackle domestic abuse' },
        themes: ['domestic-abuse'],
        previousVersion: 2,
        version: 3,
        changedFields: ['title', 'themes'],
        visibility: 'public',
        link: 'https://hub.example.org/areas/south-yorkshire/bodies/safer-rotherham/priorities/p-1',
        occurredAt: '2026-03-01T10:00:00.000Z',
      },
    });
    // Without the names (the notifier adds them), the headline names no body rather than an id.
    expect(headlineOf(payload.data as never)).toBe('Partnership Hub revised the priority “Tackle domestic abuse”');
    const named = changePayload(revised, 'https://hub.example.org/', {
      by: 'Safer Rotherham Partnership',
      bodyName: 'Safer Rotherham Partnership',
      areaName: 'South Yorkshire',
    });
    expect(named.data).toMatchObject({
      by: 'Safer Rotherham Partnership',
      bodyName: 'Safer Rotherham Partnership',
      areaName: 'South Yorkshire',
    });
    expect(headlineOf(named.data as never)).toBe('Safer Rotherham Partnership revised the priority “Tackle domestic abuse”');
  });

  it("links priorities and work programme items to their own pages, under their body's", () => {
    expect(pageLink('https://hub.example.org', { areaId: 'a', organisationId: 'csp', type: 'priority', id: 'p-1' })).toBe(
      'https://hub.example.org/areas/a/bodies/csp/priorities/p-1',
    );
    expect(pageLink('https://hub.example.org', { areaId: 'a', organisationId: 'csp', type: 'work-programme-item', id: 'w-1' })).toBe(
      'https://hub.example.org/areas/a/bodies/csp/work-programme/w-1',
    );
  });

  it("links a plan to its own page, under its body's", () => {
    expect(pageLink('https://hub.example.org', { areaId: 'a', organisationId: 'csp', type: 'plan', id: 'plan-2026' })).toBe(
      'https://hub.example.org/areas/a/bodies/csp/plans/plan-2026',
    );
  });

  it('says a failed connector run in words, with its first error, and links to the connector page', () => {
    const failed = parseHubEvent('ConnectorRunFailed', {
      eventId: '01JDEXAMPLECONNECTORRUNFA',
      schemaVersion: 1,
      occurredAt: '2026-11-23T10:15:00.000Z',
      areaId: 'south-yorkshire',
      organisationId: null,
      subject: { type: 'connector', id: 'sheffield', version: 3 },
      actor: { kind: 'system', job: 'ModernGov connector sheffield' },
      visibility: 'partners',
      data: {
        connectorId: 'sheffield',
        kind: 'moderngov',
        runId: '01JDEXAMPLERUN0000000000003',
        trigger: 'schedule',
        requestedAt: '2026-11-23T10:00:00.000Z',
        finishedAt: '2026-11-23T10:15:00.000Z',
        organisationIds: ['south-yorkshire-police-and-crime-panel'],
        meetings: { created: 0, revised: 0, cancelled: 0, unchanged: 0 },
        errorCount: 1,
        error:
          'committee 650: https://democracy.sheffield.gov.uk/mgWebService.asmx/GetMeetings?lCommitteeId=650&sFromDate=25/08/2026&sToDate=23/11/2027: answered HTTP 500',
      },
    });
    const payload = changePayload(failed, 'https://hub.example.org');
    expect(payload).toMatchObject({
      type: 'connector.run-failed',
      data: {
        change: 'ConnectorRunFailed',
        organisationId: null,
        visibility: 'partners',
        link: 'https://hub.example.org/areas/south-yorkshire/connectors/sheffield',
      },
    });
    expect(headlineOf(payload.data as never)).toBe(
      'The ModernGov connector “sheffield” in south-yorkshire failed a scheduled run: committee 650: https://democracy.sheffield.gov.uk/mgWebService.asmx/GetMeetings?lCommitteeId=650&sFromDate=25/08/2026&sToDate=23/11/2027: answered HTTP 500',
    );
  });

  it('links protocols and the area to their own pages', () => {
    expect(pageLink('https://hub.example.org', { areaId: 'a', organisationId: null, type: 'protocol', id: 'jwp' })).toBe(
      'https://hub.example.org/areas/a/protocols/jwp',
    );
    expect(pageLink('https://hub.example.org', { areaId: 'a', organisationId: null, type: 'area', id: 'a' })).toBe(
      'https://hub.example.org/areas/a',
    );
  });
});
