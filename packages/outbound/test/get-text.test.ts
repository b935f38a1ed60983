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
