/**
 * South Yorkshire's bodies, priorities, work programme items and protocols, taken from the
 * public documents in ../shared/seeds/ (PRODUCT.md). Every item names the seed file and the
 * section, heading or minute number it comes from in `source`; text is the documents' own
 * wording, shortened only where the schema's limits require it.
 *
 * Read before changing:
 *
 * - VIOLENCE AGAINST WOMEN AND GIRLS (VAWG). 003 (Panel, 4 February 2022) records that "only one of
 *   the four Community Safety Partnerships had any reference to Violence Against Women and Girls in
 *   their planning and reporting", but NO seed document says which CSP that is. So no CSP holds a
 *   VAWG priority or work item here. As at 4 February 2022 the joint view's VAWG gap lists all four
 *   CSPs with the reason `no-plan-published`: no document gives any CSP a plan in force that day
 *   (the Safer Rotherham Partnership Plan 2016-19 ended in March 2019), so the hub cannot tell
 *   which one the Panel meant, and says so rather than guess.
 *   (002, the Safer Rotherham Partnership Plan 2016-19, mentions the Government's "Ending Violence
 *   against Women and Girls Strategy 2016 – 2020" in Appendix 1, "National Policy & Key Policy
 *   Drivers", but none of its six priorities or 38 indicators is about VAWG, and a 2016 plan's
 *   list of national policy is not evidence of which CSP the Panel meant in 2022. Do not read it
 *   as that CSP.) The PCC's VAWG priority comes from 003: "Violence Against Women and Girls
 *   featured in the PCC's new Police and Crime Plan".
 *
 * - 004 is a STAFFORDSHIRE document (Staffordshire PCC's "Safer, Fairer, United Communities"
 *   update to the Staffordshire Police and Crime Panel, 15 March 2016). None of its work programme
 *   progress items belongs to South Yorkshire, so nothing here comes from 004.
 *
 * - Names. The documents name the Safer Rotherham Partnership (002, 000 J34), the Safer Doncaster
 *   Partnership (000 J34), Doncaster's Crime and Disorder Committee (000 J34), Sheffield City
 *   Council's Safer Stronger Communities Scrutiny Panel (000 J34) and Rotherham's Overview and
 *   Scrutiny Management Board (000 J34; 002). They do not name Barnsley's or Sheffield's CSP, nor
 *   Barnsley's Crime and Disorder scrutiny committee: those three carry plain descriptive names.
 *
 * - Plans. The PCC's plan 2013/17 as refreshed in April 2014 (000: three strategic priorities with
 *   outcomes) and as refreshed in March 2016 (002's Appendix 2 links the Safer Rotherham
 *   Partnership's priorities to "South Yorkshire Police & Crime Plan 2013/17 (Refreshed March
 *   2016)", whose strategic priorities differ: Protecting Vulnerable People; Tackling Crime &
 *   Anti-Social Behaviour; Enabling Fair Treatment) are two plans, the later superseding the
 *   earlier, both ending 31 March 2017; the new plan of 2022 (003) is a third. The Safer Rotherham
 *   Partnership Plan 2016-19 (002) runs April 2016 to March 2019. Every priority names its plan;
 *   what was in force on a date follows from the plans' dates, and the April 2014 priorities also
 *   carry their status change to `superseded`, dated March 2016 (002 Appendix 1).
 *
 * - Visibility. Everything is `public` (the documents are public) except ONE item: the Panel's
 *   request for the Local Criminal Justice Board's disproportionality Task and Finish Group update
 *   report (003, resolution v). The OPCC said "the reports considered at the Criminal Justice Board
 *   were not discussed in public" and undertook to ask the Board what could be shared with the
 *   Panel, so the item is `partners`: it shows partners-only content working in the local run.
 *
 * - Quarters. Where the documents set work in a year but give it no nearer date (the Panel's
 *   2014/15 work programme, "a future meeting", the 2016/17 plan's quarterly reviews, what the
 *   Panel asked for on 4 February 2022), it is placed in the first quarter it could fall in, and
 *   work reported as done or under way on 31 March 2014 in the quarter it was reported in
 *   (2013/14-Q4): undated work would otherwise stay in every year's joint view as if current.
 *
 * - Changes and dates. Every seeded change carries `effectiveDate` (when it happened in the world,
 *   as precisely as the document says) and `source` (the document and section, see seedChange),
 *   and is written with the body's own key. Work is first recorded as the documents first record
 *   it (planned on 31 March 2014 for 2 May 2014), and each later status the documents give is a
 *   separate dated change (`later`: held on 2 May 2014, as 001 shows). Work programme items carry
 *   a date where the documents give the day, a financial quarter (`2014/15-Q3`) where they give
 *   only a month or season, and neither where the documents do not date the work. Status is
 *   `completed` only where a document shows the work happened, `in-progress` where the documents
 *   report work so far, otherwise `planned`.
 *
 * - Withdrawn. What an earlier version of this seed published and the documents do not say (the
 *   four scrutiny committees' "sub-regional" priorities, the Safer Doncaster Partnership's
 *   anti-social behaviour priority, the disproportionality report as PCC work) is listed in
 *   `withdrawn`, so that a data folder seeded by that version is brought in line on start.
 *
 * - Themes come from the controlled list (events/src/themes.ts). It has no governance theme, so
 *   the Panel's own governance items (MoU review, website) use `public-confidence`, the nearest
 *   (000 J36: "improve communication and transparency"); items about the PCC's plan as a whole
 *   use the themes of its three strategic priorities.
 *
 * - Left out: 000 J34's Sheffield item "a report was received annually by the Safer Stronger
 *   Communities Scrutiny Panel around the work of the community safety partners" (no theme is
 *   stated and one would have to be invented); Doncaster's "work programme ... to be agreed next
 *   week" (no content); 003 resolutions iii, iv, vii, viii (a member's visit, Sustainability
 *   Strategy updates with no community-safety theme, replies to one member); 001's joint
 *   information sharing protocol agreed by the Countywide CSE Forum (its parties are not bodies
 *   seeded here); and all of 004 (Staffordshire).
 */

import type { OrganisationKind, PlanState, PriorityState, ThemeSlug, WorkProgrammeItemState } from '@partnership-hub/events';
import type * as z from 'zod/mini';

export interface SeedOrganisation {
  /** Lower-case slug. */
  id: string;
  name: string;
  kind: OrganisationKind;
}

/**
 * A later change to a seeded item, as a document records it: the fields it changed (a status
 * that became `superseded`, work that was `completed`), when, and where that is written down.
 * The loader writes it as a separate, dated change after the item's first version.
 */
export interface SeedRevision<TState> {
  set: Partial<TState>;
  /** When it happened, as precisely as the document says: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  effectiveDate: string;
  /** Which seed file and which section, heading or minute number says so. */
  source: string;
}

export interface SeedPlan {
  id: string;
  organisationId: string;
  plan: z.input<ReturnType<typeof PlanState>>;
  /** When the plan was published or came into force, as precisely as the documents say. */
  effectiveDate: string;
  /** Which seed file and which section, heading or minute number it comes from. */
  source: string;
}

export interface SeedPriority {
  id: string;
  organisationId: string;
  /** Its first version, as the documents first record it. */
  priority: z.input<ReturnType<typeof PriorityState>>;
  /** When that first version was published, as precisely as the documents say. */
  effectiveDate: string;
  /** Which seed file and which section, heading or minute number it comes from. */
  source: string;
  /** Later dated changes the documents record (a status change), oldest first. */
  later?: SeedRevision<z.input<ReturnType<typeof PriorityState>>>[];
}

export interface SeedWorkProgrammeItem {
  id: string;
  organisationId: string;
  /** Its first version, as the documents first record it (work planned before it happened). */
  item: z.input<ReturnType<typeof WorkProgrammeItemState>>;
  /** When that first version was recorded in the world (the minute or agenda that planned it). */
  effectiveDate: string;
  /** Which seed file and which section, heading or minute number it comes from. */
  source: string;
  /** Later dated changes the documents record (work started, work done), oldest first. */
  later?: SeedRevision<z.input<ReturnType<typeof WorkProgrammeItemState>>>[];
}

export interface SeedProtocol {
  id: string;
  proposedBy: string;
  protocol: {
    title: string;
    parties: string[];
    summary: string;
    reviewDate?: string;
    visibility: 'public' | 'partners';
  };
  /** Parties that have agreed version 1, per the documents. */
  agreedBy: string[];
  /** When version 1 was proposed, as precisely as the documents say. */
  effectiveDate: string;
  source: string;
}

/**
 * Something an earlier version of the seed published that the documents do not say: a data
 * folder seeded by that version has it withdrawn on start (as an event, through the API).
 */
export interface SeedWithdrawal {
  subject: 'priorities' | 'work-programme';
  organisationId: string;
  id: string;
  /** Why it goes. */
  reason: string;
}

export interface SeedArea {
  id: 'south-yorkshire';
  name: string;
  organisations: SeedOrganisation[];
  plans: SeedPlan[];
  priorities: SeedPriority[];
  workProgramme: SeedWorkProgrammeItem[];
  protocols: SeedProtocol[];
  withdrawn: SeedWithdrawal[];
}

