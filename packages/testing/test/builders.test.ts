import { type HubEvent, parseHubEvent } from '@partnership-hub/events';
import { describe, expect, it } from 'vitest';
import {
  apiKeyRecord,
  areaRegistered,
  delivery,
  inMemoryStores,
  organisationRegistered,
  priorityPublished,
  priorityRevised,
  priorityWithdrawn,
  protocolAgreed,
  protocolVersionProposed,
  workProgrammeItemRevised,
  workProgrammeItemScheduled,
  workProgrammeItemWithdrawn,
} from '../src/index.ts';

const builders: [string, () => HubEvent][] = [
  ['AreaRegistered', () => areaRegistered()],
  ['OrganisationRegistered', () => organisationRegistered()],
  ['PriorityPublished', () => priorityPublished()],
  ['PriorityRevised', () => priorityRevised()],
  ['PriorityWithdrawn', () => priorityWithdrawn()],
  ['WorkProgrammeItemScheduled', () => workProgrammeItemScheduled()],
  ['WorkProgrammeItemRevised', () => workProgrammeItemRevised()],
  ['WorkProgrammeItemWithdrawn', () => workProgrammeItemWithdrawn()],
  ['ProtocolVersionProposed', () => protocolVersionProposed()],
  ['ProtocolAgreed', () => protocolAgreed()],
];

describe('the event builders', () => {
  it.each(builders)('build a %s the event schemas accept', (detailType, build) => {
    const event = build();

    expect(event.detailType).toBe(detailType);
    expect(parseHubEvent(event.detailType, event.detail)).toEqual(event);
  });

  it('give events of distinct subjects or versions distinct ids unless told otherwise', () => {
    const events = [
      priorityPublished({ id: 'a' }),
      priorityPublished({ id: 'b' }),
      priorityRevised({ id: 'a' }),
      priorityRevised({ id: 'a', version: 3 }),
    ];
    const ids = [
      ...events,
      workProgrammeItemScheduled({ id: 'a' }),
      areaRegistered(),
      organisationRegistered(),
      protocolVersionProposed(),
    ].map((event) => event.detail.eventId);

    expect(new Set(ids).size).toBe(ids.length);
    expect(priorityPublished({ eventId: 'chosen' }).detail.eventId).toBe('chosen');
  });

  it('give a revision the version after its head, and a publication after a withdrawal the version after that', () => {
    expect(priorityRevised({ version: 4, state: { title: 'Renamed' } }).detail).toMatchObject({
      subject: { version: 4 },
      data: { title: 'Renamed', changedFields: ['title'] },
    });
    expect(priorityPublished({ version: 3 })).toMatchObject({ detailType: 'PriorityPublished', detail: { subject: { version: 3 } } });
  });

  it('wrap an event as EventBridge delivers it', () => {
    const event = priorityPublished();

    expect(delivery(event)).toMatchObject({ 'detail-type': 'PriorityPublished', source: 'partnership-hub', detail: event.detail });
  });
});

describe('the in-memory stores', () => {
  it('hold the history published and projected, the outbox unpublished, and the keys', async () => {
    const history = priorityPublished({ id: 'old' });
    const waiting = priorityPublished({ id: 'waiting' });

    const stores = await inMemoryStores({ history: [history], outbox: [waiting], apiKeys: [apiKeyRecord()] });

    expect(await stores.eventLog.unpublished('2100-01-01T00:00:00.000Z')).toEqual([waiting]);
    expect(await stores.views.list(history.detail.areaId)).toMatchObject([{ id: 'old', version: 1 }]);
    expect(await stores.apiKeys.find(apiKeyRecord().keyHash)).toEqual(apiKeyRecord());
  });
});
