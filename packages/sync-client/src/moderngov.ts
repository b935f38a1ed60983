import {
  createModernGovClient,
  type HubMeeting,
  type ImportReport,
  importCommittee,
  type MeetingPayload,
  type MeetingWriter,
  sameMeeting,
  type WriteResult,
} from '@partnership-hub/moderngov';

export interface HubMeetingsOptions {
  /** The hub's base URL. */
  url: string;
  /** The body's key. */
  key: string;
  area: string;
  organisation: string;
  fetch?: typeof fetch;
}

/**
 * A body's meetings through the hub's API: GET …/meetings for what the hub holds, and one PUT per
 * meeting, with If-Match "version" when it replaces one (a meeting changed on the hub since it was
 * read answers 412, and is reported rather than overwritten), and If-None-Match: * when it creates
 * one. The list leaves out meetings the body withdrew, so a create's 412 is how one is found: the
 * meeting is read, and one not found (withdrawn) or different (written meanwhile) is left as it is.
 */
export function hubMeetingWriter(options: HubMeetingsOptions): MeetingWriter {
  const send = options.fetch ?? fetch;
  const base = `${options.url.replace(/\/$/, '')}/v1/areas/${encodeURIComponent(options.area)}/organisations/${encodeURIComponent(options.organisation)}/meetings`;
  const authorization = `Bearer ${options.key}`;
  /** The meeting a create found under its id: withdrawn (not found), the same as the payload (a list behind the log), or another. */
  const existingAt = async (url: string, payload: MeetingPayload): Promise<WriteResult> => {
    const response = await send(url, { headers: { accept: 'application/json', authorization } });
    if (response.status === 404) return { existing: 'withdrawn' };
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    const meeting = (await response.json()) as HubMeeting;
    return sameMeeting(payload, meeting) ? { version: meeting.version, unchanged: true } : { existing: 'live' };
  };
  return {
    async list() {
      const response = await send(base, { headers: { accept: 'application/json', authorization } });
      if (!response.ok) throw new Error(`${base} answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { meetings: HubMeeting[] }).meetings;
    },
    async put(id: string, payload: MeetingPayload, expectedVersion: number | undefined) {
      const url = `${base}/${encodeURIComponent(id)}`;
      const response = await send(url, {
        method: 'PUT',
        headers: {
          authorization,
          'content-type': 'application/json',
          ...(expectedVersion !== undefined ? { 'if-match': `"${expectedVersion}"` } : { 'if-none-match': '*' }),
        },
        body: JSON.stringify(payload),
      });
      if (response.status === 412 && expectedVersion === undefined) return existingAt(url, payload);
      if (!response.ok) throw new Error(`PUT ${url} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      return { version: ((await response.json()) as { version: number }).version };
    },
  };
}

export interface ModernGovImportOptions {
  baseUrl: string;
  committee: string;
  hub: HubMeetingsOptions;
  allowLoopback: boolean;
  daysBack?: number;
  daysAhead?: number;
  now?: Date;
  progress?: (line: string) => void;
}

/** One committee's meetings from a council's ModernGov into a body's meetings on a hub. */
export function importFromModernGov(options: ModernGovImportOptions): Promise<ImportReport> {
  return importCommittee({
    client: createModernGovClient({ baseUrl: options.baseUrl, allowLoopback: options.allowLoopback }),
    writer: hubMeetingWriter(options.hub),
    committeeId: options.committee,
    now: options.now ?? new Date(),
    ...(options.daysBack !== undefined ? { daysBack: options.daysBack } : {}),
    ...(options.daysAhead !== undefined ? { daysAhead: options.daysAhead } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
}