/** The seed documents, by the file names every `source` uses. */
export const SEED_FILES = {
  /** South Yorkshire Police and Crime Panel, 2 May 2014 agenda pack: minutes of 31 March 2014 (J32–J37), refreshed Police and Crime Plan, HMIC CSE report, website report. */
  panel2014: '000_28c5c940aef69f07.txt',
  /** South Yorkshire Police and Crime Panel, 11 September 2014 agenda pack: the Jay report, the PCC's letters to the four Safeguarding Children Boards. */
  panel2014Jay: '001_00a07ed454cc7dc8.txt',
  /** Safer Rotherham Partnership Plan 2016-19. */
  srpPlan: '002_db8c73a285024af5.txt',
  /** South Yorkshire Police and Crime Panel, 4 February 2022, minutes of Item 11 (PCC update). */
  panel2022: '003_90868a5638ae157f.txt',
  /** Staffordshire PCC update to the Staffordshire Police and Crime Panel, 15 March 2016: not South Yorkshire, not used. */
  staffordshire: '004_8c01b67dd5686079.txt',
} as const;

/** Each seed file's document, by the name a reader knows it by: the `source.document` of every seeded change. */
export const SEED_DOCUMENTS: Record<string, string> = {
  [SEED_FILES.panel2014]: 'South Yorkshire Police and Crime Panel agenda pack, 2 May 2014',
  [SEED_FILES.panel2014Jay]: 'South Yorkshire Police and Crime Panel agenda pack, 11 September 2014',
  [SEED_FILES.srpPlan]: 'Safer Rotherham Partnership Plan 2016–19',
  [SEED_FILES.panel2022]: 'Minutes of the South Yorkshire Police and Crime Panel, 4 February 2022, Item 11',
};

/** The longest `source.section` a write may carry (ChangeSource in the event contracts). */
const SECTION_LIMIT = 200;

/**
 * A seeded change as the API takes it: its effective date, and its source as the document (the
 * first seed file the source names) and the section (the rest of the source, the file names in
 * it kept so a reader can find the text). A source longer than the API's limit for a section is
 * cut at a clause and marked "…": the full pointer stays in this file.
 */
export function seedChange(
  effectiveDate: string,
  source: string,
): { effectiveDate: string; source: { document: string; section: string } } {
  const file = Object.keys(SEED_DOCUMENTS).find((name) => source.startsWith(name));
  if (!file) throw new Error(`A seeded source must start with its seed file: ${source}`);
  let section = source.slice(file.length).replace(/^,\s*/, '');
  if (section.length > SECTION_LIMIT) {
    const cut = section.slice(0, SECTION_LIMIT - 1);
    const clause = Math.max(cut.lastIndexOf('; '), cut.lastIndexOf(', '));
    section = `${cut.slice(0, clause > 0 ? clause : cut.length)}…`;
  }
  return { effectiveDate, source: { document: `${SEED_DOCUMENTS[file]} (${file})`, section } };
}

const F000 = SEED_FILES.panel2014;
const F001 = SEED_FILES.panel2014Jay;
const F002 = SEED_FILES.srpPlan;
const F003 = SEED_FILES.panel2022;

// ---------------------------------------------------------------------------------------------
// Organisations
// ---------------------------------------------------------------------------------------------

const PCC = 'south-yorkshire-pcc';
const PANEL = 'south-yorkshire-police-and-crime-panel';
/** Not named in the documents: descriptive name. */
const BARNSLEY_CSP = 'barnsley-community-safety-partnership';
/** Named in 000 J34 ("performance of the Safer Doncaster Partnership"). */
const DONCASTER_CSP = 'safer-doncaster-partnership';
/** Named in 002 and 000 J34. */
const ROTHERHAM_CSP = 'safer-rotherham-partnership';
/** Not named in the documents (000 J34 speaks of Sheffield's "community safety partners"): descriptive name. */
const SHEFFIELD_CSP = 'sheffield-community-safety-partnership';
/** Not named in the documents: descriptive name. */
const BARNSLEY_SCRUTINY = 'barnsley-crime-and-disorder-scrutiny-committee';
/** Named in 000 J34 ("the work programme for the Crime and Disorder Committee"). */
const DONCASTER_SCRUTINY = 'doncaster-crime-and-disorder-committee';
/** Named in 000 J34 and 002. */
const ROTHERHAM_SCRUTINY = 'rotherham-overview-and-scrutiny-management-board';
/** Named in 000 J34. */
const SHEFFIELD_SCRUTINY = 'sheffield-safer-stronger-communities-scrutiny-panel';

const SCRUTINY_COMMITTEES = [BARNSLEY_SCRUTINY, DONCASTER_SCRUTINY, ROTHERHAM_SCRUTINY, SHEFFIELD_SCRUTINY] as const;

const organisations: SeedOrganisation[] = [
  { id: PCC, name: 'South Yorkshire Police and Crime Commissioner and Office of the Police and Crime Commissioner (OPCC)', kind: 'pcc' },
  { id: PANEL, name: 'South Yorkshire Police and Crime Panel', kind: 'panel' },
  { id: BARNSLEY_CSP, name: 'Barnsley Community Safety Partnership', kind: 'csp' },
  { id: DONCASTER_CSP, name: 'Safer Doncaster Partnership', kind: 'csp' },
  { id: ROTHERHAM_CSP, name: 'Safer Rotherham Partnership', kind: 'csp' },
  { id: SHEFFIELD_CSP, name: 'Sheffield Community Safety Partnership', kind: 'csp' },
  {
    id: BARNSLEY_SCRUTINY,
    name: 'Barnsley Metropolitan Borough Council Crime and Disorder Scrutiny Committee',
    kind: 'scrutiny-committee',
  },
  { id: DONCASTER_SCRUTINY, name: 'Doncaster Metropolitan Borough Council Crime and Disorder Committee', kind: 'scrutiny-committee' },
  {
    id: ROTHERHAM_SCRUTINY,
    name: 'Rotherham Metropolitan Borough Council Overview and Scrutiny Management Board',
    kind: 'scrutiny-committee',
  },
  { id: SHEFFIELD_SCRUTINY, name: 'Sheffield City Council Safer Stronger Communities Scrutiny Panel', kind: 'scrutiny-committee' },
];

const pccLink = (priorityId: string) => ({ organisationId: PCC, priorityId });
const srpLink = (priorityId: string) => ({ organisationId: ROTHERHAM_CSP, priorityId });

/** PCC priority ids, referenced by links below. */
const PLAN_2014_CRIME_ASB = 'plan-2014-reducing-crime-and-anti-social-behaviour';
const PLAN_2014_VULNERABLE = 'plan-2014-protecting-vulnerable-people';
const PLAN_2014_VISIBLE = 'plan-2014-improving-visible-policing';
const PLAN_2016_VULNERABLE = 'plan-2016-protecting-vulnerable-people';
const PLAN_2016_CRIME_ASB = 'plan-2016-tackling-crime-and-anti-social-behaviour';
const PLAN_2016_FAIR = 'plan-2016-enabling-fair-treatment';
const PLAN_2022_VAWG = 'plan-2022-violence-against-women-and-girls';
const PLAN_2022_CSE = 'plan-2022-child-sexual-exploitation';

const PLAN_2014_LINKS = [pccLink(PLAN_2014_CRIME_ASB), pccLink(PLAN_2014_VULNERABLE), pccLink(PLAN_2014_VISIBLE)];
/** One headline theme per strategic priority of the 2014 plan, for items about the plan as a whole. */
const PLAN_2014_HEADLINE_THEMES: ThemeSlug[] = ['anti-social-behaviour', 'vulnerable-people', 'visible-policing'];

/** 000, item 6: the plan appended to the PCC's report "Police and Crime Plan 2013 – 17: Refresh" to the Panel of 2 May 2014. */
const PLAN_2014_SOURCE = `${F000}, Police and Crime Plan 2013/17 (Plan Refreshed April 2014)`;
/** 002, Appendix 2 "Priorities and Links to other Plans and Strategies", column "Other Plans & Priorities". */
const PLAN_2016_SOURCE = `${F002}, Appendix 2: "South Yorkshire Police & Crime Plan 2013/17 (Refreshed March 2016) Strategic Priorities"`;

// ---------------------------------------------------------------------------------------------
// Plans
// ---------------------------------------------------------------------------------------------

/** The PCC's plans: the 2013/17 plan as refreshed in April 2014 and in March 2016, and the new plan of 2022. */
const PCC_PLAN_2014 = 'police-and-crime-plan-2013-17-refreshed-april-2014';
const PCC_PLAN_2016 = 'police-and-crime-plan-2013-17-refreshed-march-2016';
const PCC_PLAN_2022 = 'police-and-crime-plan-2022';
const SRP_PLAN = 'safer-rotherham-partnership-plan-2016-19';

