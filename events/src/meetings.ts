import * as z from 'zod';
import { once } from './lazy.ts';
import { inputText, recordedText, WebAddress } from './text.ts';
import { IsoDate, ItemId, Themes, Visibility } from './vocabulary.ts';

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
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day written HH:MM (24-hour clock, Europe/London), e.g. 18:00');

/** An id in the source system: ModernGov's are numbers, sent as numbers or as text; kept as written. */
const SourceId = z.union([
  z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 letters, digits, ".", "_" or "-"'),
  z.number().int().min(0),
]);

/**
 * Where an imported meeting came from: the committee-management system and its own ids, so that
 * a connector finds the meeting it imported before and never duplicates it. Named `origin`
 * because `source` on a write is the document that records the change (see change.ts).
 */
export const MeetingOrigin = z
  .strictObject({ system: z.literal('moderngov'), committeeId: SourceId, meetingId: SourceId })
  .meta({ id: 'MeetingOrigin', description: 'The system an imported meeting came from, with its committee and meeting ids there.' });
export type MeetingOrigin = z.infer<typeof MeetingOrigin>;

const meetingState = (line: (max: number) => z.ZodString) =>
  z.object({
    title: line(200),
    date: IsoDate,
    time: ClockTime.optional(),
    location: line(300).optional(),
    status: MeetingStatus,
    agenda: z
      .array(
        z.strictObject({
          /** As the agenda numbers it: "1", "5a", "7.1". */
          number: line(20),
          title: line(500),
          themes: Themes.optional(),
          /** Exempt information: partners of the area see it, the public sees "Restricted item" and its number. */
          restricted: z.boolean().optional(),
          /** The body's own work programme item this item takes to the meeting. */
          workProgrammeItemId: ItemId.optional(),
          /** The item's papers; a restricted one is shown to partners only. */
          links: z
            .array(z.strictObject({ title: line(300), url: WebAddress, restricted: z.boolean().optional() }))
            .max(50)
            .optional(),
        }),
      )
      .max(200)
      .default([]),
    links: z
      .array(z.strictObject({ title: line(300), url: WebAddress }))
      .max(50)
      .optional(),
    origin: MeetingOrigin.optional(),
    visibility: Visibility,
  });

/** A meeting as a body sends it. Marked pure, as PriorityState is: only the API builds it. */
export const MeetingState = /* @__PURE__ */ meetingState((max) => inputText(max));
/** A meeting as the event log holds it. */
export const recordedMeetingState = once(() => meetingState(recordedText));
export type MeetingState = z.infer<typeof MeetingState>;
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
