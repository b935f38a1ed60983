import type { OrganisationKind, RequestKind } from '@partnership-hub/events';
import { SEED_FILES } from './south-yorkshire.ts';

/**
 * What the seed documents record South Yorkshire's bodies asking of each other, as tracked
 * requests with their real dates and sources, and the partner bodies they involve. Every request
 * the documents leave open as of the latest document about it is closed here (saying so), so that a
 * fresh start sends no burst of overdue alerts for 2013 and 2014.
 */
export interface SeedRequestStep {
  /** A response (the body asked), an update (either side) or the raiser closing it. */
  step: 'response' | 'update' | 'close';
  by: string;
  text: string;
  outcome?: 'accepted' | 'partially-accepted' | 'rejected';
  status?: 'in-progress' | 'implemented';
  /** When it happened, as the document says. */
  effectiveDate: string;
  source: string;
}

export interface SeedRequest {
  id: string;
  from: string;
  request: {
    kind: RequestKind;
    to: string;
    title: string;
    detail?: string;
    raisedOn: string;
    dueDate?: string;
    meeting?: { organisationId: string; date: string; reference?: string };
    themes: string[];
    visibility: 'public';
  };
  source: string;
  steps: SeedRequestStep[];
}

const PCC = 'south-yorkshire-pcc';
const PANEL = 'south-yorkshire-police-and-crime-panel';
const POLICE = 'south-yorkshire-police';
const HMIC = 'hm-inspectorate-of-constabulary';
const CPS = 'crown-prosecution-service-yorkshire-and-humberside';
const BOARDS = [
  { id: 'barnsley-safeguarding-children-board', name: 'Barnsley Safeguarding Children Board' },
  { id: 'doncaster-safeguarding-children-board', name: 'Doncaster Safeguarding Children Board' },
  { id: 'rotherham-safeguarding-children-board', name: 'Rotherham Safeguarding Children Board' },
  { id: 'sheffield-safeguarding-children-board', name: 'Sheffield Safeguarding Children Board' },
];

/** The bodies the requests involve beyond the area's own seeded bodies: registered as partners. */
export const southYorkshireRequestPartners: { id: string; name: string; kind: OrganisationKind }[] = [
  { id: POLICE, name: 'South Yorkshire Police', kind: 'partner' },
  { id: HMIC, name: 'HM Inspectorate of Constabulary', kind: 'partner' },
  ...BOARDS.map((board) => ({ ...board, kind: 'partner' as const })),
  { id: CPS, name: 'Crown Prosecution Service Yorkshire and Humberside', kind: 'partner' },
];

const F000 = SEED_FILES.panel2014;
const F001 = SEED_FILES.panel2014Jay;
const F003 = SEED_FILES.panel2022;
const HMIC_SOURCE = `${F000}, the PCC's report to the Panel of 2 May 2014, section "HMIC inspection of child sexual exploitation": HMIC's report published 11 November 2013`;

/** HMIC's thirteen recommendations of 11 November 2013, with the timescale each was given. */
const HMIC_RECOMMENDATIONS: { title: string; dueDate: string }[] = [
  ['Review the management of cases by the dedicated CSE teams against statutory child protection guidance', '2013-11-11'],
  ['Explain to the PCC, staff and others the delay in deploying the ten additional CSE officers to the districts', '2013-11-11'],
  [
    'Review the Rotherham sex offender management team so it has enough staff to manage sex offenders in line with national guidance',
    '2013-11-11',
  ],
  ['Audit the response to child sexual exploitation to assess whether the changes are improving outcomes for children', '2013-11-11'],
  ['Review internal communication on CSE so everyone knows which chief officer leads on tackling it', '2014-02-11'],
  ['Review the CSE risk assessment tool so it best reflects the level of risk victims face', '2014-02-11'],
  ["Translate the PCC's strategic priorities into operational delivery on the ground", '2014-02-11'],
  ['Review the workloads of all staff within public protection units', '2014-02-11'],
  ['Review the training plan so all staff develop and sustain a good understanding of CSE', '2014-05-11'],
  ['Review the processes to respond to CSE in all four districts, to the standard achieved in Sheffield', '2014-05-11'],
  ['Review the operation of local intelligence units so CSE is thoroughly supported by an intelligence approach', '2014-05-11'],
  ['Review how the internet is monitored for evidence of CSE so intelligence opportunities are not overlooked', '2014-05-11'],
  [
    'With partners, examine how CSE information and intelligence can be handled more efficiently, including with the multi-agency teams',
    '2014-05-11',
  ],
].map(([title, dueDate]) => ({ title: title!, dueDate: dueDate! }));

const hmic: SeedRequest[] = HMIC_RECOMMENDATIONS.map(({ title, dueDate }, index) => ({
  id: `hmic-2013-cse-recommendation-${index + 1}`,
  from: HMIC,
  request: {
    kind: 'recommendation',
    to: POLICE,
    title,
    detail: `Recommendation ${index + 1} of HMIC's inspection of South Yorkshire Police's response to child sexual exploitation, commissioned by the PCC in August 2013 (${
      dueDate === '2013-11-11' ? 'Immediate' : dueDate === '2014-02-11' ? 'Within three months' : 'Within six months'
    }); subject to an action plan and regular updates to the Commissioner.`,
    raisedOn: '2013-11-11',
    dueDate,
    themes: ['child-sexual-exploitation'],
    visibility: 'public',
  },
  source: HMIC_SOURCE,
  steps: [
    {
      step: 'update',
      by: POLICE,
      status: 'implemented',
      text: "The PCC's report to the Panel says the recommendations have now been implemented; the force is to be re-inspected in spring 2014.",
      effectiveDate: '2014-05-02',
      source: HMIC_SOURCE,
    },
    {
      step: 'close',
      by: HMIC,
      text: 'Closed in the hub as the latest seed document leaves it: implemented, with re-inspection to follow.',
      effectiveDate: '2014-05-02',
      source: HMIC_SOURCE,
    },
  ],
}));

