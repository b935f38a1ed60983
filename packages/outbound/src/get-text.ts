import http from 'node:http';
import https from 'node:https';
import { TextDecoder } from 'node:util';
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
      response.on('end', () => {
        const contentType = String(response.headers['content-type'] ?? '');
        const decoded = decodeBody(Buffer.concat(chunks), contentType, status >= 200 && status < 300);
        if (typeof decoded === 'string') settle(() => resolve({ status, contentType, body: decoded }));
        else fail(decoded.refused);
      });
      response.on('error', (error: NodeJS.ErrnoException) => fail(`the answer broke off: ${error.code ?? error.message}`));
    });
    const timer = setTimeout(() => {
      fail(`no complete answer within ${timeoutMs / 1000} s`);
      request.destroy();
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => fail(`could not connect: ${error.code ?? error.message}`));
  });
}

/**
 * Windows-1252 (what the WHATWG decoders read for "iso-8859-1" and "latin1" too, as browsers do:
 * servers that say Latin-1 send Windows' quotes and dashes). Written here because Node 20's
 * TextDecoder reads it as ISO-8859-1, turning “ and ” into C1 controls; its bytes 0x80–0x9F are:
 */
const CP1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
const windows1252 = (bytes: Buffer) => bytes.toString('latin1').replace(/[\x80-\x9f]/g, (char) => CP1252_HIGH[char.charCodeAt(0) - 0x80]!);

/** The character set an answer declares, and where: its byte order mark, its Content-Type, or its XML declaration. */
function declaredCharset(bytes: Buffer, contentType: string): { label: string; by: string } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { label: 'utf-8', by: 'its byte order mark' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { label: 'utf-16le', by: 'its byte order mark' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { label: 'utf-16be', by: 'its byte order mark' };
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1];
  if (charset) return { label: charset, by: 'its Content-Type' };
  // XML in UTF-16 without a byte order mark still starts "<?" (XML 1.0, appendix F).
  if (bytes[0] === 0x3c && bytes[1] === 0 && bytes[2] === 0x3f && bytes[3] === 0) return { label: 'utf-16le', by: 'its XML declaration' };
  if (bytes[0] === 0 && bytes[1] === 0x3c && bytes[2] === 0 && bytes[3] === 0x3f) return { label: 'utf-16be', by: 'its XML declaration' };
  const encoding = /^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
  // An XML declaration read as ASCII that names UTF-16 is wrong about itself (.NET writes one for
  // text it then sends as UTF-8): the bytes are not UTF-16, so it is read as if undeclared.
  if (encoding && !/^utf-?16/i.test(encoding)) return { label: encoding, by: 'its XML declaration' };
  return undefined;
}

/**
 * The answer's bytes as text, in the character set it declares (a byte order mark first, then the
 * Content-Type's charset, then an XML declaration's encoding, as RFC 7303 reads XML), with the
 * WHATWG decoders Node has (ISO-8859-1 is read as Windows-1252, as browsers do). Undeclared, it
 * must be UTF-8: anything else would become U+FFFD or NULs without a word, so it is refused, as is
 * text that is not what it declares. An error status's body is only quoted in an error, so it is
 * decoded as best it can be rather than refused.
 */
function decodeBody(bytes: Buffer, contentType: string, strict: boolean): string | { refused: string } {
  const declared = declaredCharset(bytes, contentType);
  let refused: string;
  if (declared) {
    let decoder: TextDecoder | undefined;
    try {
      decoder = new TextDecoder(declared.label, { fatal: true });
    } catch {
      refused = `answered text in the character set "${declared.label}" (so says ${declared.by}), which the hub cannot read`;
    }
    if (decoder?.encoding === 'windows-1252') return windows1252(bytes);
    if (decoder) {
      try {
        return decoder.decode(bytes);
      } catch {
        refused = `answered text that is not valid ${decoder.encoding}, though ${declared.by} says it is`;
      }
    }
  } else if (bytes.includes(0)) {
    refused = 'answered text holding NUL bytes (UTF-16, perhaps) without saying which character set it is in';
  } else {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      refused =
        'answered text that is not UTF-8 without saying which character set it is in (no charset in its Content-Type, no XML declaration)';
    }
  }
  return strict ? { refused: refused! } : new TextDecoder('utf-8').decode(bytes).replaceAll('\0', '');
}
