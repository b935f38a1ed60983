import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogueFiles } from '../scripts/catalogue-files.ts';
import { examples } from '../src/examples.ts';
import {
  eventTypes,
  isAreaScoped,
  isWithdrawal,
  owningOrganisation,
  parseEventBridgeEvent,
  parseHubEvent,
  UnknownEventError,
} from '../src/index.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the event catalogue', () => {
  it('declares each detail-type once, as a past-tense business fact', () => {
    const names = eventTypes.map((type) => type.detailType);
    expect(new Set(names).size).toBe(names.length);
    // Two named exceptions: RequestDueSoon and RequestOverdue are facts about the calendar (a due
    // date now falls within seven days, or has passed unanswered), named as subscribers ask for
    // them; every other type is a past-tense fact.
    const calendarFacts = ['RequestDueSoon', 'RequestOverdue'];
    for (const name of names.filter((name) => !calendarFacts.includes(name))) expect(name).toMatch(/^[A-Z][A-Za-z]+(ed|Withdrawn)$/);
    expect(names).toEqual(expect.arrayContaining(calendarFacts));
  });

  it('has an example of every event type that its own schema accepts', () => {
    for (const type of eventTypes) {
      const parsed = type.detail.safeParse(examples[type.detailType]);
      expect(parsed.success, `${type.detailType}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('keeps the committed JSON Schemas, examples and catalogue page in step with the declarations (run npm run events:generate)', async () => {
    for (const [path, expected] of catalogueFiles()) {
      const committed = await readFile(join(root, path), 'utf8').catch(() => '(missing)');
      expect(committed, path).toBe(expected);
    }
  });

  it('parses a delivery from the bus by its detail-type, and refuses a detail that does not match', () => {
    const example = examples.PriorityPublished;
    const delivery = {
      version: '0',
      id: 'x',
      'detail-type': 'PriorityPublished',
      source: 'partnership-hub',
      account: '1',
      time: example.occurredAt,
      region: 'eu-west-2',
      resources: [],
      detail: example,
    };

    expect(parseEventBridgeEvent(delivery).detailType).toBe('PriorityPublished');
    expect(() =>
      parseEventBridgeEvent({ ...delivery, detail: { ...example, data: { ...example.data, themes: ['gardening'] } } }),
    ).toThrow();
    expect(() => parseEventBridgeEvent({ ...delivery, source: 'someone-else' })).toThrow();
    expect(() => parseHubEvent('PriorityDeleted', example)).toThrow(UnknownEventError);
  });

  it('gives every subject type one scope, whichever of its event types declares it', () => {
    const scopes = new Map<string, Set<string>>();
    for (const type of eventTypes) scopes.set(type.subjectType, (scopes.get(type.subjectType) ?? new Set()).add(type.scope));
    for (const [subjectType, declared] of scopes) expect([...declared], subjectType).toHaveLength(1);
  });

  it('knows the withdrawals from the lifecycle each event type declares', () => {
    const withdrawals = eventTypes.filter((type) => isWithdrawal(type.detailType)).map((type) => type.detailType);
    expect(withdrawals).toEqual(['PlanWithdrawn', 'PriorityWithdrawn', 'WorkProgrammeItemWithdrawn', 'MeetingWithdrawn']);
    expect(isWithdrawal('PriorityRevised')).toBe(false);
    expect(isWithdrawal('VisibilityRestricted')).toBe(false);
  });

  it('files areas, protocols, requests and connectors under the area, and everything else under its organisation', () => {
    expect(eventTypes.filter((type) => isAreaScoped(type.subjectType)).map((type) => type.detailType)).toEqual([
      'AreaRegistered',
      'ProtocolVersionProposed',
      'ProtocolAgreed',
      'RequestRaised',
      'RequestRevised',
      'RequestResponded',
      'RequestUpdated',
      'RequestClosed',
      'RequestDueSoon',
      'RequestOverdue',
      'ConnectorRunFailed',
    ]);
    const { ProtocolAgreed, PriorityPublished, OrganisationRegistered } = examples;
    expect(owningOrganisation(ProtocolAgreed)).toBeNull();
    expect(ProtocolAgreed.organisationId).toBe('rotherham-overview-and-scrutiny-management-board');
    expect(owningOrganisation(PriorityPublished)).toBe('safer-rotherham-partnership');
    expect(owningOrganisation(OrganisationRegistered)).toBe('safer-rotherham-partnership');
  });

  it('refuses an event whose subject type does not fit its detail-type', () => {
    const example = examples.PriorityPublished;
    expect(() => parseHubEvent('PriorityPublished', { ...example, subject: { ...example.subject, type: 'protocol' } })).toThrow();
  });
});