/** 002, Appendix 1, "Police and Crime Commissioners (PCC)": "A renewed South Yorkshire Police & Crime Plan was published in March 2016". */
const RENEWED_MARCH_2016 = `${F002}, Appendix 1 "National Policy & Key Policy Drivers", "Police and Crime Commissioners (PCC)": "A renewed South Yorkshire Police & Crime Plan was published in March 2016"`;

// Each refresh is a plan of its own that supersedes the one before, rather than a revision of one
// plan: the two refreshes set out different strategic priorities, and a reader asking what was in
// force in June 2016 must get the March 2016 priorities and not the April 2014 ones. Both refreshes
// keep the plan's own span, 2013/17: financial years, so it ends on 31 March 2017. What followed
// from April 2017 until the new plan the documents do not say, so nothing is seeded for it.
const plans: SeedPlan[] = [
  {
    id: PCC_PLAN_2014,
    organisationId: PCC,
    plan: {
      title: 'Police and Crime Plan 2013/17 (Plan Refreshed April 2014)',
      kind: 'police-and-crime-plan',
      startDate: '2014-04-01',
      endDate: '2017-03-31',
      visibility: 'public',
    },
    effectiveDate: '2014-04',
    source: `${F000}, Police and Crime Plan 2013/17 (Plan Refreshed April 2014), appended to the PCC's report "Police and Crime Plan 2013 – 17: Refresh" (item 6)`,
  },
  {
    id: PCC_PLAN_2016,
    organisationId: PCC,
    plan: {
      title: 'South Yorkshire Police & Crime Plan 2013/17 (Refreshed March 2016)',
      kind: 'police-and-crime-plan',
      startDate: '2016-03-01',
      endDate: '2017-03-31',
      supersedes: PCC_PLAN_2014,
      visibility: 'public',
    },
    effectiveDate: '2016-03',
    source: RENEWED_MARCH_2016,
  },
  // 003 calls it the "new Police and Crime Plan" on 4 February 2022 and gives neither its title nor
  // its dates: it starts here on the one date a document shows it in force, and has no end.
  {
    id: PCC_PLAN_2022,
    organisationId: PCC,
    plan: {
      title: "The PCC's new Police and Crime Plan (in force by 4 February 2022)",
      kind: 'police-and-crime-plan',
      startDate: '2022-02-04',
      visibility: 'public',
    },
    effectiveDate: '2022-02-04',
    source: `${F003}, M Buttery's replies: Child Sexual Exploitation "was included in the new Police and Crime Plan"; Violence Against Women and Girls "featured in the PCC's new Police and Crime Plan"`,
  },
  // 002 gives the plan's years (2016-19) and says "the plan is refreshed at the beginning of each
  // financial year": financial years, April 2016 to March 2019. It does not date its publication
  // more precisely than the year.
  {
    id: SRP_PLAN,
    organisationId: ROTHERHAM_CSP,
    plan: {
      title: 'Safer Rotherham Partnership Plan 2016-19',
      kind: 'community-safety-plan',
      startDate: '2016-04-01',
      endDate: '2019-03-31',
      visibility: 'public',
    },
    effectiveDate: '2016',
    source: `${F002}, "Welcome to the Safer Rotherham Partnership Plan 2016 -19"; "The plan is refreshed at the beginning of each financial year"`,
  },
];

// ---------------------------------------------------------------------------------------------
// Priorities
// ---------------------------------------------------------------------------------------------

const pccPriorities: SeedPriority[] = [
  // The refreshed plan of April 2014 (000): three strategic priorities, outcomes as "Where do I want to be?".
  {
    id: PLAN_2014_CRIME_ASB,
    organisationId: PCC,
    priority: {
      title: 'Reducing Crime and Anti-Social Behaviour',
      // The section targets domestic burglary and vehicle crime by name, and reoffending, victims and value for money are outcomes.
      themes: ['anti-social-behaviour', 'burglary', 'vehicle-crime', 'reoffending', 'victims-and-witnesses', 'value-for-money'],
      outcomes: [
        "Everyone's voice is heard",
        'Fewer victims of crime and ASB',
        'Victims of crime are satisfied with the service they receive from the Police',
        'A fairer and more just society where victims of crimes, such as anti-social behaviour, have a say in how offenders should be punished',
        'Lower reoffending rates',
        'People feel more safe',
        'A Service that provides value for money',
      ],
      indicators: [
        'Crime falls at a greater rate than the national average, over the next 3 years',
        "Lower volumes of total crime per 1000 population than national and peer ('Most Similar Group') forces",
      ],
      period: '2013-2017 (refreshed April 2014)',
      status: 'active',
      planId: PCC_PLAN_2014,
      visibility: 'public',
    },
    source: `${PLAN_2014_SOURCE}: section "Reducing Crime and Anti-Social Behaviour 'ASB'", "Where do I want to be?" (outcomes) and "How am I going to get there?" ("Monitoring crime levels to ensure", indicators)`,
    effectiveDate: '2014-04',
    later: [{ set: { status: 'superseded' }, effectiveDate: '2016-03', source: RENEWED_MARCH_2016 }],
  },
  {
    id: PLAN_2014_VULNERABLE,
    organisationId: PCC,
    priority: {
      title: 'Protecting Vulnerable People',
      // The section covers CSE, domestic abuse, the Government Action Plan for VAWG, rape and sexual assault, mental health and drug/alcohol dependency.
      themes: [
        'child-sexual-exploitation',
        'domestic-abuse',
        'violence-against-women-and-girls',
        'sexual-offences',
        'vulnerable-people',
        'victims-and-witnesses',
        'mental-health',
        'substance-misuse',
      ],
      outcomes: [
        'Partners working together to deliver joined-up services which focus on meeting the needs of the most vulnerable in South Yorkshire',
        'Services that are accessible and available to those who need them the most',
        'Vulnerable people feeling safer in their homes, and in their communities',
        'Victims feel more confident in reporting incidents of crime and ASB',
      ],
      period: '2013-2017 (refreshed April 2014)',
      status: 'active',
      planId: PCC_PLAN_2014,
      visibility: 'public',
    },
    source: `${PLAN_2014_SOURCE}: section "Protecting Vulnerable People", "Where do we want to be?" (outcomes) and "How am I going to get there?"`,
    effectiveDate: '2014-04',
    later: [{ set: { status: 'superseded' }, effectiveDate: '2016-03', source: RENEWED_MARCH_2016 }],
  },
  {
    id: PLAN_2014_VISIBLE,
    organisationId: PCC,
    priority: {
      title: 'Improving Visible Policing',
      themes: ['visible-policing', 'public-confidence', 'anti-social-behaviour'],
      outcomes: [
        'People feel more safe',
        'Fewer incidents of crime and ASB',
        'More officers and volunteers who are reflective of the communities they serve',
        'Improved public confidence and victim satisfaction with the police',
        'The right people, in the right place, at the right time, doing the right thing',
      ],
      period: '2013-2017 (refreshed April 2014)',
      status: 'active',
      planId: PCC_PLAN_2014,
      visibility: 'public',
    },
    source: `${PLAN_2014_SOURCE}: section "Improving Visible Policing", "Where do we want to be?"`,
    effectiveDate: '2014-04',
    later: [{ set: { status: 'superseded' }, effectiveDate: '2016-03', source: RENEWED_MARCH_2016 }],
  },
  // The refresh of March 2016, as 002 quotes it: these are the PCC priorities the Safer Rotherham Partnership links to.
  {
    id: PLAN_2016_VULNERABLE,
    organisationId: PCC,
    priority: {
      title: 'Protecting Vulnerable People',
      themes: ['child-sexual-exploitation', 'sexual-offences', 'vulnerable-people', 'mental-health'],
      outcomes: [
        'Effective action tackling child sexual exploitation, rape and serious sexual offences',
        'Effective response to threats to the most vulnerable people',
        'Appropriate response by police and justice services to those suffering mental health issues',
      ],
      period: '2013-2017 (refreshed March 2016)',
      status: 'active',
      planId: PCC_PLAN_2016,
      visibility: 'public',
    },
    source: `${PLAN_2016_SOURCE}, "1. Protecting Vulnerable People"`,
    effectiveDate: '2016-03',
  },
  {
    id: PLAN_2016_CRIME_ASB,
    organisationId: PCC,
    priority: {
      title: 'Tackling Crime & Anti-Social Behaviour',
      themes: ['anti-social-behaviour', 'reoffending', 'early-intervention', 'victims-and-witnesses'],
      outcomes: [
        'Effective action tackling crime, anti-social behaviour and re-offending',
        'Targeted response to those who cause most harm in the community and intervention with others before they enter the criminal justice system',
        'Prioritising the crime and behaviours that cause the most harm within the community',
        'Finding the best outcomes for victims of crime and anti-social behaviour',
      ],
      period: '2013-2017 (refreshed March 2016)',
      status: 'active',
      planId: PCC_PLAN_2016,
      visibility: 'public',
    },
    source: `${PLAN_2016_SOURCE}, "2. Tackling Crime & Anti-Social Behaviour"`,
    effectiveDate: '2016-03',
  },
  {
    id: PLAN_2016_FAIR,
    organisationId: PCC,
    priority: {
      title: 'Enabling Fair Treatment',
      themes: ['public-confidence'],
      outcomes: [
        'Planned engagement that seeks public feedback to inform the delivery of policing and crime services',
        'Deploying resources to areas of highest demand based on threat, harm and risk',
        'Finding ways to understand and address appropriately feelings of safety',
        'Services that inspire trust in the general public',
        'Recognise staff confidence and morale and adherence to codes of ethics and professional practice as central to delivering an efficient and effective police service',
      ],
      period: '2013-2017 (refreshed March 2016)',
      status: 'active',
      planId: PCC_PLAN_2016,
      visibility: 'public',
    },
    source: `${PLAN_2016_SOURCE}, "3. Enabling Fair Treatment"`,
    effectiveDate: '2016-03',
  },
  // The new plan, as 003 (4 February 2022) reports it; 003 gives no more of its wording than this.
  {
    id: PLAN_2022_VAWG,
    organisationId: PCC,
    priority: {
      title: 'Violence Against Women and Girls',
      themes: ['violence-against-women-and-girls'],
      outcomes: [
        "Violence Against Women and Girls features in the PCC's new Police and Crime Plan and is not considered in isolation",
        'Community Safety Partnerships held to account from a funding perspective around the Action Plans they have in place around serious violence, domestic abuse and Violence Against Women and Girls',
      ],
      period: 'new Police and Crime Plan (2022)',
      status: 'active',
      planId: PCC_PLAN_2022,
      visibility: 'public',
    },
    source: `${F003}, Panel 4 February 2022, minutes of Item 11 (PCC update), M Buttery's reply "In relation to the Community Safety Partnerships"`,
    effectiveDate: '2022-02-04',
  },
  {
    id: PLAN_2022_CSE,
    organisationId: PCC,
    priority: {
      title: 'Child Sexual Exploitation',
      themes: ['child-sexual-exploitation'],
      outcomes: [
        'Child Sexual Exploitation remains a specific area of focus for the Commissioner and is included in the new Police and Crime Plan',
        "No part of the Commissioner's holding to account arrangements where CSE is not a high priority",
      ],
      period: 'new Police and Crime Plan (2022)',
      status: 'active',
      planId: PCC_PLAN_2022,
      visibility: 'public',
    },
    source: `${F003}, Panel 4 February 2022, minutes of Item 11 (PCC update), M Buttery's replies to Councillor Garbutt`,
    effectiveDate: '2022-02-04',
  },
];

