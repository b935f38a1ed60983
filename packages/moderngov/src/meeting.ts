/**
 * The meeting as the hub's meetings API takes it (PUT /v1/areas/{a}/organisations/{o}/meetings/{id}),
 * declared once here so that the connector, the command line and the hub-side connector agree; if
 * the API's field names move, this is the one place to follow them.
 */
export type MeetingStatus = 'scheduled' | 'confirmed' | 'cancelled' | 'held';

export interface MeetingLink {
  title: string;
  url: string;
  restricted?: boolean;
}

export interface AgendaItem {
  /** The printed number ("5", "5a"), as the council numbers it: numbering need not be contiguous. */
  number: string;
  title: string;
  /** Set on the hub by the body (the council's data has none): kept by every run. */
  themes?: string[];
  /** The body's work programme item this item takes to the meeting, set on the hub: kept by every run. */
  workProgrammeItemId?: string;
  /** Shown to the area's partners only; the public sees "Restricted item" and its number. */
  restricted?: boolean;
  links?: MeetingLink[];
}

/** Where an imported meeting came from: the source's own ids, so it is found again and never duplicated. */
export interface MeetingOrigin {
  system: 'moderngov';
  committeeId: string;
  meetingId: string;
}

export interface MeetingPayload {
  title: string;
  /** YYYY-MM-DD. */
  date: string;
  /** HH:MM, Europe/London. */
  time?: string;
  location?: string;
  status: MeetingStatus;
  agenda: AgendaItem[];
  links?: { title: string; url: string }[];
  visibility: 'public' | 'partners';
  origin?: MeetingOrigin;
}

/** A meeting as the hub lists it: the payload plus its id and version (other fields are ignored). */
export interface HubMeeting extends MeetingPayload {
  id: string;
  version: number;
  /**
   * The body withdrew it on the hub: a run leaves it withdrawn rather than putting it back. Only a
   * writer that sees withdrawn meetings (the hub-side connector's) lists them; the API lists none.
   */
  withdrawn?: boolean;
}

/** The fields a PUT carries, in the order they are compared and sent. */
const PAYLOAD_FIELDS = ['title', 'date', 'time', 'location', 'status', 'agenda', 'links', 'visibility', 'origin'] as const;

/** The payload part of a meeting the hub answered: what to send back to change only its status. */
export function payloadOf(meeting: HubMeeting): MeetingPayload {
  const payload: Record<string, unknown> = {};
  for (const field of PAYLOAD_FIELDS) if (meeting[field] !== undefined) payload[field] = meeting[field];
  return payload as unknown as MeetingPayload;
}

/**
 * The hub id of an imported meeting: derived from the committee's and the meeting's ids at the
 * source, so every run finds the meeting it made before. ModernGov's ids are integers; anything
 * else is refused rather than mangled, since two ids mangled alike would merge two meetings.
 */
export function hubMeetingId(committeeId: string, meetingId: string): string {
  for (const id of [committeeId, meetingId])
    if (!/^[A-Za-z0-9]{1,40}$/.test(id)) throw new Error(`ModernGov id ${JSON.stringify(id)} is not made of letters and digits`);
  return `moderngov-${committeeId}-${meetingId}`;
}

/** Does the hub's meeting say the same as the payload? Absent and empty (or false) say the same. */
export function sameMeeting(payload: MeetingPayload, existing: MeetingPayload): boolean {
  return PAYLOAD_FIELDS.every((field) => canonical(payload[field]) === canonical(existing[field]));
}

function canonical(value: unknown): string {
  return JSON.stringify(normalise(value)) ?? 'null';
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(normalise);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([key, inner]) => [key, normalise(inner)] as const)
      .filter(([, inner]) => inner !== undefined && inner !== false && inner !== '')
      .sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries);
  }
  return value === false || value === '' ? undefined : value;
}
