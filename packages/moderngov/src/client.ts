import { getText, OutboundRequestError, type Resolve, UnsafeEndpointError } from '@partnership-hub/outbound';
import pLimit from 'p-limit';
import {
  type MeetingLookup,
  ModernGovError,
  parseCommittees,
  parseMeeting,
  parseMeetings,
  type SourceCommittee,
  type SourceMeetings,
} from './parse.ts';
import { sourceDate } from './text.ts';

/** Names the hub to the council: many sites sit behind a firewall that answers 403 to unknown clients. */
export const USER_AGENT = 'PartnershipHub-ModernGov/1 (Partnership Hub work-programme connector; read-only)';

export interface ModernGovClientOptions {
  /** The council's site (`https://democracy.example.gov.uk`), with or without `/mgWebService.asmx`. */
  baseUrl: string;
  /** `HUB_ALLOW_LOOPBACK_WEBHOOKS=1`: plain http to loopback, for tests and local use. */
  allowLoopback: boolean;
  resolve?: Resolve;
  /** Per request, connection to last byte (default 20 s). */
  timeoutMs?: number;
  /** Requests in flight at once to this council (default 4). */
  concurrency?: number;
  userAgent?: string;
}

export interface ModernGovClient {
  /** The site, normalised: no trailing slash, no `/mgWebService.asmx`. */
  readonly site: string;
  committees(): Promise<SourceCommittee[]>;
  /** GetMeetings for the dates given (yyyy-mm-dd, inclusive; sent as dd/mm/yyyy). */
  meetings(committeeId: string, from: string, to: string): Promise<SourceMeetings>;
  meeting(meetingId: string): Promise<MeetingLookup>;
}

const WORDING = {
  urls: 'ModernGov URLs',
  publicOnly: "the hub only reads a council's web service at public internet addresses",
  noCredentials: 'the web service is public and needs none',
};

export const siteOf = (baseUrl: string) =>
  baseUrl
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/mgWebService\.asmx$/i, '');

/**
 * The council's web service over plain HTTP GET, under the webhook rules (@partnership-hub/outbound).
 * A client is made per council and run, and its limiter keeps a few requests at once in flight, so
 * a committee with hundreds of meetings never floods a council's server.
 */
export function createModernGovClient(options: ModernGovClientOptions): ModernGovClient {
  const site = siteOf(options.baseUrl);
  const limit = pLimit(options.concurrency ?? 4);
  const get = (operation: string, query: Record<string, string>) =>
    limit(async () => {
      const url = new URL(`${site}/mgWebService.asmx/${operation}`);
      for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
      let answer: Awaited<ReturnType<typeof getText>>;
      try {
        answer = await getText(url.href, {
          allowLoopback: options.allowLoopback,
          ...(options.resolve ? { resolve: options.resolve } : {}),
          wording: WORDING,
          userAgent: options.userAgent ?? USER_AGENT,
          accept: 'text/xml, application/xml',
          ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        });
      } catch (error) {
        if (error instanceof OutboundRequestError) throw new ModernGovError(error.url, error.reason);
        if (error instanceof UnsafeEndpointError) throw new ModernGovError(url.href, `refused: ${error.message}`);
        throw error;
      }
      if (answer.status !== 200) {
        const text = answer.body.replace(/\s+/g, ' ').trim().slice(0, 200);
        throw new ModernGovError(url.href, `answered HTTP ${answer.status}${text ? `: ${text}` : ''}`);
      }
      return { url: url.href, ...answer };
    });
  return {
    site,
    async committees() {
      const answer = await get('GetCommittees', {});
      return parseCommittees(answer.url, answer.body, answer.contentType);
    },
    async meetings(committeeId, from, to) {
      const answer = await get('GetMeetings', { lCommitteeId: committeeId, sFromDate: sourceDate(from), sToDate: sourceDate(to) });
      return parseMeetings(answer.url, answer.body, answer.contentType, committeeId);
    },
    async meeting(meetingId) {
      const answer = await get('GetMeeting', { lMeetingId: meetingId });
      return parseMeeting(answer.url, answer.body, answer.contentType, meetingId);
    },
  };
}