// Safer Rotherham Partnership Plan 2016-19 (002). Titles: "Delivering Our Priorities & Outcomes";
// leads: "Our Priorities 2016/17"; outcomes: each priority's "What are we going to do?";
// indicators: "Performance Indicators 2016/17", numbered 1-38 as in the plan.
//
// `supports`: Appendix 2's table sets the six SRP priorities beside one running column of "Other
// Plans & Priorities" (Rotherham Together, Children & Young People's Plan, the Police and Crime
// Plan refreshed March 2016, LSCB, CSE Delivery Plan, ...), without saying which row goes with
// which PCC priority. Each link below matches an SRP priority to the PCC priority whose wording
// covers it (e.g. Priority 2's actions repeat Enabling Fair Treatment's "codes of ethics,
// professional practice" and "public feedback").
const SRP_SOURCE = `${F002}, Safer Rotherham Partnership Plan 2016-19`;
const SRP_PERIOD = '2016-2019';
/**
 * The plan's one cross-cutting theme, "Alcohol & Substance Misuse", listed under its six
 * priorities ("Cross Cutting Themes"): it runs through all six rather than standing as a seventh,
 * so each of the six carries it.
 */
const CROSS_CUTTING: ThemeSlug = 'substance-misuse';

const srpPriorities: SeedPriority[] = [
  {
    id: 'srp-2016-1-child-sexual-exploitation',
    organisationId: ROTHERHAM_CSP,
    priority: {
      title: 'Reducing the Threat of Child Sexual Exploitation (CSE) and the Harm to Victims and Survivors',
      themes: ['child-sexual-exploitation', 'victims-and-witnesses', CROSS_CUTTING],
      lead: 'Gary Ridgway (Evolve Project)',
      outcomes: [
        'All agencies support the work of the Local Safeguarding Children Board (LSCB), the leading body for the work to investigate perpetrators and support victims and survivors, and deliver the actions set by the LSCB',
        'Increased staff awareness',
        'Effective information sharing',
        'Targeted preventative measures',
        "Disruption opportunities in intelligence led 'hot spot' locations",
      ],
      indicators: [
        "1. Increased 'positive' outcomes for victims and survivors of CSE",
        '2. Number of enforcement/disruption activities of people and premises',
        '3. Feedback from survivors of CSE',
        '4. Increased awareness of CSE and improved information sharing pathways',
        '5. Increase the number of CSE referrals',
      ],
      period: SRP_PERIOD,
      planId: SRP_PLAN,
      supports: [pccLink(PLAN_2016_VULNERABLE)],
      visibility: 'public',
    },
    source: `${SRP_SOURCE}: "Priority 1: Reducing the Threat of Child Sexual Exploitation (CSE) and the Harm to Victims and Survivors"; lead from "Our Priorities 2016/17"; indicators 1-5 ("Child Sexual Exploitation"); link from Appendix 2`,
    effectiveDate: '2016',
  },
  {
    id: 'srp-2016-2-confident-and-cohesive-communities',
    organisationId: ROTHERHAM_CSP,
    priority: {
      title: 'Building Confident and Cohesive Communities',
      themes: ['community-cohesion', 'hate-crime', 'public-confidence', CROSS_CUTTING],
      lead: 'Zafar Saleem (RMBC)',
      outcomes: [
        'Joint community engagement and tension monitoring plans are in place',
        'A reviewed tactical approach to policing protests, which complies with legislation but limits the impact on the community and town centre businesses',
        'Work with the Home Office on increased scope to avoid events leading to public disorder',
        'Increased confidence in reporting hate crimes, which are under reported, through ongoing engagement, support and the bringing to justice of perpetrators',
        'Effective and positive media engagement which publicises when perpetrators of hate crime and large scale public order are prosecuted',
        'Partners adhere to their respective codes of ethics, professional practice and service standards',
        'Efficient, representative engagement with communities, actively seeking to implement public feedback in delivering services',
        'Services prioritised to those most in need of them, with a visible presence in the areas where this will have the most impact',
        'Crime and Anti-Social Behaviour robustly tackled, preventing people becoming victims or being vulnerable to becoming a victim',
      ],
      indicators: [
        '6. Increased reporting of hate crime',
        "7. Increased 'positive' outcomes for victims and witnesses of hate crime offences",
        '8. Increase customer satisfaction levels',
        '9. Increased awareness of the impacts of the work of the Safer Rotherham Partnership',
        '10. Number of Hate Crime and Community Cohesion activities delivered',
      ],
      period: SRP_PERIOD,
      planId: SRP_PLAN,
      supports: [pccLink(PLAN_2016_FAIR)],
      visibility: 'public',
    },
    source: `${SRP_SOURCE}: "Priority 2: Building Confident and Cohesive Communities"; lead from "Our Priorities 2016/17"; indicators 6-10 ("Confident & Cohesive Communities"); link from Appendix 2`,
    effectiveDate: '2016',
  },
  {
    id: 'srp-2016-3-domestic-abuse',
    organisationId: ROTHERHAM_CSP,
    priority: {
      title: 'Reducing the Threat of Domestic Abuse and Reducing the Harm to Victims and Survivors',
      // Domestic abuse, honour based abuse and forced marriage: the plan does not frame this priority as VAWG, so the VAWG theme is not added.
      themes: ['domestic-abuse', 'victims-and-witnesses', CROSS_CUTTING],
      lead: 'RMBC Domestic Abuse Co-ordinator',
      outcomes: [
        'Listen and learn from the victims and survivors of domestic abuse',
        'A review of the current effectiveness of services, giving a better understanding and definition of the outcomes that need to be achieved',
        'Increased support for victims to reduce the number of incidents occurring before initial reporting',
        'Offender management that reduces repeat offences, including changing behaviour as well as securing better outcomes in prosecutions',
        'Engagement with communities affected by Honour Based Abuse and Forced Marriage, improving intelligence gathering in these areas and increasing confidence in reporting',
      ],
      indicators: [
        '11. Increased reporting of domestic abuse',
        "12. Increase 'positive' outcomes for victims and survivors of domestic abuse",
        '13. Reduced number of repeat cases of domestic abuse heard at the Multi-Agency Risk Assessment Conference (MARAC).',
        '14. Increase in referrals of victims of domestic violence to the appropriate agencies',
        "15. Increase the number of 'victims' supported by the Independent Domestic Advocacy Service",
        '16. Number of domestic abuse awareness raising initiatives',
      ],
      period: SRP_PERIOD,
      planId: SRP_PLAN,
      supports: [pccLink(PLAN_2016_VULNERABLE)],
      visibility: 'public',
    },
    source: `${SRP_SOURCE}: "Priority 3: Reducing the Threat of Domestic Abuse and reducing the harm to victims and survivors"; lead from "Our Priorities 2016/17"; indicators 11-16 ("Domestic Abuse"); link from Appendix 2`,
    effectiveDate: '2016',
  },
  {
    id: 'srp-2016-4-anti-social-behaviour-and-criminal-damage',
    organisationId: ROTHERHAM_CSP,
    priority: {
      title: 'Reducing and Managing Anti-social Behaviour (ASB) and Criminal Damage',
      themes: ['anti-social-behaviour', 'criminal-damage-and-arson', CROSS_CUTTING],
      lead: 'Chief Insp Richard Butterworth / Steve Parry (RMBC)',
      outcomes: [
        'Joint enforcement, clean ups and disruption of antisocial activity in geographical high demand locations, with a positive diversionary offer for those involved, or at risk of being involved, in ASB',
        'Multi-agency working within the town centre, in partnership with local businesses, to provide a safe, clean and vibrant public space for people to both shop and work',
        'ASB robustly tackled through increased joined up working between agencies, using all of the tools and powers now available to the Partnership',
        "Rotherham's newly introduced Community Justice Panels work effectively in bringing perpetrators and victims together to help resolve the conflict and harm caused by ASB and crime",
        'The benefits of the Selective Licensing Scheme fully used to reduce levels of ASB in defined areas',
      ],
      indicators: [
        '17. Reduction in the number of anti-social behaviour incidents reported to the Police',
        '18. Reduction in the number of anti-social behaviour incidents reported to the Council and Registered Social Landlords.',
        '19. Reduction in the number of recorded criminal damage offences',
        '20. Reduction in the number of repeat victims of anti-social behaviour.',
        "21. Increase 'positive' outcomes for victims of anti-social behaviour and criminal damage.",
        '22. Reduction in the number of people who think that antisocial behaviour is a problem in their area.',
        '23. Number of diversionary activities to engage young people and direct them away from anti-social behaviour',
        '24. Monitor and evaluate the effectiveness of the Rotherham Community Justice Panels.',
        '25. Use of available enforcement powers to tackle anti-social behaviour and criminal damage.',
        '26. Reduction in the number of offences of arson.',
        '27. An increase in successful, community-based resolutions of Anti-Social Behaviour',
      ],
      period: SRP_PERIOD,
      planId: SRP_PLAN,
      supports: [pccLink(PLAN_2016_CRIME_ASB)],
      visibility: 'public',
    },
    source: `${SRP_SOURCE}: "Priority 4: Reducing and Managing Anti-social Behaviour (ASB) and Criminal Damage"; lead from "Our Priorities 2016/17"; indicators 17-27 ("Anti-Social Behaviour & Criminal Damage"); link from Appendix 2`,
    effectiveDate: '2016',
  },
  {
    id: 'srp-2016-5-domestic-burglary',
    organisationId: ROTHERHAM_CSP,
    priority: {
      title: 'Reducing the Risk of Becoming a Victim of Domestic Burglary',
      themes: ['burglary', 'reoffending', CROSS_CUTTING],
      lead: 'Det Chief Insp Sarah Poolman',
      outcomes: [
        'Those who commit crime robustly pursued and brought to justice',
        'Reduced adult and youth re-offending rates',
        'Effective integrated offender management preventing the cycle of offending behaviour by deterring and rehabilitating habitual perpetrators; known prolific offenders actively targeted and disrupted by Police and partners',
        'Crime prevention awareness raised across the borough through first responders, partners and effective media awareness',
        'Community engagement expanded to drive prevention in localities of concern, with partners and communities engaged to gather intelligence and tackle locally based problems',
        'Designing out crime opportunities maximised through a coherent partnership approach with planning departments',
        'A strategy to engage with and monitor second hand goods markets',
        "A campaign with 'Crime Stoppers' to identify offenders and handlers of stolen property",
        'Seasonal crime initiatives to address the varying risks encountered throughout the year',
      ],
      indicators: [
        '28. Reduced burglary dwelling offences',
        '29. Reduced number of repeat victims',
        "30. Increase 'positive' outcomes for victims of burglary dwelling offences.",
        '31. Fewer people who think that crime is a problem in their area.',
        '32. Number of enforcement/prevention initiatives to tackle burglary dwelling offences',
      ],
      period: SRP_PERIOD,
      planId: SRP_PLAN,
      supports: [pccLink(PLAN_2016_CRIME_ASB)],
      visibility: 'public',
    },
    source: `${SRP_SOURCE}: "Priority 5: Reducing the Risk of Becoming a Victim of Domestic Burglary"; lead from "Our Priorities 2016/17"; indicators 28-32 ("Burglary Dwelling"); link from Appendix 2`,
    effectiveDate: '2016',
  },
  {
    id: 'srp-2016-6-violent-crime-and-sexual-offences',
    organisationId: ROTHERHAM_CSP,
    priority: {
      title: 'Reducing Violent Crime and Sexual Offences',
      themes: ['violent-crime', 'sexual-offences', CROSS_CUTTING],
      lead: 'Det Chief Insp Sarah Poolman',
      outcomes: [
        'A review of the prevalence of these crimes and the way agencies deal with them, identifying scope for multi-agency action to tackle criminality and support victims; further actions to be developed on conclusion of the review',
      ],
      indicators: [
        '33. Increased reporting of sexual abuse',
        '34. Reduction in offences of violence with injury',
        "35. Increase 'positive' outcomes for victims of violent crime and sexual offences",
        '36. Increase in referrals of victims of sexual violence to the appropriate agencies',
        '37. Number of sexual offences awareness raising initiatives',
        '38. Reduced re-offending rates',
      ],
      period: SRP_PERIOD,
      planId: SRP_PLAN,
      supports: [pccLink(PLAN_2016_VULNERABLE), pccLink(PLAN_2016_CRIME_ASB)],
      visibility: 'public',
    },
    source: `${SRP_SOURCE}: "Priority 6: Reducing Violent Crime and Sexual Offences"; lead from "Our Priorities 2016/17"; indicators 33-38 ("Violent Crime & Sexual Offences"); link from Appendix 2`,
    effectiveDate: '2016',
  },
];

