import { clean, clockTime, flag, isoDate, plainText, unescapeTitle } from './text.ts';
import { NotWellFormedXml, readXml } from './xml.ts';

/** A response the connector cannot use; the message names the URL and what was wrong with it. */
export class ModernGovError extends Error {
  override name = 'ModernGovError';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url}: ${reason}`);
  }
}

export interface SourceCommittee {
  committeeId: string;
  title: string;
  category?: string;
  deleted: boolean;
  expired: boolean;
}

/** A meeting as GetMeetings lists it. */
export interface SourceMeetingSummary {
  meetingId: string;
  /** yyyy-mm-dd. */
  date: string;
  status: string;
  time?: string;
}

export interface SourceLink {
  title: string;
  url: string;
  restricted: boolean;
}

export interface SourceAgendaItem {
  agendaItemId: string;
  /** The printed number without its trailing full stop ("1." → "1"). */
  number: string;
  title: string;
  /** agendatext as plain text (Word's markup removed). */
  text: string;
  restricted: boolean;
  links: SourceLink[];
}

/** A meeting as GetMeeting answers it. */
export interface SourceMeeting extends SourceMeetingSummary {
  location?: string;
  agenda: SourceAgendaItem[];
}

export interface SourceMeetings {
  committeeId: string;
  committeeTitle: string;
  meetings: SourceMeetingSummary[];
}

/** GetMeeting's answer: the meeting, or `gone` when the service no longer shows it. */
export type MeetingLookup = { gone: false; meeting: SourceMeeting } | { gone: true; why: string };

/** The elements that repeat: a list even when one came (a whitespace-only one is no entry at all). */
const REPEATED = new Set(['committee', 'meeting', 'agendaitem', 'linkeddoc']);

type Node = Record<string, unknown>;

/** A child element as an object; "" (whitespace only) or missing → an empty one. */
const element = (value: unknown): Node => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : {});
const elements = (value: unknown): Node[] => (Array.isArray(value) ? value.filter((entry) => entry && typeof entry === 'object') : []);

const snippet = (body: string) => {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
};

/**
 * The answer's body as the XML document of the operation: HTML (some sites answer 200 with a web
 * page), text that is not well-formed XML and XML with another root element are all errors.
 */
export function parseDocument(url: string, answered: string, contentType: string, root: string): Node {
  // ASP.NET may put a byte order mark before the XML declaration; it is not part of the document.
  const body = answered.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new ModernGovError(url, `answered nothing (an empty body), not the <${root}> XML document expected`);
  const start = body.trimStart().slice(0, 200).toLowerCase();
  if (contentType.toLowerCase().includes('text/html') || start.startsWith('<!doctype html') || start.startsWith('<html'))
    throw new ModernGovError(
      url,
      `answered with an HTML page (${contentType || 'no content type'}), not the <${root}> XML document expected`,
    );
  let document: ReturnType<typeof readXml>;
  try {
    document = readXml(body, REPEATED);
  } catch (error) {
    if (!(error instanceof NotWellFormedXml)) throw error;
    throw new ModernGovError(url, `answered text that is not well-formed XML (${error.message}): "${snippet(body)}"`);
  }
  if (document.name !== root) throw new ModernGovError(url, `answered XML whose root is <${document.name}>, not the <${root}> expected`);
  return element(document.value);
}

export function parseCommittees(url: string, body: string, contentType = ''): SourceCommittee[] {
  const root = parseDocument(url, body, contentType, 'committees');
  return elements(root.committee).map((committee) => {
    const committeeId = clean(committee.committeeid);
    if (!committeeId) throw new ModernGovError(url, 'lists a committee without a committeeid');
    const category = unescapeTitle(committee.committeecategory);
    return {
      committeeId,
      title: unescapeTitle(committee.committeetitle),
      ...(category ? { category } : {}),
      deleted: flag(committee.committeedeleted),
      expired: flag(committee.committeeexpired),
    };
  });
}

function summary(url: string, meeting: Node): SourceMeetingSummary {
  const meetingId = clean(meeting.meetingid);
  if (!meetingId) throw new ModernGovError(url, 'lists a meeting without a meetingid');
  const date = isoDate(meeting.meetingdate);
  if (!date)
    throw new ModernGovError(
      url,
      `meeting ${meetingId} has the date ${JSON.stringify(clean(meeting.meetingdate))}, which is not dd/mm/yyyy`,
    );
  const time = clockTime(meeting.meetingtime);
  return { meetingId, date, status: clean(meeting.meetingstatus), ...(time ? { time } : {}) };
}

/**
 * GetMeetings. With `asked`, the committee asked for: an answer about any other committee is
 * refused, since its meetings would be stored as the asked committee's.
 */
export function parseMeetings(url: string, body: string, contentType = '', asked?: string): SourceMeetings {
  const root = parseDocument(url, body, contentType, 'getmeetings');
  const committees = elements(root.committee);
  for (const entry of committees) {
    const committeeId = clean(entry.committeeid);
    if (asked !== undefined && committeeId !== asked)
      throw new ModernGovError(
        url,
        `answered with the meetings of committee ${JSON.stringify(committeeId)}, not committee ${asked} as asked`,
      );
  }
  const committee = committees[0] ?? {};
  return {
    committeeId: clean(committee.committeeid),
    committeeTitle: unescapeTitle(committee.committeetitle),
    meetings: committees.flatMap((entry) => elements(element(entry.committeemeetings).meeting).map((meeting) => summary(url, meeting))),
  };
}

function agendaItem(item: Node): SourceAgendaItem {
  const number = clean(item.fulldisplaynumberformat).replace(/\.$/, '') || clean(item.agendaitemnumber);
  return {
    agendaItemId: clean(item.agendaitemid),
    number,
    title: unescapeTitle(item.agendaitemtitle),
    text: plainText(item.agendatext),
    restricted: flag(item.isrestricted),
    links: elements(element(item.linkeddocuments).linkeddoc)
      .map((document) => ({ title: unescapeTitle(document.title), url: clean(document.url), restricted: flag(document.isrestricted) }))
      .filter((link) => link.url !== ''),
  };
}

/**
 * GetMeeting. A well-formed <meeting> with no meetingid, or one the council no longer allows to be
 * displayed, is the service saying the meeting is gone; any other failure is an error, never "gone".
 * With `asked`, the meeting asked for: an answer about another meeting is refused, since it would
 * be stored as a meeting the council never listed.
 */
export function parseMeeting(url: string, body: string, contentType = '', asked?: string): MeetingLookup {
  const meeting = parseDocument(url, body, contentType, 'meeting');
  const meetingId = clean(meeting.meetingid);
  if (!meetingId) return { gone: true, why: 'GetMeeting answered an empty meeting' };
  if (asked !== undefined && meetingId !== asked)
    throw new ModernGovError(url, `answered with meeting ${JSON.stringify(meetingId)}, not meeting ${asked} as asked`);
  if (clean(meeting.isdisplayallowed) === 'False') return { gone: true, why: 'the council no longer displays it' };
  const location = clean(meeting.meetinglocation).replace(/\s+/g, ' ');
  return {
    gone: false,
    meeting: {
      ...summary(url, meeting),
      ...(location ? { location } : {}),
      agenda: elements(element(meeting.agendaitems).agendaitem)
        .filter((item) => clean(item.isdisplayallowed) !== 'False')
        .map(agendaItem),
    },
  };
}
