import type { z } from 'zod';
import type { DetailType, HubEventType } from './catalogue.ts';
import type { PriorityState, SubjectType, WorkProgrammeItemState } from './vocabulary.ts';

type ExampleOf<E extends HubEventType> = z.input<E['detail']>;
type Examples = { [E in HubEventType as E['detailType']]: ExampleOf<E> };

const envelope = <T extends SubjectType>(
  detailType: DetailType,
  subject: { type: T; id: string; version: number },
  organisationId: string | null,
) => ({
  eventId: `01JDEXAMPLE${detailType
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .slice(0, 15)}`,
  schemaVersion: 1 as const,
  occurredAt: '2026-11-23T10:15:00.000Z',
  areaId: 'south-yorkshire',
  organisationId,
  actor: organisationId && subject.type !== 'organisation' ? { kind: 'organisation' as const, organisationId } : { kind: 'admin' as const },
  visibility: 'public' as const,
  subject,
});

const rotherhamPriority: z.input<typeof PriorityState> = {
  title: 'Protecting vulnerable children',
  themes: ['child-sexual-exploitation', 'vulnerable-people'],
  lead: "Strategic Director, Children and Young People's Services",
  outcomes: ['Children and young people are safeguarded from sexual exploitation'],
  indicators: ['Number of referrals to the CSE team'],
  period: '2016-2019',
  status: 'active',
  supports: [{ organisationId: 'south-yorkshire-pcc', priorityId: 'plan-2016-protecting-vulnerable-people' }],
  visibility: 'public' as const,
};

const scrutinyItem: z.input<typeof WorkProgrammeItemState> = {
  title: 'Scrutiny review of domestic abuse services',
  themes: ['domestic-abuse'],
  kind: 'scrutiny-review' as const,
  quarter: '2026-Q3',
  status: 'planned' as const,
  priorities: [],
  visibility: 'public' as const,
};

const protocol = {
  title: 'Joint working protocol between the Police and Crime Panel and the Crime and Disorder committees',
  parties: ['south-yorkshire-police-and-crime-panel', 'rotherham-overview-and-scrutiny-management-board'],
  summary: 'Clear roles, regular exchange of information, co-ordinated work programmes, pooled resources and no duplication.',
  visibility: 'public' as const,
  version: 1,
  proposedBy: 'south-yorkshire-police-and-crime-panel',
};

/**
 * One example of each event type, written by hand so that it reads like the real thing. Each
 * is validated against its schema when the catalogue is generated and in the tests.
 */
export const examples: Examples = {
  AreaRegistered: {
    ...envelope('AreaRegistered', { type: 'area', id: 'south-yorkshire', version: 1 }, null),
    data: { name: 'South Yorkshire' },
  },
  OrganisationRegistered: {
    ...envelope(
      'OrganisationRegistered',
      { type: 'organisation', id: 'safer-rotherham-partnership', version: 1 },
      'safer-rotherham-partnership',
    ),
    data: { name: 'Safer Rotherham Partnership', kind: 'csp' },
  },
  PriorityPublished: {
    ...envelope('PriorityPublished', { type: 'priority', id: 'srp-2016-priority-1', version: 1 }, 'safer-rotherham-partnership'),
    data: rotherhamPriority,
  },
  PriorityRevised: {
    ...envelope('PriorityRevised', { type: 'priority', id: 'srp-2016-priority-1', version: 2 }, 'safer-rotherham-partnership'),
    data: { ...rotherhamPriority, status: 'achieved', changedFields: ['status'] },
  },
  PriorityWithdrawn: {
    ...envelope('PriorityWithdrawn', { type: 'priority', id: 'srp-2016-priority-1', version: 3 }, 'safer-rotherham-partnership'),
    data: rotherhamPriority,
  },
  WorkProgrammeItemScheduled: {
    ...envelope(
      'WorkProgrammeItemScheduled',
      { type: 'work-programme-item', id: 'osmb-2026-da-review', version: 1 },
      'rotherham-overview-and-scrutiny-management-board',
    ),
    data: scrutinyItem,
  },
  WorkProgrammeItemRevised: {
    ...envelope(
      'WorkProgrammeItemRevised',
      { type: 'work-programme-item', id: 'osmb-2026-da-review', version: 2 },
      'rotherham-overview-and-scrutiny-management-board',
    ),
    data: { ...scrutinyItem, status: 'in-progress', changedFields: ['status'] },
  },
  WorkProgrammeItemWithdrawn: {
    ...envelope(
      'WorkProgrammeItemWithdrawn',
      { type: 'work-programme-item', id: 'osmb-2026-da-review', version: 3 },
      'rotherham-overview-and-scrutiny-management-board',
    ),
    data: scrutinyItem,
  },
  ProtocolVersionProposed: {
    ...envelope(
      'ProtocolVersionProposed',
      { type: 'protocol', id: 'joint-working-protocol', version: 1 },
      'south-yorkshire-police-and-crime-panel',
    ),
    data: { ...protocol, agreements: [], status: 'draft' },
  },
  ProtocolAgreed: {
    ...envelope(
      'ProtocolAgreed',
      { type: 'protocol', id: 'joint-working-protocol', version: 2 },
      'rotherham-overview-and-scrutiny-management-board',
    ),
    data: {
      ...protocol,
      agreements: [
        { organisationId: 'rotherham-overview-and-scrutiny-management-board', version: 1, agreedAt: '2026-11-23T10:15:00.000Z' },
      ],
      status: 'draft',
      agreedBy: 'rotherham-overview-and-scrutiny-management-board',
    },
  },
};
