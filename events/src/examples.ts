import type * as z from 'zod/mini';
import { buildEvent, type DetailType, type EventData, type HubEventOfType, type HubEventType } from './catalogue.ts';
import type { Change } from './change.ts';
import type { Actor } from './envelope.ts';
import type { MeetingState } from './meetings.ts';
import type { VariationState } from './plan-variations.ts';
import type { PlanState } from './plans.ts';
import type { RequestState } from './requests.ts';
import type { PriorityState, WorkProgrammeItemState } from './vocabulary.ts';

type ExampleOf<E extends HubEventType> = z.input<E['detail']>;
type Examples = { [E in HubEventType as E['detailType']]: ExampleOf<E> };

/** An example event, built the way the hub builds its events. */
const example = <T extends DetailType>(
  detailType: T,
  subject: { id: string; version: number },
  organisationId: string | null,
  data: EventData<T>,
  change?: Change,
  actor?: Actor,
): HubEventOfType<T> =>
  buildEvent(detailType, {
    context: {
      eventId: `01JDEXAMPLE${detailType
        .toUpperCase()
        .replace(/[^A-Z]/g, '')
        .slice(0, 15)}`,
      occurredAt: '2026-11-23T10:15:00.000Z',
      // The administrator registers areas and organisations; each organisation changes its own content.
      actor:
        actor ??
        (organisationId && organisationId !== subject.id
          ? { kind: 'key' as const, organisationId, keyId: '01JDEXAMPLEKEY', label: 'Committee system sync' }
          : { kind: 'admin' as const }),
      change,
    },
    areaId: 'south-yorkshire',
    organisationId,
    subject,
    visibility: 'public',
    data,
  });

const rotherhamPriority: PriorityState = {
  title: 'Protecting vulnerable children',
  themes: ['child-sexual-exploitation', 'vulnerable-people'],
  lead: "Strategic Director, Children and Young People's Services",
  outcomes: ['Children and young people are safeguarded from sexual exploitation'],
  indicators: ['Number of referrals to the CSE team'],
  period: '2016-2019',
  status: 'active',
  planId: 'srp-plan-2016-2019',
  supports: [{ organisationId: 'south-yorkshire-pcc', priorityId: 'plan-2016-protecting-vulnerable-people' }],
  visibility: 'public' as const,
};

const rotherhamPlan: PlanState = {
  title: 'Safer Rotherham Partnership Plan 2016-2019',
  kind: 'partnership-plan',
  startDate: '2016-04-01',
  endDate: '2019-03-31',
  supersedes: 'srp-plan-2013-2016',
  documentUrl: 'https://www.rotherham.gov.uk/safer-rotherham-partnership-plan-2016-2019',
  visibility: 'public',
};

