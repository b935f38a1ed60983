import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake of a council's ModernGov web service on loopback, for tests, the bench and local trials:
 * it answers `<url>/mgWebService.asmx/<Operation>?…` with whatever the routes say (recorded files,
 * variations of them, generated documents, errors, delays), and records what it was asked.
 */
export interface FakeAnswer {
  status?: number;
  contentType?: string;
  /** Text is sent as UTF-8; bytes as they are (an answer in another character set). */
  body: string | Uint8Array;
  /** Wait this long before answering (a slow or hanging council). */
  delayMs?: number;
}

export type FakeRoutes = (operation: string, query: URLSearchParams) => FakeAnswer | undefined;

export interface FakeRequest {
  operation: string;
  query: URLSearchParams;
  userAgent: string | undefined;
}

export interface FakeModernGov {
  /** The site's base URL (http://127.0.0.1:port). */
  url: string;
  requests: FakeRequest[];
  /** The most requests it had in flight at once. */
  maxInFlight: number;
  /** Total time spent producing answers (excluding delays asked for), ms. */
  answeringMs: number;
  stop(): Promise<void>;
}

export const xml = (body: string): FakeAnswer => ({ contentType: 'text/xml; charset=utf-8', body });

export async function startFakeModernGov(routes: FakeRoutes): Promise<FakeModernGov> {
  let inFlight = 0;
  const fake: FakeModernGov = {
    url: '',
    requests: [],
    maxInFlight: 0,
    answeringMs: 0,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    inFlight += 1;
    fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
    try {
      const started = performance.now();
      const url = new URL(request.url ?? '/', 'http://fake');
      const match = /\/mgWebService\.asmx\/([A-Za-z]+)$/.exec(url.pathname);
      const operation = match?.[1] ?? '';
      fake.requests.push({ operation, query: url.searchParams, userAgent: request.headers['user-agent'] });
      // ASP.NET's own words for an unknown operation, as a plain-text 500.
      const answer = routes(operation, url.searchParams) ?? {
        status: 500,
        contentType: 'text/plain; charset=utf-8',
        body: `${operation || url.pathname} Web Service method name is not valid.`,
      };
      fake.answeringMs += performance.now() - started;
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      if (response.destroyed) return;
      response.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'text/xml; charset=utf-8' });
      response.end(answer.body);
    } finally {
      inFlight -= 1;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/* ---------- generated documents, in the recorded shape and with its quirks ---------- */

export interface FakeAgendaItem {
  id: number;
  number: string;
  title: string;
  restricted?: boolean;
  papers?: { id: number; title: string; restricted?: boolean }[];
}

export interface FakeMeeting {
  id: number;
  /** dd/mm/yyyy, as the service writes it. */
  date: string;
  status: string;
  time: string;
  location?: string;
  agenda: FakeAgendaItem[];
}

/** XML escaping, then the service's second escaping of titles (`'` → `&amp;#39;`). */
const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const twice = (text: string) => escapeXml(escapeXml(text).replaceAll("'", '&#39;'));

export function meetingsXml(
  committee: { id: number; title: string },
  meetings: Pick<FakeMeeting, 'id' | 'date' | 'status' | 'time'>[],
): string {
  const items = meetings
    .map(
      (meeting) => `      <meeting>
        <meetingid>${meeting.id}</meetingid>
        <meetingdate>${meeting.date}</meetingdate>
        <meetingstatus>${escapeXml(meeting.status)}</meetingstatus>
        <meetingtime>${meeting.time}</meetingtime>
        <iswebcast>False</iswebcast>
      </meeting>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<getmeetings>
  <meetingscount> ${meetings.length}</meetingscount>
  <committeescount> 1</committeescount>
  <committee>
    <committeeid>${committee.id}</committeeid>
    <committeetitle>${escapeXml(committee.title)}</committeetitle>
    <committeemeetingcount> ${meetings.length}</committeemeetingcount>
    <committeemeetings>
${items || '    '}
    </committeemeetings>
  </committee>
</getmeetings>
`;
}

export function meetingXml(meeting: FakeMeeting): string {
  const items = meeting.agenda
    .map((item) => {
      const papers = (item.papers ?? [])
        .map(
          (paper) => `        <linkeddoc>
          <attachmentid>${paper.id}</attachmentid>
          <title>${twice(paper.title)}</title>
          <isurl>False</isurl>
          <url>https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=${paper.id}</url>
          <isrestricted>${paper.restricted ? 'True' : 'False'}</isrestricted>
          <restrictionsRef>
          </restrictionsRef>
        </linkeddoc>`,
        )
        .join('\n');
      return `    <agendaitem>
      <agendaitemid>${item.id}</agendaitemid>
      <agendaitemtitle>${twice(item.title)}</agendaitemtitle>
      <agendatext>${escapeXml(`<div class="WordSection1">\n<p class="MsoNormal">${escapeXml(item.title)}.</p>\n</div>`)}
</agendatext>
      <agendaitemsubnumber>
      </agendaitemsubnumber>
      <fulldisplaynumberformat>${item.number}.</fulldisplaynumberformat>
      <isrestricted>${item.restricted ? 'True' : 'False'}</isrestricted>
      <isdisplayallowed>True</isdisplayallowed>
${papers ? `      <linkeddocuments>\n${papers}\n      </linkeddocuments>\n` : ''}    </agendaitem>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<meeting>
  <meetingid>${meeting.id}</meetingid>
  <meetingdate>${meeting.date}</meetingdate>
  <meetingstatus>${escapeXml(meeting.status)}</meetingstatus>
  <isdisplayallowed>True</isdisplayallowed>
  <meetingtime>${meeting.time}</meetingtime>
  <meetingactualstarttime>
  </meetingactualstarttime>
  <meetinglocation>${escapeXml(meeting.location ?? '')}</meetinglocation>
  <agendaitems>
${items || '  '}
  </agendaitems>
  <attendees>
  </attendees>
</meeting>
`;
}
