import type { AgendaItem, MeetingPayload, MeetingStatus } from './meeting.ts';
import type { SourceMeeting } from './parse.ts';
import { hubLine } from './text.ts';

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

/** The title of the link each imported meeting has to its page on the council's site. */
export const COUNCIL_PAGE_TITLE = "The meeting on the council's website";

/** The hub's limits on a meeting's text and lists (events' meetings.ts), which the council's data is fitted to. */
const LIMITS = { title: 200, location: 300, agendaTitle: 500, paperTitle: 300, papers: 50, links: 50, address: 2000 };

/** Text over a limit, cut to end with "…" (never between the two halves of a surrogate pair). */
function fitted(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** A paper's address a page can link to: absolute http or https, as the hub's WebAddress takes it. */
function isWebAddress(url: string): boolean {
  if (url.length > LIMITS.address) return false;
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

const quoted = (title: string) => JSON.stringify(fitted(title, 60));

/**
 * The hub's meeting for a source meeting. The title is the committee's, with what the status adds
 * after ";" ("Precept Meeting"); imported meetings are public, as the council's site shows them,
 * and an item or paper the council restricts stays restricted. On an https site the meeting links
 * to its page there (ieListDocuments.aspx, the page every ModernGov site has).
 *
 * The council's text is fitted to the hub's rules where that loses nothing a reader needs, so one
 * odd value does not keep the meeting out run after run: characters that mean nothing are dropped
 * (hubLine), a title or place over the hub's length is cut with "…", a paper whose address is not
 * an absolute web address is left out, and an item's papers past the hub's 50 are left to the
 * council's page. Each such change is told in `notes`. Anything else the hub refuses (an agenda
 * item with no title or number, a number over 20 characters, more than 200 items) is left for the
 * meetings' own schema to refuse, in its words.
 */
export function toPayload(
  committee: Committee,
  meeting: SourceMeeting,
  context: { today: string; site: string; notes?: string[] },
): MeetingPayload {
  const note = (text: string) => context.notes?.push(text);
  const line = (value: string, max: number, what: string) => {
    const text = hubLine(value);
    if (text.length > max) note(`${what} has ${text.length} characters, more than the hub's ${max}: cut to fit`);
    return fitted(text, max);
  };
  const qualifiers = meeting.status
    .split(';')
    .slice(1)
    .map((part) => part.trim())
    .filter(Boolean);
  const base = committee.title || `Committee ${committee.committeeId}`;
  const location = meeting.location ? line(meeting.location, LIMITS.location, 'the location') : '';
  return {
    title: line(qualifiers.length > 0 ? `${base}: ${qualifiers.join(', ')}` : base, LIMITS.title, 'the title'),
    date: meeting.date,
    ...(meeting.time ? { time: meeting.time } : {}),
    ...(location ? { location } : {}),
    status: meetingStatus(meeting.status, meeting.date, context.today),
    agenda: meeting.agenda.map((item) => {
      const number = hubLine(item.number);
      const where = `agenda item ${number || '(no number)'}`;
      const papers = item.links.filter((link) => {
        if (isWebAddress(link.url)) return true;
        note(
          `${where}: the paper ${quoted(hubLine(link.title) || 'Document')} is left out: its address is not a web address (http or https)`,
        );
        return false;
      });
      if (papers.length > LIMITS.papers)
        note(
          `${where}: ${papers.length} papers, more than the hub's ${LIMITS.papers}: the first ${LIMITS.papers} are linked, the rest are on the council's page`,
        );
      return {
        number,
        title: line(item.title, LIMITS.agendaTitle, `${where}'s title`),
        ...(item.restricted ? { restricted: true } : {}),
        ...(papers.length > 0
          ? {
              links: papers.slice(0, LIMITS.papers).map((link) => ({
                title: line(link.title, LIMITS.paperTitle, `${where}: a paper's title`) || 'Document',
                url: link.url,
                ...(link.restricted ? { restricted: true } : {}),
              })),
            }
          : {}),
      };
    }),
    ...(context.site.startsWith('https://')
      ? {
          links: [
            {
              title: COUNCIL_PAGE_TITLE,
              url: `${context.site}/ieListDocuments.aspx?MId=${encodeURIComponent(meeting.meetingId)}`,
            },
          ],
        }
      : {}),
    visibility: 'public',
    origin: { system: 'moderngov', committeeId: committee.committeeId, meetingId: meeting.meetingId },
  };
}

/**
 * The council's meeting with what only the hub has carried over from the hub's copy, so a run
 * replaces only what the council's data says: the meeting's visibility (a body may keep one to
 * its partners), each agenda item's themes and work programme item, and links the body added to
 * the meeting. Agenda items are matched by number and title, then by number, then by title (an
 * item the council renumbered or retitled keeps them; one it both renumbered and retitled does
 * not). A restriction is never lifted by a run: an item or paper the hub holds restricted stays
 * so, whoever restricted it, because lifting it would show the public what someone chose to keep
 * from them; the body can lift it by hand.
 */
export function withHubFields(payload: MeetingPayload, existing: MeetingPayload): MeetingPayload {
  const unmatched = [...existing.agenda];
  const matched: (AgendaItem | undefined)[] = payload.agenda.map(() => undefined);
  const passes: ((item: AgendaItem, before: AgendaItem) => boolean)[] = [
    (item, before) => item.number === before.number && item.title === before.title,
    (item, before) => item.number === before.number,
    (item, before) => item.title === before.title,
  ];
  for (const same of passes)
    payload.agenda.forEach((item, index) => {
      if (matched[index]) return;
      const at = unmatched.findIndex((before) => same(item, before));
      if (at !== -1) matched[index] = unmatched.splice(at, 1)[0];
    });
  const agenda = payload.agenda.map((item, index): AgendaItem => {
    const before = matched[index];
    if (!before) return item;
    const restrictedPapers = new Set((before.links ?? []).filter((link) => link.restricted).map((link) => link.url));
    return {
      ...item,
      ...(before.themes?.length ? { themes: before.themes } : {}),
      ...(before.workProgrammeItemId ? { workProgrammeItemId: before.workProgrammeItemId } : {}),
      ...(item.restricted || before.restricted ? { restricted: true } : {}),
      ...(item.links ? { links: item.links.map((link) => (restrictedPapers.has(link.url) ? { ...link, restricted: true } : link)) } : {}),
    };
  });
  const councilLinks = payload.links ?? [];
  const bodyLinks = (existing.links ?? []).filter(
    (link) => link.title !== COUNCIL_PAGE_TITLE && !councilLinks.some((ours) => ours.url === link.url),
  );
  const links = [...councilLinks, ...bodyLinks].slice(0, LIMITS.links);
  const { links: _links, ...rest } = payload;
  return { ...rest, agenda, ...(links.length > 0 ? { links } : {}), visibility: existing.visibility };
}
