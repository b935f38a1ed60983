import type { Audience, RecordOf } from '@partnership-hub/domain';
import { type RecordedVariationStep, themeName } from '@partnership-hub/events';
import { ICalCalendar, ICalEventStatus } from 'ical-generator';
import { type FeedScope, itemPageUrl, requestPageUrl, scopePath, summaryOf, variationPageUrl } from './syndication.ts';
import { xmlSafe } from './xml-text.ts';

export interface CalendarInput {
  scope: FeedScope;
  origin: string;
  audience: Audience;
  /** Every work programme record, withdrawn ones included: a withdrawn date becomes a cancellation. */
  records: RecordOf<'work-programme-item'>[];
  organisationNames: ReadonlyMap<string, string>;
  /**
   * The meetings, live ones only, as the reader may see them (a restricted agenda item is
   * "Restricted item" and its number to the public): one VEVENT each, a cancelled one
   * `STATUS:CANCELLED`.
   */
  meetings?: RecordOf<'meeting'>[];
  /**
   * Tracked requests the reader may see: each with a due date is an all-day VEVENT on it. A closed
   * one stays as `STATUS:CANCELLED`, so a calendar that holds its due date drops it (left out, it
   * would linger in calendars that never hear it went).
   */
  requests?: RecordOf<'request'>[];
  /**
   * Plan variations the reader may see: each one sent to the panel is an all-day VEVENT on the day
   * the panel's report is due (the one deadline a variation records), `STATUS:CANCELLED` once the
   * panel has reported or the variation is published, so calendars holding it drop it.
   */
  variations?: RecordOf<'plan-variation'>[];
  /** The titles of the plans the reader may see, by `{organisationId}/{planId}`: a variation's event names its plan. */
  planTitles?: ReadonlyMap<string, string>;
}

/** Meetings' times are written in UK time, and calendars are told so (DTSTART;TZID=Europe/London). */
const MEETING_TIME_ZONE = 'Europe/London';

/** Stable across revisions and hubs: calendar apps update an event with the same UID. */
export const calendarUid = (record: { areaId: string; organisationId: string; id: string }) =>
  `${record.areaId}/${record.organisationId}/${record.id}@partnership-hub`;

/**
 * SEQUENCE starts at 0 and goes up by one with every change: it is derived from the item's
 * version, which does exactly that (RFC 5545 3.8.7.4).
 */
export const calendarSequence = (version: number) => version - 1;

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * iCalendar (RFC 5545) of the dated work programme items, built with ical-generator: one all-day
 * event per item, `STATUS:CANCELLED` once withdrawn. Items with only a quarter have no day to put
 * in a calendar and are left out. No clock: DTSTAMP is the item's last change.
 */
