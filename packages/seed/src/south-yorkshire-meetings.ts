/**
 * The South Yorkshire Police and Crime Panel's meetings, with their agenda items as the seed
 * documents list them (see SEED_FILES). Where a document names a meeting but not its agenda (the
 * meetings of 31 January 2014, 30 July 2014 and 13 December 2021 are known only from later
 * papers), the meeting is seeded with no agenda rather than a guessed one. The documents give no
 * dates of the four scrutiny committees' own meetings (J34 says only that Doncaster's work
 * programme "was to be agreed next week"), so none of theirs is seeded.
 *
 * Every meeting carries the change's effective date (the meeting's date) and its source document.
 */

import type { ChangeSource, MeetingState } from '@partnership-hub/events';
import type * as z from 'zod/mini';
import { SEED_FILES } from './south-yorkshire.ts';

export interface SeedMeeting {
  id: string;
  organisationId: string;
  meeting: z.input<ReturnType<typeof MeetingState>>;
  effectiveDate: string;
  source: ChangeSource;
}

const PANEL = 'south-yorkshire-police-and-crime-panel';
const ROTHERHAM_TOWN_HALL = 'Town Hall, Moorgate Street, Rotherham S60 2TH';
const TITLE = 'South Yorkshire Police and Crime Panel';

/** The three items every agenda of the panel opens with in 2014, after the call for urgent items. */
const OPENING_ITEMS_2014 = [
  {
    number: '1',
    title:
      'To determine if the following matters are to be considered under the categories suggested, in accordance with the Local Government Act 1972',
  },
  { number: '2', title: 'To determine any item which the Chairman is of the opinion should be considered as a matter of urgency' },
  { number: '3', title: 'Apologies for Absence' },
  { number: '4', title: 'Questions from Members of the Public' },
];

const meeting = (
  date: string,
  extra: Partial<z.input<ReturnType<typeof MeetingState>>> & { status: z.input<ReturnType<typeof MeetingState>>['status'] },
  source: ChangeSource,
): SeedMeeting => ({
  id: `pcp-${date}`,
  organisationId: PANEL,
  meeting: { title: TITLE, date, agenda: [], visibility: 'public', ...extra },
  effectiveDate: date,
  source,
});

export const southYorkshireMeetings: SeedMeeting[] = [
  meeting(
    '2014-01-31',
    { status: 'held' },
    {
      document: SEED_FILES.panel2014,
      section: 'minutes of 31 March 2014, J33 and J37 (the meeting of 31 January 2014, its agenda not in the documents)',
    },
  ),
  meeting(
    '2014-03-31',
    {
      status: 'held',
      agenda: [
        { number: 'J32', title: 'Questions from Members of the Public' },
        { number: 'J33', title: 'Minutes of the Previous Meeting held on 31st January, 2014' },
        {
          number: 'J34',
          title: 'Sub Regional Priorities - Verbal Report from Scrutiny Panels',
          themes: ['domestic-abuse', 'anti-social-behaviour', 'child-sexual-exploitation'],
        },
        { number: 'J35', title: 'Joint Working Protocols' },
        { number: 'J36', title: 'Police and Crime Panels - The First Year' },
        { number: 'J37', title: 'Work Programme and Meeting Dates 2014/15' },
      ],
    },
    { document: SEED_FILES.panel2014, section: 'minutes of the meeting of 31 March 2014, J32 to J37' },
  ),
  meeting(
    '2014-05-02',
    {
      time: '13:30',
      location: ROTHERHAM_TOWN_HALL,
      status: 'held',
      agenda: [
        ...OPENING_ITEMS_2014,
        { number: '5', title: 'Minutes of the Previous Meeting held on 31st March, 2014' },
        {
          number: '6',
          title: 'Report of the Police and Crime Commissioner - Refreshed Police and Crime Plan',
          themes: ['anti-social-behaviour', 'vulnerable-people', 'visible-policing'],
        },
        {
          number: '7',
          title: 'Report of the Police and Crime Commissioner - Response to the HMIC Report on Child Sexual Exploitation',
          themes: ['child-sexual-exploitation'],
        },
        {
          number: '8',
          title: 'Report of the Task and Finish Group - Website Proposals for the South Yorkshire Police and Crime Panel',
          themes: ['public-confidence'],
        },
        { number: '9', title: 'Date and Time of the Next Meeting - Wednesday, 30th July, 2014 at 1.00 p.m.' },
      ],
    },
    { document: SEED_FILES.panel2014, section: 'agenda of the meeting of 2 May 2014' },
  ),
  meeting(
    '2014-07-30',
    { time: '13:00', status: 'confirmed' },
    {
      document: SEED_FILES.panel2014,
      section: 'agenda of 2 May 2014, item 9 (the date and time of the next meeting; its agenda not in the documents)',
    },
  ),
  meeting(
    '2014-09-11',
    {
      time: '11:00',
      location: ROTHERHAM_TOWN_HALL,
      status: 'held',
      agenda: [
        ...OPENING_ITEMS_2014,
        {
          number: '5',
          title:
            'The implications of the recent report by Prof Alexis Jay OBE into CSE in Rotherham, for the South Yorkshire Police and Crime Commissioner',
          themes: ['child-sexual-exploitation'],
        },
      ],
    },
    { document: SEED_FILES.panel2014Jay, section: 'agenda of the meeting of 11 September 2014' },
  ),
  meeting(
    '2021-12-13',
    { status: 'held' },
    {
      document: SEED_FILES.panel2022,
      section:
        'minutes of 4 February 2022, Item 11: "the Panel\'s last meeting held on 13 December 2021" (its agenda not in the documents)',
    },
  ),
  meeting(
    '2022-02-04',
    {
      time: '13:00',
      status: 'held',
      agenda: [
        {
          number: '11',
          title: 'PCC and OPCC update against the Delivery Plan, and decisions taken by the PCC since the last meeting',
          themes: ['child-sexual-exploitation', 'violence-against-women-and-girls', 'reoffending'],
        },
      ],
    },
    { document: SEED_FILES.panel2022, section: 'minutes of the meeting of 4 February 2022, Item 11 (the only item the documents give)' },
  ),
];

/** The seeded meetings of each seeded area, by area id: the seed loader puts them in after the area's other content. */
export const seedMeetings: Readonly<Record<string, readonly SeedMeeting[]>> = { 'south-yorkshire': southYorkshireMeetings };
