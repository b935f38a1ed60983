/**
 * Priority events exactly as the event log stored them before priorities had plans, dates and a
 * controlled status (schema version 1): written out by hand, not built, because the builders now
 * make the current version. One stream of a priority (published, revised three times, withdrawn)
 * whose status went through the free text bodies wrote, and the catalogue's old example.
 */
const envelope = (version: number, occurredAt: string) => ({
  eventId: `01JSTOREDV1PRIORITY${version}`,
  schemaVersion: 1,
  occurredAt,
  areaId: 'south-yorkshire',
  organisationId: 'safer-rotherham-partnership',
  subject: { type: 'priority', id: 'srp-2016-priority-1', version },
  actor: { kind: 'organisation', organisationId: 'safer-rotherham-partnership' },
  visibility: 'public',
});

const data = {
  title: 'Protecting vulnerable children',
  themes: ['child-sexual-exploitation', 'vulnerable-people'],
  lead: "Strategic Director, Children and Young People's Services",
  outcomes: ['Children and young people are safeguarded from sexual exploitation'],
  indicators: ['Number of referrals to the CSE team'],
  period: '2016-2019',
  supports: [{ organisationId: 'south-yorkshire-pcc', priorityId: 'plan-2016-protecting-vulnerable-people' }],
  visibility: 'public',
};

export interface StoredEvent {
  detailType: string;
  detail: Record<string, unknown> & {
    eventId: string;
    occurredAt: string;
    subject: { type: string; id: string; version: number };
    data: Record<string, unknown>;
  };
}

export const storedBeforePlans: StoredEvent[] = [
  { detailType: 'PriorityPublished', detail: { ...envelope(1, '2024-05-01T09:00:00.000Z'), data: { ...data, status: 'active' } } },
  {
    detailType: 'PriorityRevised',
    detail: { ...envelope(2, '2024-09-01T09:00:00.000Z'), data: { ...data, status: 'On track', changedFields: ['status'] } },
  },
  {
    detailType: 'PriorityRevised',
    detail: { ...envelope(3, '2025-01-06T09:00:00.000Z'), data: { ...data, status: 'completed', changedFields: ['status'] } },
  },
  {
    detailType: 'PriorityRevised',
    detail: {
      ...envelope(4, '2025-04-01T09:00:00.000Z'),
      data: { ...data, status: 'Superseded by the 2025 plan', changedFields: ['status'] },
    },
  },
  {
    detailType: 'PriorityWithdrawn',
    detail: { ...envelope(5, '2025-06-01T09:00:00.000Z'), data: { ...data, status: 'Superseded by the 2025 plan' } },
  },
];

/** The status each of those events is read with. */
export const storedBeforePlansStatuses = ['active', 'active', 'achieved', 'superseded', 'superseded'];

/** An event with no status at all (the field was optional, `active` by default) and one with a status the hub cannot place. */
export const storedBeforePlansOddities: StoredEvent[] = [
  {
    detailType: 'PriorityPublished',
    detail: { ...envelope(1, '2024-05-01T09:00:00.000Z'), subject: { type: 'priority', id: 'no-status', version: 1 }, data },
  },
  {
    detailType: 'PriorityPublished',
    detail: {
      ...envelope(1, '2024-05-01T09:00:00.000Z'),
      subject: { type: 'priority', id: 'odd-status', version: 1 },
      data: { ...data, status: 'Awaiting board sign-off' },
    },
  },
];