// Barnsley's, Doncaster's and Sheffield's CSPs: the documents publish no plan or priority of theirs,
// so they hold none (000 J34 mentions the Safer Doncaster Partnership's "work around anti-social
// behaviour" only as something Doncaster's committee scrutinised).

// ---------------------------------------------------------------------------------------------
// Withdrawn: what an earlier version of this seed published and the documents do not say
// ---------------------------------------------------------------------------------------------

const SUB_REGIONAL_INFERENCE =
  "An inference, not a published priority: 000 J34 records the Chairman's summary that all four Local Authorities had similar problems with domestic abuse, anti-social behaviour and child sexual exploitation, not a priority any committee set.";

/** Kept so that a data folder seeded by an earlier version is brought in line (see SeedWithdrawal). */
const withdrawn: SeedWithdrawal[] = [
  ...SCRUTINY_COMMITTEES.flatMap((organisationId) =>
    ['sub-regional-2014-domestic-abuse', 'sub-regional-2014-anti-social-behaviour', 'sub-regional-2014-child-sexual-exploitation'].map(
      (id): SeedWithdrawal => ({ subject: 'priorities', organisationId, id, reason: SUB_REGIONAL_INFERENCE }),
    ),
  ),
  {
    subject: 'priorities',
    organisationId: DONCASTER_CSP,
    id: 'anti-social-behaviour',
    reason:
      "An inference, not a published priority: 000 J34 mentions the Safer Doncaster Partnership's work around anti-social behaviour only as something Doncaster's Crime and Disorder Committee scrutinised.",
  },
  {
    subject: 'work-programme',
    organisationId: PCC,
    id: 'pcc-2022-lcjb-disproportionality-task-and-finish-update',
    reason:
      "The Local Criminal Justice Board's Task and Finish Group is not the PCC's work programme (003, resolution v): the update report is now the Panel's item pcp-2022-lcjb-disproportionality-update-report.",
  },
];

// ---------------------------------------------------------------------------------------------
// Work programme
// ---------------------------------------------------------------------------------------------

const J37 = `${F000}, minute J37 "Work Programme and Meeting Dates 2014/15" (Panel, 31 March 2014)`;
const J34 = `${F000}, minute J34 "Sub Regional Priorities - Verbal Report from Scrutiny Panels" (Panel, 31 March 2014)`;
const MAY_2014_HELD = `${F001}, PCC's report to the Panel of 11 September 2014, section 7(h), shows the 2 May 2014 meeting took place`;
const ITEM_11_2022 = `${F003}, Panel 4 February 2022, minutes of Item 11 (PCC update)`;