export function workProgrammeCalendar(input: CalendarInput): string {
  const { scope, origin } = input;
  const area = scope.areaName ?? scope.areaId;
  const name = scope.organisationId
    ? `${input.organisationNames.get(scope.organisationId) ?? scope.organisationId} work programme (${area})`
    : `${area}: work programmes`;
  const calendar = new ICalCalendar({
    prodId: { company: 'Partnership Hub', product: 'Work programmes', language: 'EN' },
    name,
    description: 'Meetings, reports and reviews planned by the bodies of the area, published on Partnership Hub.',
    url: `${origin}${scopePath(scope)}/calendar.ics`,
    // Calendar apps poll; this is a hint of how often is useful.
    ttl: 60 * 60,
  });
  const records = input.records
    .filter((record) => record.state.date !== undefined && (input.audience === 'partners' || record.state.visibility === 'public'))
    .sort((a, b) =>
      a.state.date! === b.state.date! ? calendarUid(a).localeCompare(calendarUid(b)) : a.state.date! < b.state.date! ? -1 : 1,
    );
  for (const record of records) {
    const organisation = input.organisationNames.get(record.organisationId) ?? record.organisationId;
    const date = record.state.date!;
    calendar.createEvent({
      id: calendarUid(record),
      sequence: calendarSequence(record.version),
      // All-day: a date, not a time, so no time zone can move it to another day.
      start: date,
      end: nextDay(date),
      allDay: true,
      stamp: new Date(record.updatedAt),
      lastModified: new Date(record.updatedAt),
      summary: `${organisation}: ${record.state.title}`,
      description: summaryOf(record),
      categories: record.state.themes.map((slug) => ({ name: themeName(slug) })),
      url: itemPageUrl(origin, record),
      status: record.withdrawn
        ? ICalEventStatus.CANCELLED
        : record.state.status === 'deferred'
          ? ICalEventStatus.TENTATIVE
          : ICalEventStatus.CONFIRMED,
    });
  }
  for (const meeting of [...(input.meetings ?? [])].sort((a, b) => calendarUid(a).localeCompare(calendarUid(b)))) {
    if (meeting.withdrawn || !(input.audience === 'partners' || meeting.state.visibility === 'public')) continue;
    const organisation = input.organisationNames.get(meeting.organisationId) ?? meeting.organisationId;
    const { date, time, status } = meeting.state;
    calendar.createEvent({
      id: calendarUid({ ...meeting, id: `meeting/${meeting.id}` }),
      sequence: calendarSequence(meeting.version),
      // A meeting with a time is at that wall-clock time in London. With a time zone, ical-generator
      // writes the date's local fields after TZID; a date-time written without an offset is read as
      // local time, so its local fields are the ones written here, whatever the server's own zone.
      // (Not @date-fns/tz's TZDate, which does the same but would take the feeds function over its
      // 300 KB budget.) Without a time the meeting is all-day.
      ...(time ? { start: `${date}T${time}:00`, timezone: MEETING_TIME_ZONE } : { start: date, end: nextDay(date), allDay: true }),
      stamp: new Date(meeting.updatedAt),
      lastModified: new Date(meeting.updatedAt),
      summary: `${organisation}: ${meeting.state.title}`,
      description: summaryOf(meeting),
      ...(meeting.state.location ? { location: meeting.state.location } : {}),
      url: itemPageUrl(origin, meeting),
      status:
        status === 'cancelled' ? ICalEventStatus.CANCELLED : status === 'scheduled' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    });
  }
  const due = (input.requests ?? [])
    .filter((request) => request.state.dueDate !== undefined && (input.audience === 'partners' || request.state.visibility === 'public'))
    .sort((a, b) => a.id.localeCompare(b.id));
  for (const request of due) {
    const from = input.organisationNames.get(request.state.from) ?? request.state.from;
    const to = input.organisationNames.get(request.state.to) ?? request.state.to;
    const date = request.state.dueDate!;
    calendar.createEvent({
      id: `${request.areaId}/request/${request.id}@partnership-hub`,
      sequence: calendarSequence(request.version),
      start: date,
      end: nextDay(date),
      allDay: true,
      stamp: new Date(request.updatedAt),
      lastModified: new Date(request.updatedAt),
      summary: `Due from ${to}: ${request.state.title} (asked by ${from})`,
      description: summaryOf(request),
      categories: request.state.themes.map((slug) => ({ name: themeName(slug) })),
      url: requestPageUrl(origin, request),
      status: request.state.closed ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  const variations = (input.variations ?? [])
    .filter((variation) => input.audience === 'partners' || variation.state.visibility === 'public')
    .sort((a, b) => calendarUid(a).localeCompare(calendarUid(b)));
  for (const variation of variations) {
    const step = <S extends RecordedVariationStep['step']>(name: S) =>
      variation.state.steps.find((recorded): recorded is Extract<RecordedVariationStep, { step: S }> => recorded.step === name);
    const sent = step('sent-to-panel');
    if (!sent) continue;
    const [report, published] = [step('panel-report'), step('published')];
    const { title, summary, planId, panel } = variation.state;
    const pcc = input.organisationNames.get(variation.organisationId) ?? variation.organisationId;
    const plan = input.planTitles?.get(`${variation.organisationId}/${planId}`) ?? `plan ${planId}`;
    const date = sent.responseDueDate;
    calendar.createEvent({
      id: calendarUid({ ...variation, id: `variation/${variation.id}/panel-report` }),
      sequence: calendarSequence(variation.version),
      start: date,
      end: nextDay(date),
      allDay: true,
      stamp: new Date(variation.updatedAt),
      lastModified: new Date(variation.updatedAt),
      summary: `Due from ${input.organisationNames.get(panel) ?? panel}: the panel's report on ${title}, a variation of ${plan} (${pcc})`,
      description: [
        `${title}, a variation of ${plan}: ${summary}`,
        `Sent to the panel on ${sent.on}; its report is due by the end of ${date} (Europe/London).`,
        report ? `The panel reported on ${report.on}.` : '',
        published ? `Published on ${published.on}.` : '',
      ]
        .filter(Boolean)
        .join(' '),
      url: variationPageUrl(origin, variation),
      status: report || published ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  // ical-generator escapes iCalendar's special characters but passes control characters through.
  return xmlSafe(calendar.toString());
}