const J36_SOURCE = `${F000}, minute J36 "Police and Crime Panels - the first year" (Panel, 31 March 2014), resolution (2)`;
const j36: SeedRequest = {
  id: 'sypcp-2014-j36-scrutiny-recommendations',
  from: PANEL,
  request: {
    kind: 'recommendation',
    to: PCC,
    title: "Recommendations to improve the Panel's scrutiny of the Commissioner's priorities",
    detail:
      'The Monitoring Officer to collate and submit to the Police and Crime Commissioner the recommendations that would improve the scrutiny of his priorities (from the CfPS report "Police and Crime Panels: the first year").',
    raisedOn: '2014-03-31',
    meeting: { organisationId: PANEL, date: '2014-03-31', reference: 'J36' },
    themes: [],
    visibility: 'public',
  },
  source: J36_SOURCE,
  steps: [
    {
      step: 'close',
      by: PANEL,
      text: 'Closed in the hub: no later seed document records the Commissioner’s response.',
      effectiveDate: '2014-05-02',
      source: J36_SOURCE,
    },
  ],
};

const LETTERS_SOURCE = `${F001}, the PCC's report to the Panel of 11 September 2014, Appendix 2: letters of 5 September 2014 after Professor Jay's report`;
const letters: SeedRequest[] = [...BOARDS.map((board) => board.id), CPS].map((to) => ({
  id: `pcc-2014-09-05-letter-${to}`,
  from: PCC,
  request: {
    kind: 'information-request',
    to,
    title:
      to === CPS
        ? "Information after Professor Jay's report, to assess gaps in ways of working and resources"
        : "Whether the Multi-Agency Safeguarding Hubs and South Yorkshire Police are doing enough, and what resources any gaps need, after Professor Jay's report",
    detail: 'The Commissioner would be grateful for an early reply.',
    raisedOn: '2014-09-05',
    themes: ['child-sexual-exploitation'],
    visibility: 'public',
  },
  source: LETTERS_SOURCE,
  steps: [
    {
      step: 'close',
      by: PCC,
      text: 'Closed in the hub: the latest seed document (the Panel papers of 11 September 2014) records no reply.',
      effectiveDate: '2014-09-11',
      source: LETTERS_SOURCE,
    },
  ],
}));

const ITEM_11 = `${F003}, minutes of Item 11 "PCC update" (Panel, 4 February 2022)`;
const panel2022: SeedRequest[] = [
  {
    id: 'sypcp-2022-02-grants-and-vru-funding',
    from: PANEL,
    request: {
      kind: 'information-request',
      to: PCC,
      title: 'Further details of the grants awarded and activity under way, and a presentation on the funding',
      raisedOn: '2022-02-04',
      meeting: { organisationId: PANEL, date: '2022-02-04', reference: 'Item 11' },
      themes: ['serious-violence'],
      visibility: 'public',
    },
    source: ITEM_11,
    steps: [
      {
        step: 'response',
        by: PCC,
        text: "Arrangements are being made for a Violence Reduction Unit presentation to Panel Members on the funding available through the VRU and the OPCC's Commissioning Team; further details of Commissioning Services will be included in future quarterly Performance reports.",
        effectiveDate: '2022-02-04',
        source: ITEM_11,
      },
    ],
  },
  {
    id: 'sypcp-2022-02-rehabilitation-success',
    from: PANEL,
    request: {
      kind: 'information-request',
      to: PCC,
      title: 'How success is measured in the partnership work on rehabilitation across Yorkshire and the Humber',
      raisedOn: '2022-02-04',
      meeting: { organisationId: PANEL, date: '2022-02-04', reference: 'Item 11' },
      themes: ['reoffending'],
      visibility: 'public',
    },
    source: ITEM_11,
    steps: [
      {
        step: 'response',
        by: PCC,
        text: "The OPCC's Partnerships and Commissioning Manager will contact Professor James after the meeting with a response; results on how effective rehabilitation activity is can be provided.",
        effectiveDate: '2022-02-04',
        source: ITEM_11,
      },
    ],
  },
];

/** South Yorkshire's tracked requests, in the order they were raised. */
export const southYorkshireRequests: { areaId: 'south-yorkshire'; requests: SeedRequest[] } = {
  areaId: 'south-yorkshire',
  requests: [...hmic, j36, ...letters, ...panel2022],
};

/** Each seeded area's tracked requests and the partner bodies they involve, by area. */
export const seedRequests: Readonly<
  Record<string, { partners: readonly { id: string; name: string; kind: OrganisationKind }[]; requests: readonly SeedRequest[] }>
> = {
  [southYorkshireRequests.areaId]: { partners: southYorkshireRequestPartners, requests: southYorkshireRequests.requests },
};