const panelWorkProgramme: SeedWorkProgrammeItem[] = [
  {
    id: 'pcp-2014-03-31-sub-regional-priorities',
    organisationId: PANEL,
    item: {
      title: 'Sub Regional Priorities - Verbal Report from Scrutiny Panels',
      themes: ['domestic-abuse', 'anti-social-behaviour', 'child-sexual-exploitation'],
      kind: 'report',
      date: '2014-03-31',
      status: 'completed',
      description:
        'Chairmen of the four Local Authority Scrutiny Panels, or their representatives, invited to share their emerging priorities and work programmes to ascertain how a joint working protocol could be taken forward. All four Local Authorities had similar problems with domestic abuse, anti-social behaviour and child sexual exploitation.',
      visibility: 'public',
    },
    source: J34,
    effectiveDate: '2014-03-31',
  },
  {
    id: 'pcp-2014-03-31-joint-working-protocols',
    organisationId: PANEL,
    item: {
      title: 'Joint Working Protocols with the four Crime and Disorder Scrutiny Committees: proposals',
      themes: ['domestic-abuse', 'anti-social-behaviour', 'child-sexual-exploitation'],
      kind: 'report',
      date: '2014-03-31',
      status: 'completed',
      description:
        'Report of the Scrutiny Manager with two example protocols. Resolved: that a draft working protocol be developed and agreed with the four Crime and Disorder Scrutiny Committees, and submitted to a future meeting for approval.',
      visibility: 'public',
    },
    source: `${F000}, minute J35 "Joint Working Protocols" (Panel, 31 March 2014)`,
    effectiveDate: '2014-03-31',
  },
  {
    id: 'pcp-2014-joint-working-protocol-approval',
    organisationId: PANEL,
    item: {
      title: 'Joint Working Protocol with the four Crime and Disorder Scrutiny Committees: submitted for approval',
      themes: ['domestic-abuse', 'anti-social-behaviour', 'child-sexual-exploitation'],
      kind: 'report',
      quarter: '2014/15-Q1',
      status: 'planned',
      description:
        'J35 resolution (2): "That the Joint Working Protocol be submitted to a future meeting for approval", once shared with the four Crime and Disorder Committees. No date was set.',
      visibility: 'public',
    },
    source: `${F000}, minute J35 "Joint Working Protocols", resolution (2)`,
    effectiveDate: '2014-03-31',
  },
  {
    id: 'pcp-2014-memorandum-of-understanding-review',
    organisationId: PANEL,
    item: {
      title: 'Review of the Memorandum of Understanding with the Police and Crime Commissioner',
      // No governance theme in the controlled list: public-confidence is the nearest (J36: "improve communication and transparency").
      themes: ['public-confidence'],
      kind: 'report',
      quarter: '2014/15-Q1',
      status: 'planned',
      description:
        'J36 resolution (3): "That the Memorandum of Understanding be subject to further consideration and review and any revisions agreed formally by the Police and Crime Panel." No date was set.',
      visibility: 'public',
    },
    source: `${F000}, minute J36 "Police and Crime Panels - The First Year" (Panel, 31 March 2014), resolution (3)`,
    effectiveDate: '2014-03-31',
  },
  {
    id: 'pcp-2014-quarterly-finance-performance-and-risk-reports',
    organisationId: PANEL,
    item: {
      title: "Quarterly finance, performance and risk monitoring reports against the Police and Crime Commissioner's priorities",
      themes: [...PLAN_2014_HEADLINE_THEMES, 'value-for-money'],
      kind: 'performance-update',
      quarter: '2014/15-Q1',
      status: 'planned',
      description:
        "The suggestion that Panel Members should receive quarterly finance, performance and risk monitoring reports against the Police and Crime Commissioner's priorities was welcomed and was something the Panel wished to progress further. The Monitoring Officer to collate and submit to the PCC the recommendations that would improve the scrutiny of his priorities.",
      priorities: PLAN_2014_LINKS,
      visibility: 'public',
    },
    source: `${F000}, minute J36 "Police and Crime Panels - The First Year" (Panel, 31 March 2014), and resolution (2)`,
    effectiveDate: '2014-03-31',
  },
  {
    id: 'pcp-2014-15-performance-management-framework-task-and-finish',
    organisationId: PANEL,
    item: {
      title: 'Task and Finish Group: Performance Management Framework',
      themes: PLAN_2014_HEADLINE_THEMES,
      kind: 'task-and-finish',
      quarter: '2014/15-Q1',
      status: 'planned',
      description:
        'Work programme 2014/15: "Dates for the Task and Finish Groups would be confirmed going forward, especially around the Performance Management Framework and Domestic Abuse."',
      priorities: PLAN_2014_LINKS,
      visibility: 'public',
    },
    source: `${F000}, minute J37 "Work Programme and Meeting Dates 2014/15" (Panel, 31 March 2014)`,
    effectiveDate: '2014-03-31',
  },
  {
    id: 'pcp-2014-15-domestic-abuse-task-and-finish',
    organisationId: PANEL,
    item: {
      title: 'Task and Finish Group: Domestic Abuse',
      themes: ['domestic-abuse'],
      kind: 'task-and-finish',
      quarter: '2014/15-Q1',
      status: 'planned',
      description:
        'Work programme 2014/15: "Dates for the Task and Finish Groups would be confirmed going forward, especially around the Performance Management Framework and Domestic Abuse."',
      priorities: [pccLink(PLAN_2014_VULNERABLE)],
      visibility: 'public',
    },
    source: `${F000}, minute J37 "Work Programme and Meeting Dates 2014/15" (Panel, 31 March 2014)`,
    effectiveDate: '2014-03-31',
  },
  {
    id: 'pcp-2014-05-02-refreshed-police-and-crime-plan',
    organisationId: PANEL,
    item: {
      title: 'Report of the Police and Crime Commissioner - Refreshed Police and Crime Plan',
      themes: PLAN_2014_HEADLINE_THEMES,
      kind: 'report',
      date: '2014-05-02',
      status: 'planned',
      description:
        'The Panel receives the draft Police and Crime Plan 2013 – 17 Refresh and provides comment to the Commissioner before 07 May 2014 (the statutory steps: draft, sent to the panel, panel report, PCC response, published).',
      priorities: PLAN_2014_LINKS,
      visibility: 'public',
    },
    // Planned on 31 March 2014 (J37: "The next meeting would see agenda items on the refreshed Police and Crime [Plan]"), held on 2 May 2014 (`later`).
    source: `${J37}: "The next meeting would see agenda items on the refreshed Police and Crime" Plan; agenda of 2 May 2014, item 6, and the PCC's report "Police and Crime Plan 2013 – 17: Refresh", section 6`,
    effectiveDate: '2014-03-31',
    later: [{ set: { status: 'completed' }, effectiveDate: '2014-05-02', source: MAY_2014_HELD }],
  },
  {
    id: 'pcp-2014-05-02-hmic-cse-response',
    organisationId: PANEL,
    item: {
      title: 'Report of the Police and Crime Commissioner - Response to the HMIC Report on Child Sexual Exploitation',
      themes: ['child-sexual-exploitation'],
      kind: 'report',
      date: '2014-05-02',
      status: 'planned',
      priorities: [pccLink(PLAN_2014_VULNERABLE)],
      visibility: 'public',
    },
    // Planned on 31 March 2014 (J37), held on 2 May 2014 (`later`: 001 7(h), "the report that I brought to the Panel meeting on the 2nd May 2014").
    source: `${J37}: the next meeting would see the PCC's response to the H.M.I.C. report on child sexual exploitation; agenda of 2 May 2014, item 7`,
    effectiveDate: '2014-03-31',
    later: [{ set: { status: 'completed' }, effectiveDate: '2014-05-02', source: MAY_2014_HELD }],
  },
  {
    id: 'pcp-2014-05-02-website-proposals',
    organisationId: PANEL,
    item: {
      title: 'Report of the Task and Finish Group - Website Proposals for the South Yorkshire Police and Crime Panel',
      themes: ['public-confidence'],
      kind: 'task-and-finish',
      date: '2014-05-02',
      status: 'in-progress',
      description:
        'The Task & Finish Group (met 8 April 2014) recommends a "galaxy" website hosted by RMBC, with a pen portrait and photograph of each member and the political breakdown of the panel; community representatives to test the prototype; other media ways of engaging with the community to be explored later.',
      visibility: 'public',
    },
    // Under way on 31 March 2014 (J36: "the work that had now commenced on the website"), reported on 2 May 2014 (`later`).
    source: `${F000}, minute J36 (31 March 2014): "the work that had now commenced on the website"; agenda of 2 May 2014, item 8, and the report "Website Development" (RMBC – Host Authority)`,
    effectiveDate: '2014-03-31',
    later: [{ set: { status: 'completed' }, effectiveDate: '2014-05-02', source: MAY_2014_HELD }],
  },
  {
    id: 'pcp-2014-07-30-pcc-annual-report',
    organisationId: PANEL,
    item: {
      title: "Police and Crime Commissioner's Annual Report (performance against the strategic objectives in the Police and Crime Plan)",
      themes: PLAN_2014_HEADLINE_THEMES,
      kind: 'report',
      date: '2014-07-30',
      status: 'completed',
      description: 'Approved by the Panel at its meeting on 30 July 2014.',
      priorities: PLAN_2014_LINKS,
      visibility: 'public',
    },
    source: `${F001}, PCC's report to the Panel of 11 September 2014, section 7(h) ("The Panel also approved my Annual Report at its last meeting on 30th July 2014"); ${F000}, agenda of 2 May 2014, item 9 (next meeting 30 July 2014)`,
    effectiveDate: '2014-07-30',
  },
  {
    id: 'pcp-2014-09-11-jay-report-implications',
    organisationId: PANEL,
    item: {
      title:
        'The implications of the recent report by Prof Alexis Jay OBE into CSE in Rotherham, for the South Yorkshire Police and Crime Commissioner',
      themes: ['child-sexual-exploitation'],
      kind: 'report',
      date: '2014-09-11',
      // 001 is the agenda pack for this meeting; no document records the meeting itself.
      status: 'planned',
      description:
        "The Panel considers the Commissioner's response to Professor Jay's report and determines any further action in light of it.",
      priorities: [pccLink(PLAN_2014_VULNERABLE)],
      visibility: 'public',
    },
    source: `${F001}, agenda of the Panel meeting of 11 September 2014, item 5, and the report of RMBC (Host Authority), section 6`,
    effectiveDate: '2014-09',
  },
  {
    id: 'pcp-2022-02-04-pcc-update-report',
    organisationId: PANEL,
    item: {
      title: 'PCC and OPCC update against the Delivery Plan, and decisions taken by the PCC since the last meeting',
      themes: ['child-sexual-exploitation', 'violence-against-women-and-girls', 'reoffending'],
      kind: 'report',
      date: '2022-02-04',
      status: 'completed',
      description:
        'Members noted the report and asked questions, including on Child Sexual Exploitation, Violence Against Women and Girls (only one of the four Community Safety Partnerships had any reference to it in their planning and reporting), female offenders, disproportionality and rehabilitation.',
      priorities: [pccLink(PLAN_2022_VAWG), pccLink(PLAN_2022_CSE)],
      visibility: 'public',
    },
    source: `${ITEM_11_2022}, resolutions i and ii`,
    effectiveDate: '2022-02-04',
  },
  {
    id: 'pcp-2022-vru-presentation',
    organisationId: PANEL,
    item: {
      title: "Violence Reduction Unit (VRU) presentation to Panel Members on funding through the VRU and the OPCC's Commissioning Team",
      themes: ['serious-violence'],
      kind: 'meeting',
      quarter: '2021/22-Q4',
      status: 'planned',
      description:
        "Arrangements were being made for a VRU presentation to Panel Members, focusing on the funding made available through both the VRU and the OPCC's Commissioning Team, in answer to a request for details of grants awarded and activity underway.",
      visibility: 'public',
    },
    source: `${ITEM_11_2022}, M Buttery's reply to Professor James on grants awarded`,
    effectiveDate: '2022-02-04',
  },
  {
    id: 'pcp-2022-commissioning-services-in-quarterly-performance-reports',
    organisationId: PANEL,
    item: {
      title: 'Further details around Commissioning Services in future quarterly Performance Reports',
      themes: ['value-for-money'],
      kind: 'performance-update',
      quarter: '2021/22-Q4',
      status: 'planned',
      description:
        'A small amount of Commissioning Services information was included in the quarterly Performance report; the OPCC to include further details in future quarterly Performance Reports presented to the Panel.',
      visibility: 'public',
    },
    source: `${ITEM_11_2022}, resolution vi`,
    effectiveDate: '2022-02-04',
  },
  // The one partners-only item. 003: "the reports considered at the Criminal Justice Board were not
  // discussed in public"; the Panel asked for the Task and Finish Group's progress report and M
  // Buttery agreed to ask the Local Criminal Justice Board what could be shared with it (resolution
  // v). The Group is the Board's, not the PCC's; what the documents record is the Panel's request.
  // Until the Board agrees, the report is for the area's signed-in partners only, never a public
  // page, feed or notification.
  {
    id: 'pcp-2022-lcjb-disproportionality-update-report',
    organisationId: PANEL,
    item: {
      title: 'Local Criminal Justice Board Task and Finish Group on disproportionality in the Criminal Justice System: update report',
      themes: ['public-confidence'],
      kind: 'report',
      quarter: '2021/22-Q4',
      status: 'planned',
      description:
        "The Panel asked for the update report on the work being undertaken by the Task and Finish Group around disproportionality. Reports considered at the Criminal Justice Board are not discussed in public; the OPCC is to ascertain with the Local Criminal Justice Board whether the update can be shared with the Panel. The Panel also asked whether the Group links in with the PCC's Independent Ethics Panel on disproportionality in stop and search data and the Force's workforce diversity work.",
      visibility: 'partners',
    },
    source: `${ITEM_11_2022}, resolution v and M Buttery's reply to Professor James on disproportionality`,
    effectiveDate: '2022-02-04',
  },
];

