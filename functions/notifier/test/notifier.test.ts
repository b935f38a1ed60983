import { parseHubEvent } from '@partnership-hub/events';
import { describe, expect, it } from 'vitest';
import { echoesChallenge, mayReceive, parseDueMessage } from '../src/index.ts';

const event = (visibility: 'public' | 'partners', areaId = 'south-yorkshire') =>
  parseHubEvent('PriorityPublished', {
    eventId: '01JEVENT',
    schemaVersion: 1,
    occurredAt: '2026-03-01T10:00:00.000Z',
    areaId,
    organisationId: 'safer-rotherham',
    subject: { type: 'priority', id: 'p-1', version: 1 },
    actor: { kind: 'key', organisationId: 'safer-rotherham' },
    visibility,
    data: { title: 'A priority', themes: ['burglary'], visibility },
  });

describe('who may hear about an event, before any pattern is looked at', () => {
  it('never lets a partners-only change reach a public subscription', () => {
    expect(mayReceive({ areaId: 'south-yorkshire', audience: 'public' }, event('partners'))).toBe(false);
    expect(mayReceive({ areaId: 'south-yorkshire', audience: 'partners' }, event('partners'))).toBe(true);
  });

  it("lets public changes reach both audiences, in the subscription's own area only", () => {
    expect(mayReceive({ areaId: 'south-yorkshire', audience: 'public' }, event('public'))).toBe(true);
    expect(mayReceive({ areaId: 'south-yorkshire', audience: 'partners' }, event('public'))).toBe(true);
    expect(mayReceive({ areaId: 'south-yorkshire', audience: 'partners' }, event('public', 'staffordshire'))).toBe(false);
  });
});

describe('webhook verification', () => {
  it('accepts only the same challenge, as JSON', () => {
    expect(echoesChallenge('{"challenge":"abc"}', 'abc')).toBe(true);
    expect(echoesChallenge('{"challenge":"abd"}', 'abc')).toBe(false);
    expect(echoesChallenge('abc', 'abc')).toBe(false);
    expect(echoesChallenge('', 'abc')).toBe(false);
    expect(echoesChallenge('{"challenge":"abc"}', undefined)).toBe(false);
  });
});

describe('delivery queue messages', () => {
  it('are parsed at the edge', () => {
    expect(parseDueMessage('{"deliveryId":"msg_1","dueAt":"2026-03-01T10:00:00.000Z"}')).toEqual({
      deliveryId: 'msg_1',
      dueAt: '2026-03-01T10:00:00.000Z',
    });
    expect(() => parseDueMessage('{"deliveryId":""}')).toThrow();
    expect(() => parseDueMessage('not json')).toThrow();
  });
});
