import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { getText, OutboundRequestError, UnsafeEndpointError, WEBHOOK_WORDING } from '../src/index.ts';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const options = { allowLoopback: true, wording: WEBHOOK_WORDING, userAgent: 'PartnershipHub-Test/1' };

describe('getText', () => {
  it('answers the status, content type and body, sending the User-Agent', async () => {
    const url = await serve((request, response) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`seen ${request.headers['user-agent']}`);
    });
    expect(await getText(`${url}/x`, options)).toEqual({ status: 500, contentType: 'text/plain', body: 'seen PartnershipHub-Test/1' });
  });

  it('does not follow a redirect, naming where it pointed', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' });
      response.end();
    });
    await expect(getText(`${url}/x`, options)).rejects.toThrow(
      `${url}/x: answered 302, a redirect to http://169.254.169.254/latest/meta-data, which is not followed`,
    );
  });

  it('gives up after the timeout and on an answer larger than the cap', async () => {
    const url = await serve((request, response) => {
      if (request.url === '/slow') return; // never answers
      response.end('x'.repeat(5000));
    });
    await expect(getText(`${url}/slow`, { ...options, timeoutMs: 200 })).rejects.toThrow(`${url}/slow: no complete answer within 0.2 s`);
    await expect(getText(`${url}/big`, { ...options, maxBytes: 1000 })).rejects.toBeInstanceOf(OutboundRequestError);
  });

  it('checks the address first: no loopback unless allowed', async () => {
    const url = await serve((_request, response) => response.end('never'));
    await expect(getText(`${url}/x`, { ...options, allowLoopback: false })).rejects.toBeInstanceOf(UnsafeEndpointError);
  });
});

describe('getText reads the character set the answer declares', () => {
  /** A server answering each path with its bytes and content type. */
  const answering = (answers: Record<string, { type: string; bytes: Buffer; status?: number }>) =>
    serve((request, response) => {
      const answer = answers[request.url ?? '']!;
      response.writeHead(answer.status ?? 200, { 'content-type': answer.type });
      response.end(answer.bytes);
    });
  const latin1 = Buffer.from('<?xml version="1.0"?><meeting><meetinglocation>Café Room</meetinglocation></meeting>', 'latin1');
  const cp1252 = Buffer.concat([Buffer.from('<t>'), Buffer.from([0x93, 0x43, 0x61, 0x66, 0xe9, 0x94]), Buffer.from('</t>')]);
  const utf16 = (text: string, bom = true) =>
    Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);

  it('decodes by the Content-Type, a byte order mark or the XML declaration', async () => {
    const url = await answering({
      '/latin1': { type: 'text/xml; charset=ISO-8859-1', bytes: latin1 },
      '/cp1252': { type: 'text/xml; charset="windows-1252"', bytes: cp1252 },
      '/declared': {
        type: 'text/xml',
        bytes: Buffer.concat([
          Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?>\n<t>'),
          Buffer.from([0x43, 0x61, 0x66, 0xe9]),
          Buffer.from('</t>'),
        ]),
      },
      '/utf16': { type: 'text/xml; charset=utf-16', bytes: utf16('<?xml version="1.0" encoding="utf-16"?><t>Café</t>', false) },
      '/utf16-bom': { type: 'text/xml', bytes: utf16('<t>Café</t>') },
      '/utf8': { type: 'text/xml; charset=utf-8', bytes: Buffer.from('<t>Café ✓</t>') },
    });
    expect((await getText(`${url}/latin1`, options)).body).toContain('<meetinglocation>Café Room</meetinglocation>');
    expect((await getText(`${url}/cp1252`, options)).body).toBe('<t>“Café”</t>');
    expect((await getText(`${url}/declared`, options)).body).toMatch(/<t>Café<\/t>$/);
    expect((await getText(`${url}/utf16`, options)).body).toBe('<?xml version="1.0" encoding="utf-16"?><t>Café</t>');
    expect((await getText(`${url}/utf16-bom`, options)).body).toBe('<t>Café</t>');
    expect((await getText(`${url}/utf8`, options)).body).toBe('<t>Café ✓</t>');
  });

  it('refuses text that does not say its character set and is not UTF-8, and text that is not what it declares', async () => {
    const url = await answering({
      '/latin1': { type: 'text/xml', bytes: cp1252 },
      '/utf16': { type: 'text/xml', bytes: utf16('Missing parameter', false) },
      '/lying': { type: 'text/xml; charset=utf-8', bytes: cp1252 },
      '/unknown': { type: 'text/xml; charset=x-klingon', bytes: Buffer.from('<t/>') },
    });
    await expect(getText(`${url}/latin1`, options)).rejects.toThrow(
      `${url}/latin1: answered text that is not UTF-8 without saying which character set it is in (no charset in its Content-Type, no XML declaration)`,
    );
    const utf16Error = getText(`${url}/utf16`, options);
    await expect(utf16Error).rejects.toThrow(
      `${url}/utf16: answered text holding NUL bytes (UTF-16, perhaps) without saying which character set it is in`,
    );
    await expect(getText(`${url}/lying`, options)).rejects.toThrow(
      `${url}/lying: answered text that is not valid utf-8, though its Content-Type says it is`,
    );
    await expect(getText(`${url}/unknown`, options)).rejects.toThrow(
      `${url}/unknown: answered text in the character set "x-klingon" (so says its Content-Type), which the hub cannot read`,
    );
  });

  it("still answers an error status whose body it cannot decode, for the caller's message", async () => {
    const url = await answering({ '/500': { type: 'text/plain', bytes: utf16('Server Error', false), status: 500 } });
    expect(await getText(`${url}/500`, options)).toEqual({ status: 500, contentType: 'text/plain', body: 'Server Error' });
  });
});