const pccWorkProgramme: SeedWorkProgrammeItem[] = [
  {
    id: 'pcc-2014-platinum-model-implementation-report',
    organisationId: PCC,
    item: {
      title:
        "Chief Constable's report on the implementation of the Platinum model, HMIC recommendations, investigations, convictions and barriers to improvement",
      themes: ['child-sexual-exploitation', 'domestic-abuse'],
      kind: 'report',
      quarter: '2014/15-Q3',
      status: 'planned',
      description: 'Requested by the PCC in June 2014; "This report is due to be presented in October."',
      priorities: [pccLink(PLAN_2014_VULNERABLE)],
      visibility: 'public',
    },
    source: `${F001}, PCC's report to the Panel of 11 September 2014, section 7(g), table entry "June 2014"`,
    effectiveDate: '2014-06',
  },
  {
    id: 'pcc-2022-03-public-accountability-board-cse',
    organisationId: PCC,
    item: {
      title: 'Child Sexual Exploitation at the March meeting of the Public Accountability Board',
      themes: ['child-sexual-exploitation'],
      kind: 'meeting',
      quarter: '2021/22-Q4',
      status: 'planned',
      description:
        'Child Sexual Exploitation would be discussed at the March meeting of the Public Accountability Board, where the Commissioner rigorously holds the Force to account in this area.',
      priorities: [pccLink(PLAN_2022_CSE)],
      visibility: 'public',
    },
    source: `${ITEM_11_2022}, M Buttery's reply to Councillor Garbutt`,
    effectiveDate: '2022-02-04',
  },
];

const SRP_PRIORITY_IDS = srpPriorities.map((priority) => priority.id);
// The themes of the six priorities, for work about all of them; the cross-cutting theme is left out
// so the list stays within the twelve themes an item may carry.
const SRP_THEMES = [...new Set(srpPriorities.flatMap((priority) => priority.priority.themes))].filter((theme) => theme !== CROSS_CUTTING);

const srpWorkProgramme: SeedWorkProgrammeItem[] = [
  {
    id: 'srp-2016-19-board-quarterly-strategic-review',
    organisationId: ROTHERHAM_CSP,
    item: {
      title: 'Safer Rotherham Partnership Board: quarterly strategic review of progress against priorities',
      themes: SRP_THEMES,
      kind: 'performance-update',
      quarter: '2016/17-Q1',
      status: 'planned',
      description:
        'The Board undertakes a strategic review, on a quarterly basis, of progress against priorities and determines any support measures needed; at each of its bi-monthly meetings it receives a report on performance against the Priorities. Plan period 2016-19.',
      priorities: SRP_PRIORITY_IDS.map(srpLink),
      visibility: 'public',
    },
    source: `${F002}, "Performance Management & Targets" and "Funding the Plan"`,
    effectiveDate: '2016',
  },
  {
    id: 'srp-2016-violent-crime-and-sexual-offences-review',
    organisationId: ROTHERHAM_CSP,
    item: {
      title: 'Review of the prevalence of violent crime and sexual offences and the way agencies deal with them',
      themes: ['violent-crime', 'sexual-offences'],
      kind: 'report',
      quarter: '2016/17-Q1',
      status: 'planned',
      description:
        'To identify scope for multi-agency action to tackle criminality and support victims; on conclusion of this review further actions will be developed in respect of the priority.',
      priorities: [srpLink('srp-2016-6-violent-crime-and-sexual-offences')],
      visibility: 'public',
    },
    source: `${F002}, "Priority 6: Reducing Violent Crime and Sexual Offences", "What are we going to do?"`,
    effectiveDate: '2016',
  },
];

