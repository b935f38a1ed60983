import { describe, expect, it } from 'vitest';
import { buildEvent, parseHubEvent } from '../src/index.ts';

const priority = {
  title: 'Tackling burglary',
  themes: ['burglary' as const],
  outcomes: [],
  indicators: [],
  status: 'active' as const,
  supports: [],
  visibility: 'public' as const,
};

function withdrawalBy(actor: unknown) {
  const event = buildEvent('PriorityWithdrawn', {
    context: { eventId: '01JACTOR0001', occurredAt: '2026-03-01T10:00:00.000Z', actor: { kind: 'admin' } },
    areaId: 'south-yorkshire',
    organisationId: 'safer-rotherham-partnership',
    subject: { id: 'srp-1', version: 2 },
    visibility: 'public',
    data: priority,
  });
  return { ...event.detail, actor };
}

describe('who an event records', () => {
  it('reads an event recorded before actors were named as the body’s unnamed key', () => {
    const stored = withdrawalBy({ kind: 'organisation', organisationId: 'safer-rotherham-partnership' });
    expect(parseHubEvent('PriorityWithdrawn', stored).detail.actor).toEqual({ kind: 'key', organisationId: 'safer-rotherham-partnership' });
  });

  it.each([
    { kind: 'person', personId: '01JPERSON', name: 'Jane Smith', organisationId: 'safer-rotherham-partnership', role: 'editor' },
    { kind: 'key', organisationId: 'safer-rotherham-partnership', keyId: 'a1b2c3d4e5f6', label: 'ModernGov sync' },
    { kind: 'admin' },
    { kind: 'system', job: 'overdue check' },
  ])('keeps a $kind actor as recorded', (actor) => {
    expect(parseHubEvent('PriorityWithdrawn', withdrawalBy(actor)).detail.actor).toEqual(actor);
  });

  it.each([
    ['a person without a body', { kind: 'person', personId: '01JPERSON', name: 'Jane Smith', role: 'editor' }],
    ['a person with an unknown role', { kind: 'person', personId: '01JPERSON', name: 'Jane Smith', organisationId: 'srp', role: 'owner' }],
    ['a key without a body', { kind: 'key', keyId: 'a1b2c3d4e5f6' }],
    ['an earlier organisation actor without a body', { kind: 'organisation' }],
    ['an unknown kind', { kind: 'robot' }],
  ])('refuses %s', (_what, actor) => {
    expect(() => parseHubEvent('PriorityWithdrawn', withdrawalBy(actor))).toThrow();
  });
});
