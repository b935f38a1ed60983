/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { quarterOf } from '@partnership-hub/domain';
import { scopePath } from '@partnership-hub/feeds/links';
import type { FC } from 'hono/jsx';
import type { AreaContent } from './area-data.ts';
import { WorkTable } from './body-page.tsx';
import { TableHead } from './components.tsx';
import { monthName, plural, quarterName, sortKeyOf } from './format.ts';
import { byMeetingTime, MeetingStatusTag, meetingPath, meetingWhen } from './meetings.tsx';

export type CalendarGrouping = 'quarter' | 'month';

type Work = AreaContent['work'][number];

/**
 * Groups items by quarter or by month, earliest first, with undated items last. By month, an item
 * planned for a quarter but no day is listed under its quarter, after that quarter's months.
 */
export function calendarGroups(work: Work[], by: CalendarGrouping): { key: string; heading: string; items: Work[] }[] {
  const groups = new Map<string, { key: string; heading: string; items: Work[] }>();
  for (const item of [...work].sort((a, b) => sortKeyOf(a.state).localeCompare(sortKeyOf(b.state)))) {
    const quarter = quarterOf(item.state);
    let key = 'undated';
    let heading = 'Not dated';
    if (by === 'month' && item.state.date) {
      key = item.state.date.slice(0, 7);
      heading = monthName(key);
    } else if (quarter) {
      key = by === 'month' ? `${quarter.slice(0, 4)}-${String(Number(quarter.slice(6)) * 3).padStart(2, '0')}~` : quarter;
      heading = by === 'month' ? `${quarterName(quarter)}, month not given` : quarterName(quarter);
    }
    const group = groups.get(key) ?? { key, heading, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => (a.key === 'undated' ? 1 : b.key === 'undated' ? -1 : a.key.localeCompare(b.key)));
}

/** The iCalendar feed of the area, or of the body chosen: what a calendar app subscribes to (public content; a key shows more). */
export function calendarFeedPath(areaId: string, body: string): string {
  return `${scopePath({ areaId, ...(body ? { organisationId: body } : {}) })}/calendar.ics`;
}

/** All bodies' work programme items by quarter or month, then their meetings. */
export const CalendarPage: FC<{ content: AreaContent; by: CalendarGrouping; body: string }> = ({ content, by, body }) => {
  const base = `/areas/${content.areaId}/calendar`;
  const nameOf = new Map(content.organisations.map((organisation) => [organisation.id, organisation.state.name]));
  const work = content.work.filter((item) => nameOf.has(item.organisationId) && (!body || item.organisationId === body));
  const groups = calendarGroups(work, by);
  const meetings = content.meetings
    .filter((meeting) => nameOf.has(meeting.organisationId) && (!body || meeting.organisationId === body))
    .sort(byMeetingTime);
  const other = by === 'quarter' ? 'month' : 'quarter';
  const query = (grouping: CalendarGrouping) => `${base}?by=${grouping}${body ? `&body=${encodeURIComponent(body)}` : ''}`;
  return (
    <>
      <span class="govuk-caption-xl">{content.areaName}</span>
      <h1 class="govuk-heading-xl">Work programme calendar</h1>
      <p class="govuk-body-l">
        {plural(work.length, 'item')} from {body ? nameOf.get(body) : "all bodies' work programmes"}, by {by}.
      </p>
      <p class="govuk-body">
        <a class="govuk-link" href={query(other)}>
          Show by {other} instead
        </a>
      </p>
      <p class="govuk-body">
        <a class="govuk-link" href={calendarFeedPath(content.areaId, body)}>
          Subscribe in your calendar app (iCalendar)
        </a>
        : {body ? `${nameOf.get(body)}'s` : "all bodies'"} dated work programme items, meetings and requests' due dates, as the public sees
        them, kept up to date.
      </p>
      <form method="get" action={base} class="hub-filters" aria-label="Choose a body">
        <input type="hidden" name="by" value={by} />
        <div class="govuk-form-group">
          <label class="govuk-label" for="body">
            Body
          </label>
          <select class="govuk-select" id="body" name="body">
            <option value="" selected={!body}>
              All bodies
            </option>
            {content.organisations.map((organisation) => (
              <option value={organisation.id} selected={organisation.id === body}>
                {organisation.state.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="govuk-button" data-module="govuk-button">
          Show
        </button>
      </form>
      {groups.length === 0 ? <p class="govuk-body">No work programme items have been shared.</p> : null}
      {groups.map((group) => (
        <section aria-labelledby={`period-${group.key.replace('~', '')}`}>
          <h2 class="govuk-heading-l" id={`period-${group.key.replace('~', '')}`}>
            {group.heading}
          </h2>
          <WorkTable
            caption={`${group.heading}: ${plural(group.items.length, 'item')}`}
            captionSize="s"
            items={group.items}
            areaId={content.areaId}
            nameOf={nameOf}
          />
        </section>
      ))}
      <h2 class="govuk-heading-l" id="meetings">
        Meetings
      </h2>
      {meetings.length === 0 ? (
        <p class="govuk-body">No meetings have been shared.</p>
      ) : (
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-table__caption--m">
            {plural(meetings.length, 'meeting')}, earliest first (times are UK time)
          </caption>
          <TableHead columns={['When', 'Body', 'Meeting', 'Status']} />
          <tbody class="govuk-table__body">
            {meetings.map((meeting) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">{meetingWhen(meeting.state)}</td>
                <td class="govuk-table__cell">{nameOf.get(meeting.organisationId)}</td>
                <td class="govuk-table__cell">
                  <a class="govuk-link" href={meetingPath(content.areaId, meeting.organisationId, meeting.id)}>
                    {meeting.state.title}
                  </a>
                </td>
                <td class="govuk-table__cell">
                  <MeetingStatusTag status={meeting.state.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
};
