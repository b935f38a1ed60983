import http from 'node:http';
import https from 'node:https';
import { checkOutboundUrl, type EndpointPolicy, type EndpointWording } from './addresses.ts';
import { pinnedLookup } from './pinned.ts';

export interface GetTextOptions extends EndpointPolicy {
  wording: EndpointWording;
  /** The whole exchange, connection to last byte (default 20 s). */
  timeoutMs?: number;
  userAgent: string;
  /** A larger answer is an error, not a truncated read (default 8 MiB). */
  maxBytes?: number;
  accept?: string;
}

export interface TextAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** Why a GET got no usable answer; the message names the URL. */
export class OutboundRequestError extends Error {
  override name = 'OutboundRequestError';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url}: ${reason}`);
  }
}

/**
 * GETs a URL under the webhook rules: the URL checked (https, every resolved address public, http
 * only to loopback when allowed), the connection pinned to the checked address, redirects not
 * followed (a 3xx is an error naming where it pointed), one deadline for the whole exchange and a
 * cap on the size read. Any HTTP status is answered; the caller decides what an error status means.
 * Node's fetch cannot pin the connection to an address, hence node:http(s) directly.
 */
export async function getText(raw: string, options: GetTextOptions): Promise<TextAnswer> {
  const { url, addresses } = await checkOutboundUrl(raw, options, options.wording);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxBytes = options.maxBytes ?? 8 * 2 ** 20;
  const headers = { 'user-agent': options.userAgent, accept: options.accept ?? '*/*' };
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const fail = (reason: string) => settle(() => reject(new OutboundRequestError(url.href, reason)));
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.get(url, { headers, lookup: pinnedLookup(addresses[0]!), agent: false }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        response.destroy();
        fail(`answered ${status}, a redirect${response.headers.location ? ` to ${response.headers.location}` : ''}, which is not followed`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          response.destroy();
          fail(`the answer is larger than ${maxBytes} bytes`);
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () =>
        settle(() =>
          resolve({ status, contentType: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }),
        ),
      );
      response.on('error', (error: NodeJS.ErrnoException) => fail(`the answer broke off: ${error.code ?? error.message}`));
    });
    const timer = setTimeout(() => {
      fail(`no complete answer within ${timeoutMs / 1000} s`);
      request.destroy();
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => fail(`could not connect: ${error.code ?? error.message}`));
  });
}
