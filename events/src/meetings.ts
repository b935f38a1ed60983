import * as z from 'zod/mini';
import { once } from './lazy.ts';
import { inputText, recordedText, type TextRule, WebAddress } from './text.ts';
import { InputDate, IsoDate, ItemId, Themes, Visibility } from './vocabulary.ts';

/**
 * A body's meeting (a panel or scrutiny committee meeting) with its agenda, as the body, or a
 * connector reading its committee-management system, sends it. Agenda items and papers may be
 * restricted (exempt information): partners of the area see them, the public sees "Restricted
 * item" and its number only (see publicMeeting in the domain).
 */
export const MEETING_STATUSES = ['scheduled', 'confirmed', 'cancelled', 'held'] as const;
export const MeetingStatus = z.enum(MEETING_STATUSES, {
  error: (issue) => `must be one of ${MEETING_STATUSES.join(', ')} (got ${JSON.stringify(issue.input)})`,
});
export type MeetingStatus = z.infer<typeof MeetingStatus>;

/** A time of day on the 24-hour clock, in Europe/London: `18:00`. */
export const ClockTime = z
  .string()
  .check(z.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day written HH:MM (24-hour clock, Europe/London), e.g. 18:00'));

const HOUR_MS = 3_600_000;
let londonClock: Intl.DateTimeFormat | undefined;

/** What a clock in London shows at an instant: `2026-03-29 02:30`. */
function londonWallClock(instant: number): string {
  londonClock ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const parts = Object.fromEntries(londonClock.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/**
 * What is wrong with a meeting's time of day on its date, as the end of a sentence that starts with
 * "time"; undefined when UK clocks show that time that day. The one time they never show is in the
 * hour skipped when the clocks go forward (01:00 to 01:59 on the last Sunday of March): a calendar
 * would move such a meeting an hour on without a word, so the sender is asked what the clocks will say.
 *
 * The hour the clocks go back (01:00 to 01:59 on the last Sunday of October) happens twice, and is
 * accepted: a time in it is the first of the two, in BST (01:30 is 00:30 UTC), which is how a
 * calendar reads the TZID=Europe/London time the calendar feed writes (RFC 5545, 3.3.5).
 */
export function londonTimeProblem(date: string, time: string): string | undefined {
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  // Only a real date and time of day: anything else has a problem of its own, said by the date's or the time's schema.
  if (Number.isNaN(asUtc) || new Date(asUtc).toISOString().slice(0, 16) !== `${date}T${time}`) return undefined;
  // London is 0 or 1 hours ahead of UTC (2 in the war years' double summer time): the time exists when one of those reads back as it.
  if ([0, 1, 2].some((hours) => londonWallClock(asUtc - hours * HOUR_MS) === `${date} ${time}`)) return undefined;
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(asUtc);
  // The UK's clocks have always gone forward on the hour, by one hour: the skipped hour is the one the time is in.
  const hour = Number(time.slice(0, 2));
  const clock = (hours: number) => `${String(hours).padStart(2, '0')}:00`;
  return `is ${time} on ${day}, when the clocks go forward: at ${clock(hour)} they go forward to ${clock(hour + 1)}, so UK clocks never show ${time}. Give the time as UK clocks will show it`;
}

/** An id in the source system: ModernGov's are numbers, sent as numbers or as text; kept as written. */
const SourceId = z.union([
  z.string().check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 letters, digits, ".", "_" or "-"')),
  z.number().check(z.int(), z.gte(0)),
]);

/**
 * Where an imported meeting came from: the committee-management system and its own ids, so that
 * a connector finds the meeting it imported before and never duplicates it. Named `origin`
 * because `source` on a write is the document that records the change (see change.ts).
 */
export const MeetingOrigin = z
  .strictObject({ system: z.literal('moderngov'), committeeId: SourceId, meetingId: SourceId })
  .register(z.globalRegistry, {
    id: 'MeetingOrigin',
    description: 'The system an imported meeting came from, with its committee and meeting ids there.',
  });
export type MeetingOrigin = z.infer<typeof MeetingOrigin>;

const meetingState = (line: TextRule, date: typeof IsoDate) =>
  z.object({
    title: line(200),
    date,
    time: z.optional(ClockTime),
    location: z.optional(line(300)),
    status: MeetingStatus,
    agenda: z._default(
      z
        .array(
          z.strictObject({
            /** As the agenda numbers it: "1", "5a", "7.1". */
            number: line(20),
            title: line(500),
            themes: z.optional(Themes),
            /** Exempt information: partners of the area see it, the public sees "Restricted item" and its number. */
            restricted: z.optional(z.boolean()),
            /** The body's own work programme item this item takes to the meeting. */
            workProgrammeItemId: z.optional(ItemId),
            /** The item's papers; a restricted one is shown to partners only. */
            links: z.optional(
              z.array(z.strictObject({ title: line(300), url: WebAddress, restricted: z.optional(z.boolean()) })).check(z.maxLength(50)),
            ),
          }),
        )
        .check(z.maxLength(200)),
      [],
    ),
    links: z.optional(z.array(z.strictObject({ title: line(300), url: WebAddress })).check(z.maxLength(50))),
    origin: z.optional(MeetingOrigin),
    visibility: Visibility,
  });

/** A meeting as a body sends it. Built on first use and marked pure, as PriorityState is: only the API builds it. */
export const MeetingState = /* @__PURE__ */ once(() => meetingState((max) => inputText(max), InputDate));
/** A meeting as the event log holds it. */
export const recordedMeetingState = once(() => meetingState(recordedText, IsoDate));
export type MeetingState = z.infer<ReturnType<typeof MeetingState>>;
export type AgendaItem = MeetingState['agenda'][number];

/**
 * The themes a meeting is about, for matching subscriptions and feeds: those its unrestricted
 * agenda items name. A restricted item's themes are left out, because a public subscriber told of
 * a meeting for a theme would learn what the restricted item is about.
 */
export function agendaThemes<T extends string>(
  agenda: readonly { themes?: readonly T[] | undefined; restricted?: boolean | undefined }[],
): T[] {
  return [...new Set(agenda.filter((item) => !item.restricted).flatMap((item) => item.themes ?? []))];
}