const scrutinyWorkProgramme: SeedWorkProgrammeItem[] = [
  // Doncaster: "an update on the work so far on ..." (000 J34); the minutes do not date the work.
  {
    id: 'domestic-violence-high-risk-victims-and-perpetrator-programme',
    organisationId: DONCASTER_SCRUTINY,
    item: {
      title: 'Domestic violence and support for high risk victims, including children, and the perpetrator programme',
      themes: ['domestic-abuse', 'victims-and-witnesses'],
      kind: 'report',
      quarter: '2013/14-Q4',
      status: 'in-progress',
      description: 'Work so far reported to the Police and Crime Panel on 31 March 2014; the minutes do not date it.',
      visibility: 'public',
    },
    source: `${J34}, Caroline Martin for Doncaster Metropolitan Borough Council`,
    effectiveDate: '2014-03-31',
  },
  {
    id: 'safer-doncaster-partnership-performance-and-anti-social-behaviour',
    organisationId: DONCASTER_SCRUTINY,
    item: {
      title: 'Performance of the Safer Doncaster Partnership and their work around anti-social behaviour',
      themes: ['anti-social-behaviour'],
      kind: 'performance-update',
      quarter: '2013/14-Q4',
      status: 'in-progress',
      description: 'Work so far reported to the Police and Crime Panel on 31 March 2014; the minutes do not date it.',
      visibility: 'public',
    },
    source: `${J34}, Caroline Martin for Doncaster Metropolitan Borough Council`,
    effectiveDate: '2014-03-31',
  },
  {
    id: 'youth-reoffending',
    organisationId: DONCASTER_SCRUTINY,
    item: {
      title: 'Reductions in reoffending for youth offenders',
      themes: ['reoffending'],
      kind: 'report',
      quarter: '2013/14-Q4',
      status: 'in-progress',
      description: 'Work so far reported to the Police and Crime Panel on 31 March 2014; the minutes do not date it.',
      visibility: 'public',
    },
    source: `${J34}, Caroline Martin for Doncaster Metropolitan Borough Council`,
    effectiveDate: '2014-03-31',
  },
  {
    id: 'support-and-legal-highs',
    organisationId: DONCASTER_SCRUTINY,
    item: {
      title: 'The availability of support and legal highs',
      themes: ['substance-misuse'],
      kind: 'report',
      quarter: '2013/14-Q4',
      status: 'in-progress',
      description:
        'Work so far reported to the Police and Crime Panel on 31 March 2014; the minutes do not date it. The Committee\'s work was "fluid and reactive throughout the year".',
      visibility: 'public',
    },
    source: `${J34}, Caroline Martin for Doncaster Metropolitan Borough Council`,
    effectiveDate: '2014-03-31',
  },
  // Rotherham's Overview and Scrutiny Management Board.
  {
    id: 'srp-annual-report-asb-cse-domestic-violence-2013',
    organisationId: ROTHERHAM_SCRUTINY,
    item: {
      title: 'Anti-social behaviour and changing policy across Rotherham, child sexual exploitation and domestic violence',
      themes: ['anti-social-behaviour', 'child-sexual-exploitation', 'domestic-abuse'],
      kind: 'report',
      quarter: '2013/14-Q3',
      status: 'completed',
      description:
        'A report from the Safer Rotherham Partnership is received annually; during November/December (2013, as reported on 31 March 2014) consideration was given to specific issues of anti-social behaviour and changing policy across Rotherham, child sexual exploitation and domestic violence.',
      visibility: 'public',
    },
    source: `${J34}, Councillor Glyn Whelbourn, Chairman of Rotherham's Overview and Scrutiny Management Board`,
    effectiveDate: '2013-12',
  },
  {
    id: 'scrutiny-review-domestic-violence',
    organisationId: ROTHERHAM_SCRUTINY,
    item: {
      title: 'Scrutiny Review into Domestic Violence',
      themes: ['domestic-abuse'],
      kind: 'scrutiny-review',
      quarter: '2013/14-Q4',
      status: 'completed',
      description:
        'Described on 31 March 2014 as "recent" (not otherwise dated); a copy had been forwarded to the Chief Constable and could provide a platform for taking joint work forward with a view to pooling resources across South Yorkshire.',
      visibility: 'public',
    },
    source: `${J34}, Councillor Glyn Whelbourn, Chairman of Rotherham's Overview and Scrutiny Management Board`,
    effectiveDate: '2014-03-31',
  },
  {
    id: 'srp-quarterly-performance-report-2016-19',
    organisationId: ROTHERHAM_SCRUTINY,
    item: {
      title: 'Safer Rotherham Partnership quarterly report on performance against agreed priorities, for comment and review',
      themes: SRP_THEMES,
      kind: 'performance-update',
      quarter: '2016/17-Q1',
      status: 'planned',
      description:
        "The partnership makes available on a quarterly basis the latest position on performance against agreed priorities, partnership issues, risks, emerging issues and action plans; the report is made available to the council's Overview & Scrutiny Management Board for comment and review. Plan period 2016-19.",
      priorities: SRP_PRIORITY_IDS.map(srpLink),
      visibility: 'public',
    },
    source: `${F002}, "Performance Management & Targets"`,
    effectiveDate: '2016',
  },
  // Barnsley: "work that had already taken place" (000 J34); not dated.
  {
    id: 'anti-social-behaviour-work',
    organisationId: BARNSLEY_SCRUTINY,
    item: {
      title: 'Work around anti-social behaviour',
      themes: ['anti-social-behaviour'],
      kind: 'report',
      quarter: '2013/14-Q4',
      status: 'completed',
      description:
        'Reported to the Police and Crime Panel on 31 March 2014 as work that had already taken place (not dated). New governance arrangements were now in operation in Barnsley, and the Police and Crime Commissioner had visited some wards where anti-social behaviour was an issue and resources were targeted appropriately.',
      visibility: 'public',
    },
    source: `${J34}, Councillor Ralph Sixsmith for Barnsley Metropolitan Borough Council`,
    effectiveDate: '2014-03-31',
  },
  {
    id: 'child-sexual-exploitation-and-absconding-behaviour',
    organisationId: BARNSLEY_SCRUTINY,
    item: {
      title: 'Ways to address child sexual exploitation and absconding behaviour',
      themes: ['child-sexual-exploitation', 'vulnerable-people'],
      kind: 'report',
      quarter: '2013/14-Q4',
      status: 'completed',
      description: 'Reported to the Police and Crime Panel on 31 March 2014 as work that had already taken place (not dated).',
      visibility: 'public',
    },
    source: `${J34}, Councillor Ralph Sixsmith for Barnsley Metropolitan Borough Council`,
    effectiveDate: '2014-03-31',
  },
];

// ---------------------------------------------------------------------------------------------
// Protocols
// ---------------------------------------------------------------------------------------------

const protocols: SeedProtocol[] = [
  {
    id: 'joint-working-protocol-crime-and-disorder-committees',
    proposedBy: PANEL,
    protocol: {
      title:
        'Joint Working Protocol between the South Yorkshire Police and Crime Panel and the four Crime and Disorder Scrutiny Committees',
      parties: [PANEL, ...SCRUTINY_COMMITTEES],
      summary:
        'A joint working protocol between the Police and Crime Panel and the Crime and Disorder Scrutiny Committees of Barnsley, Doncaster, Rotherham and Sheffield, to be drafted from the two example protocols put to the Panel, drawing on the success of the West Yorkshire protocol. It is to give a clear understanding of roles and responsibilities between the partners; have the Local Authority Scrutiny Panels share work programmes with the Police and Crime Panel to help develop South Yorkshire wide priorities; give the Panel access to local information about the performance of Crime and Disorder Partnerships for triangulation of evidence; provide for the regular exchange of information and intelligence, co-ordinated work programmes and alignment of membership where possible; pool resources to tackle similar elements of concern such as domestic abuse, anti-social behaviour and child sexual exploitation; and share good practice to avoid duplication. Resolved (J35): a draft to be developed and agreed with the four Crime and Disorder Scrutiny Committees, then submitted to a future meeting of the Panel for approval.',
      visibility: 'public',
    },
    // J35 resolved that a draft be developed and later submitted for approval: no party, the Panel
    // included, has yet agreed a version in the documents.
    agreedBy: [],
    source: `${F000}, minutes J34 and J35 "Joint Working Protocols" (Panel, 31 March 2014)`,
    effectiveDate: '2014-03-31',
  },
  {
    id: 'memorandum-of-understanding-panel-and-pcc',
    proposedBy: PANEL,
    protocol: {
      title: 'Memorandum of Understanding between the South Yorkshire Police and Crime Panel and the Police and Crime Commissioner',
      parties: [PANEL, PCC],
      summary:
        'The Memorandum of Understanding the Panel established early in its formation with the Police and Crime Commissioner. On 31 March 2014 (J36), considering the Centre for Public Scrutiny report "Police and Crime Panels: the first year", the Panel agreed it was timely to revisit it: the Memorandum is to be subject to further consideration and review, and any revisions agreed formally by the Police and Crime Panel.',
      visibility: 'public',
    },
    // Version 1 is the existing Memorandum, which J36 says the Panel "established ... with the
    // Police and Crime Commissioner": both parties are taken to have agreed it. The review J36 asks
    // for would be a new version, which nobody has agreed yet; no review date was set.
    agreedBy: [PANEL, PCC],
    source: `${F000}, minute J36 "Police and Crime Panels - The First Year" (Panel, 31 March 2014), and resolution (3)`,
    effectiveDate: '2014-03-31',
  },
];

// ---------------------------------------------------------------------------------------------

export const southYorkshire: SeedArea = {
  id: 'south-yorkshire',
  name: 'South Yorkshire',
  organisations,
  plans,
  priorities: [...pccPriorities, ...srpPriorities],
  workProgramme: [...panelWorkProgramme, ...pccWorkProgramme, ...srpWorkProgramme, ...scrutinyWorkProgramme],
  protocols,
  withdrawn,
};