const scrutinyItem: WorkProgrammeItemState = {
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

const panelMeeting: MeetingState = {
  title: 'South Yorkshire Police and Crime Panel',
  date: '2014-05-02',
  time: '10:00',
  location: 'Town Hall, Barnsley',
  status: 'confirmed',
  agenda: [
    { number: '1', title: 'Apologies' },
    {
      number: '7',
      title: 'Joint working protocol with the Crime and Disorder committees',
      themes: ['public-confidence'],
      links: [{ title: 'Report of the panel officer', url: 'https://www.barnsley.gov.uk/pcp/2014-05-02/item-7.pdf' }],
    },
    { number: '12', title: 'Complaint against the Commissioner', restricted: true },
  ],
  origin: { system: 'moderngov', committeeId: '187', meetingId: '4410' },
  visibility: 'public',
};
const panel = 'south-yorkshire-police-and-crime-panel';
const informationRequest: RequestState = {
  kind: 'information-request',
  to: 'south-yorkshire-pcc',
  title: 'Information on the funding of the Violence Reduction Unit, and a presentation to the panel',
  raisedOn: '2022-02-04',
  dueDate: '2022-03-31',
  meeting: { organisationId: panel, date: '2022-02-04', reference: 'Minute 71' },
  themes: ['serious-violence'],
  visibility: 'public',
  from: panel,
  responses: [],
  updates: [],
};
const responded: RequestState = {
  ...informationRequest,
  responses: [
    {
      by: 'south-yorkshire-pcc',
      text: 'A presentation on the funding will be given at the panel meeting on 8 April 2022.',
      on: '2022-03-10',
      recordedAt: '2026-11-23T10:15:00.000Z',
    },
  ],
};
const overdueCheck: Actor = { kind: 'system', job: 'overdue check' };
const pccKey: Actor = { kind: 'key', organisationId: 'south-yorkshire-pcc' };
const refresh2014: VariationState = {
  title: 'Police and Crime Plan 2013 – 17: Refresh',
  summary: 'The strategic priorities remain unchanged; the plan is refreshed to shift focus in the second year.',
  visibility: 'public',
  planId: 'police-and-crime-plan-2013-17-refreshed-april-2014',
  panel,
  startedOn: '2014-04-01',
  steps: [],
};

/**
 * One example of each event type, written by hand so that it reads like the real thing. Each
 * is validated against its schema when the catalogue is generated and in the tests.
 */
export const examples: Examples = {
  AreaRegistered: example('AreaRegistered', { id: 'south-yorkshire', version: 1 }, null, { name: 'South Yorkshire' }).detail,
  OrganisationRegistered: example(
    'OrganisationRegistered',
    { id: 'safer-rotherham-partnership', version: 1 },
    'safer-rotherham-partnership',
    { name: 'Safer Rotherham Partnership', kind: 'csp' },
  ).detail,
  PlanPublished: example('PlanPublished', { id: 'srp-plan-2016-2019', version: 1 }, 'safer-rotherham-partnership', rotherhamPlan, {
    effectiveDate: '2016-03',
    source: { document: 'Safer Rotherham Partnership Plan 2016-2019', url: rotherhamPlan.documentUrl },
  }).detail,
  PlanRevised: example('PlanRevised', { id: 'srp-plan-2016-2019', version: 2 }, 'safer-rotherham-partnership', {
    ...rotherhamPlan,
    endDate: '2020-03-31',
    changedFields: ['endDate'],
  }).detail,
  PlanWithdrawn: example('PlanWithdrawn', { id: 'srp-plan-2016-2019', version: 3 }, 'safer-rotherham-partnership', rotherhamPlan).detail,
  PriorityPublished: example(
    'PriorityPublished',
    { id: 'srp-2016-priority-1', version: 1 },
    'safer-rotherham-partnership',
    rotherhamPriority,
  ).detail,
  PriorityRevised: example(
    'PriorityRevised',
    { id: 'srp-2016-priority-1', version: 2 },
    'safer-rotherham-partnership',
    { ...rotherhamPriority, status: 'achieved', changedFields: ['status'] },
    { effectiveDate: '2019-06-30', source: { document: 'Safer Rotherham Partnership annual report 2018/19', section: 'section 2' } },
  ).detail,
  PriorityWithdrawn: example(
    'PriorityWithdrawn',
    { id: 'srp-2016-priority-1', version: 3 },
    'safer-rotherham-partnership',
    rotherhamPriority,
  ).detail,
  WorkProgrammeItemScheduled: example(
    'WorkProgrammeItemScheduled',
    { id: 'osmb-2026-da-review', version: 1 },
    'rotherham-overview-and-scrutiny-management-board',
    scrutinyItem,
  ).detail,
  WorkProgrammeItemRevised: example(
    'WorkProgrammeItemRevised',
    { id: 'osmb-2026-da-review', version: 2 },
    'rotherham-overview-and-scrutiny-management-board',
    { ...scrutinyItem, status: 'in-progress', changedFields: ['status'] },
  ).detail,
  WorkProgrammeItemWithdrawn: example(
    'WorkProgrammeItemWithdrawn',
    { id: 'osmb-2026-da-review', version: 3 },
    'rotherham-overview-and-scrutiny-management-board',
    scrutinyItem,
  ).detail,
  ProtocolVersionProposed: example(
    'ProtocolVersionProposed',
    { id: 'joint-working-protocol', version: 1 },
    'south-yorkshire-police-and-crime-panel',
    { ...protocol, agreements: [], status: 'draft' },
  ).detail,
  ProtocolAgreed: example(
    'ProtocolAgreed',
    { id: 'joint-working-protocol', version: 2 },
    'rotherham-overview-and-scrutiny-management-board',
    {
      ...protocol,
      agreements: [
        { organisationId: 'rotherham-overview-and-scrutiny-management-board', version: 1, agreedAt: '2026-11-23T10:15:00.000Z' },
      ],
      status: 'draft',
      agreedBy: 'rotherham-overview-and-scrutiny-management-board',
    },
  ).detail,
  MeetingScheduled: example('MeetingScheduled', { id: 'pcp-2014-05-02', version: 1 }, panel, panelMeeting, {
    effectiveDate: '2014-04-24',
    source: { document: 'Agenda of the Police and Crime Panel, 2 May 2014' },
  }).detail,
  MeetingRevised: example('MeetingRevised', { id: 'pcp-2014-05-02', version: 2 }, panel, {
    ...panelMeeting,
    status: 'held',
    changedFields: ['status'],
  }).detail,
  MeetingCancelled: example('MeetingCancelled', { id: 'pcp-2014-05-02', version: 2 }, panel, {
    ...panelMeeting,
    status: 'cancelled',
    changedFields: ['status'],
  }).detail,
  MeetingWithdrawn: example('MeetingWithdrawn', { id: 'pcp-2014-05-02', version: 3 }, panel, panelMeeting).detail,
  RequestRaised: example('RequestRaised', { id: 'sypcp-2022-02-funding', version: 1 }, panel, informationRequest).detail,
  RequestRevised: example('RequestRevised', { id: 'sypcp-2022-02-funding', version: 2 }, panel, {
    ...informationRequest,
    dueDate: '2022-04-08',
    changedFields: ['dueDate'],
  }).detail,
  RequestDueSoon: example(
    'RequestDueSoon',
    { id: 'sypcp-2022-02-funding', version: 3 },
    panel,
    { ...informationRequest, dueSoonFor: '2022-03-31' },
    undefined,
    overdueCheck,
  ).detail,
  RequestOverdue: example(
    'RequestOverdue',
    { id: 'sypcp-2022-02-funding', version: 4 },
    panel,
    { ...informationRequest, dueSoonFor: '2022-03-31', overdueFor: '2022-03-31' },
    undefined,
    overdueCheck,
  ).detail,
  // Partners only, as every ConnectorRunFailed is: built here rather than by `example`, which makes public ones.
  ConnectorRunFailed: buildEvent('ConnectorRunFailed', {
    context: {
      eventId: '01JDEXAMPLECONNECTORRUNFA',
      occurredAt: '2026-11-23T10:15:00.000Z',
      actor: { kind: 'system', job: 'ModernGov connector sheffield' },
    },
    areaId: 'south-yorkshire',
    organisationId: null,
    subject: { id: 'sheffield', version: 3 },
    visibility: 'partners',
    data: {
      connectorId: 'sheffield',
      kind: 'moderngov',
      runId: '01JDEXAMPLERUN0000000000003',
      trigger: 'schedule',
      requestedAt: '2026-11-23T10:00:00.000Z',
      finishedAt: '2026-11-23T10:15:00.000Z',
      organisationIds: [panel],
      meetings: { created: 0, revised: 0, cancelled: 0, unchanged: 0 },
      errorCount: 1,
      error:
        'committee 650: https://democracy.sheffield.gov.uk/mgWebService.asmx/GetMeetings?lCommitteeId=650&sFromDate=25/08/2026&sToDate=23/11/2027: answered HTTP 500',
    },
  }).detail,
  RequestResponded: example('RequestResponded', { id: 'sypcp-2022-02-funding', version: 5 }, 'south-yorkshire-pcc', responded, {
    effectiveDate: '2022-03-10',
  }).detail,
  RequestUpdated: example('RequestUpdated', { id: 'sypcp-2022-02-funding', version: 6 }, 'south-yorkshire-pcc', {
    ...responded,
    updates: [
      {
        by: 'south-yorkshire-pcc',
        text: 'Presentation given.',
        status: 'implemented',
        on: '2022-04-08',
        recordedAt: '2026-11-23T10:15:00.000Z',
      },
    ],
  }).detail,
  RequestClosed: example('RequestClosed', { id: 'sypcp-2022-02-funding', version: 7 }, panel, {
    ...responded,
    closed: { by: panel, on: '2022-04-08', recordedAt: '2026-11-23T10:15:00.000Z' },
  }).detail,
  PlanVariationStarted: example('PlanVariationStarted', { id: 'variation-1', version: 1 }, 'south-yorkshire-pcc', refresh2014, {
    effectiveDate: '2014-04',
  }).detail,
  PlanVariationStepRecorded: example(
    'PlanVariationStepRecorded',
    { id: 'variation-1', version: 3 },
    'south-yorkshire-pcc',
    {
      ...refresh2014,
      steps: [
        {
          step: 'chief-constable-consulted',
          on: '2014-04-01',
          recordedAt: '2026-11-23T10:15:00.000Z',
          by: 'south-yorkshire-pcc',
          actor: pccKey,
        },
        {
          step: 'sent-to-panel',
          responseDueDate: '2014-05-06',
          on: '2014-05-02',
          recordedAt: '2026-11-23T10:15:00.000Z',
          by: 'south-yorkshire-pcc',
          actor: pccKey,
        },
      ],
    },
    {
      effectiveDate: '2014-05-02',
      source: { document: 'Report to the Police and Crime Panel, 2 May 2014', section: '6. Recommendations' },
    },
    pccKey,
  ).detail,
};
