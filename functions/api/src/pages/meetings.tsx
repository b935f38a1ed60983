/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { RecordOf } from '@partnership-hub/domain';
import type { MeetingStatus } from '@partnership-hub/events';
import type { FC } from 'hono/jsx';
import { PartnersOnlyTag, TableHead, Tag } from './components.tsx';
import { formatDate } from './format.ts';

/** What the body page, the calendar, the theme page and a meeting's page share about meetings. */

type Meeting = RecordOf<'meeting'>;

/** Where a meeting's page is. */
export const meetingPath = (areaId: string, organisationId: string, meetingId: string) =>
  `/areas/${areaId}/bodies/${organisationId}/meetings/${encodeURIComponent(meetingId)}`;

const STATUS_WORDS: Record<MeetingStatus, { text: string; colour: string }> = {
  scheduled: { text: 'Scheduled', colour: 'blue' },
  confirmed: { text: 'Confirmed', colour: 'green' },
  cancelled: { text: 'Cancelled', colour: 'red' },
  held: { text: 'Held', colour: 'grey' },
};

export const MeetingStatusTag: FC<{ status: MeetingStatus }> = ({ status }) => (
  <Tag colour={STATUS_WORDS[status].colour}>{STATUS_WORDS[status].text}</Tag>
);

/** `2 May 2014 at 10:00`, or the date alone when no time was given (times are Europe/London). */
export const meetingWhen = (state: { date: string; time?: string | undefined }) =>
  state.time ? `${formatDate(state.date)} at ${state.time}` : formatDate(state.date);

/** Earliest first, by date then time. */
export const byMeetingTime = (a: Meeting, b: Meeting) =>
  `${a.state.date}T${a.state.time ?? ''}`.localeCompare(`${b.state.date}T${b.state.time ?? ''}`) || a.id.localeCompare(b.id);

/** A body's meetings as a table: when, the meeting (linked to its page), its status and how many agenda items. */
export const MeetingTable: FC<{ caption: string; meetings: Meeting[]; areaId: string }> = ({ caption, meetings, areaId }) => (
  <table class="govuk-table">
    <caption class="govuk-table__caption govuk-table__caption--m">{caption}</caption>
    <TableHead columns={['When', 'Meeting', 'Status', 'Agenda']} />
    <tbody class="govuk-table__body">
      {meetings.map((meeting) => (
        <tr class="govuk-table__row" id={`meeting-${meeting.id}`}>
          <td class="govuk-table__cell">{meetingWhen(meeting.state)}</td>
          <td class="govuk-table__cell">
            <a class="govuk-link" href={meetingPath(areaId, meeting.organisationId, meeting.id)}>
              {meeting.state.title}
            </a>{' '}
            {meeting.state.visibility === 'partners' ? <PartnersOnlyTag /> : null}
          </td>
          <td class="govuk-table__cell">
            <MeetingStatusTag status={meeting.state.status} />
          </td>
          <td class="govuk-table__cell">{meeting.state.agenda.length === 1 ? '1 item' : `${meeting.state.agenda.length} items`}</td>
        </tr>
      ))}
    </tbody>
  </table>
);
