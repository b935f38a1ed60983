import type { MeetingPayload, MeetingStatus } from './meeting.ts';
import type { SourceMeeting } from './parse.ts';

/**
 * A source status starting "Cancelled" is `cancelled`; otherwise a meeting dated before today
 * (Europe/London) has been `held`, and one from today on is `confirmed`. ModernGov's statuses go
 * beyond these ("Confirmed; Special Meeting"): only the word before the first ";" decides.
 */
export function meetingStatus(sourceStatus: string, date: string, today: string): MeetingStatus {
  if (/^cancel+ed/i.test(sourceStatus.trim())) return 'cancelled';
  return date < today ? 'held' : 'confirmed';
}

export interface Committee {
  committeeId: string;
  title: string;
}

/**
 * The hub's meeting for a source meeting. The title is the committee's, with what the status adds
 * after ";" ("Precept Meeting"); imported meetings are public, as the council's site shows them,
 * and an item or paper the council restricts stays restricted. On an https site the meeting links
 * to its page there (ieListDocuments.aspx, the page every ModernGov site has).
 */
export function toPayload(committee: Committee, meeting: SourceMeeting, context: { today: string; site: string }): MeetingPayload {
  const qualifiers = meeting.status
    .split(';')
    .slice(1)
    .map((part) => part.trim())
    .filter(Boolean);
  const base = committee.title || `Committee ${committee.committeeId}`;
  return {
    title: qualifiers.length > 0 ? `${base}: ${qualifiers.join(', ')}` : base,
    date: meeting.date,
    ...(meeting.time ? { time: meeting.time } : {}),
    ...(meeting.location ? { location: meeting.location } : {}),
    status: meetingStatus(meeting.status, meeting.date, context.today),
    agenda: meeting.agenda.map((item) => ({
      number: item.number,
      title: item.title,
      ...(item.restricted ? { restricted: true } : {}),
      ...(item.links.length > 0
        ? {
            links: item.links.map((link) => ({
              title: link.title || 'Document',
              url: link.url,
              ...(link.restricted ? { restricted: true } : {}),
            })),
          }
        : {}),
    })),
    ...(context.site.startsWith('https://')
      ? {
          links: [
            {
              title: "The meeting on the council's website",
              url: `${context.site}/ieListDocuments.aspx?MId=${encodeURIComponent(meeting.meetingId)}`,
            },
          ],
        }
      : {}),
    visibility: 'public',
    origin: { system: 'moderngov', committeeId: committee.committeeId, meetingId: meeting.meetingId },
  };
}
