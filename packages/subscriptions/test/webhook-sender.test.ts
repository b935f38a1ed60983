import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookSender, describeResponse, newSigningSecret, type Resolve } from '../src/index.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
});

async function endpoint(
  handler: (
    headers: IncomingHttpHeaders,
    body: string,
    respond: (status: number, body?: string, headers?: Record<string, string>) => void,
  ) => void,
) {
  const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ headers: request.headers, body });
      handler(request.headers, body, (status, text = '', headers = {}) => response.writeHead(status, headers).end(text));
    });
  });
  await new Promise<void>((ready) => server!.listen(0, '127.0.0.1', ready));
  return { port: (server.address() as AddressInfo).port, seen };
}

const payload = { type: 'priority.revised', timestamp: '2026-03-01T10:00:00.000Z', data: { id: 'p-1' } };

describe('sending a webhook', () => {
  it('signs with Standard Webhooks headers that the standardwebhooks library verifies', async () => {
    const { port, seen } = await endpoint((_headers, _body, respond) => respond(204));
    const secret = newSigningSecret();
    const send = createWebhookSender({ allowLoopback: true });

    const response = await send({
      url: `http://127.0.0.1:${port}/in`,
      deliveryId: 'msg_1',
      signingSecret: secret,
      payload,
      at: new Date(),
    });

    expect(response.status).toBe(204);
    expect(seen[0]!.headers).toMatchObject({
      'webhook-id': 'msg_1',
      'content-type': 'application/json',
      'webhook-signature': expect.stringMatching(/^v1,/),
    });
    expect(new Webhook(secret).verify(seen[0]!.body, seen[0]!.headers as Record<string, string>)).toEqual(payload);
    expect(() => new Webhook(newSigningSecret()).verify(seen[0]!.body, seen[0]!.headers as Record<string, string>)).toThrow();
  });

  it('signs with the replaced secret as well during a rotation: the receiver may check either', async () => {
    const { port, seen } = await endpoint((_headers, _body, respond) => respond(204));
    const [current, previous] = [newSigningSecret(), newSigningSecret()];
    const send = createWebhookSender({ allowLoopback: true });

    await send({
      url: `http://127.0.0.1:${port}/in`,
      deliveryId: 'msg_r',
      signingSecret: current,
      previousSigningSecret: previous,
      payload,
      at: new Date(),
    });

    const headers = seen[0]!.headers as Record<string, string>;
    expect(headers['webhook-signature']!.split(' ')).toEqual([expect.stringMatching(/^v1,/), expect.stringMatching(/^v1,/)]);
    expect(new Webhook(current).verify(seen[0]!.body, headers)).toEqual(payload);
    expect(new Webhook(previous).verify(seen[0]!.body, headers)).toEqual(payload);
    expect(() => new Webhook(newSigningSecret()).verify(seen[0]!.body, headers)).toThrow();
  });

  it('connects to the address it checked, not to a second lookup of the name (no DNS rebinding)', async () => {
    const { port, seen } = await endpoint((_headers, _body, respond) => respond(200));
    let lookups = 0;
    const resolve: Resolve = async () => {
      lookups++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const send = createWebhookSender({ allowLoopback: true, resolve });

    // The name exists nowhere but in the injected resolver: the request can only arrive if the
    // connection went to the address the check approved.
    const response = await send({
      url: `http://hooks.invalid:${port}/in`,
      deliveryId: 'msg_2',
      signingSecret: newSigningSecret(),
      payload,
      at: new Date(),
    });

    expect(response.status).toBe(200);
    expect(lookups).toBe(1);
    expect(seen[0]!.headers.host).toBe(`hooks.invalid:${port}`);
  });

  it('checks the address again at delivery, and sends nothing to a name that now points somewhere private', async () => {
    const send = createWebhookSender({ allowLoopback: false, resolve: async () => [{ address: '10.0.0.5', family: 4 }] });
    const response = await send({
      url: 'https://hooks.example.org/in',
      deliveryId: 'msg_3',
      signingSecret: newSigningSecret(),
      payload,
      at: new Date(),
    });
    expect(response).toMatchObject({ unsafe: true, error: expect.stringContaining('10.0.0.5') });
  });

  it('does not follow redirects', async () => {
    const { port, seen } = await endpoint((_headers, _body, respond) => respond(302, '', { location: 'http://169.254.169.254/' }));
    const send = createWebhookSender({ allowLoopback: true });
    const response = await send({
      url: `http://127.0.0.1:${port}/in`,
      deliveryId: 'msg_4',
      signingSecret: newSigningSecret(),
      payload,
      at: new Date(),
    });
    expect(response.status).toBe(302);
    expect(seen).toHaveLength(1);
  });

  it('gives up on an endpoint that does not answer in time', async () => {
    const { port } = await endpoint(() => {});
    const send = createWebhookSender({ allowLoopback: true, timeoutMs: 200 });
    const response = await send({
      url: `http://127.0.0.1:${port}/in`,
      deliveryId: 'msg_5',
      signingSecret: newSigningSecret(),
      payload,
      at: new Date(),
    });
    expect(response).toEqual({ error: 'no answer within 0.2 s' });
  });

  it('reports a refused connection as an error, not a status', async () => {
    const { port } = await endpoint((_headers, _body, respond) => respond(200));
    await new Promise<void>((done) => server!.close(() => done()));
    server = undefined;
    const send = createWebhookSender({ allowLoopback: true });
    const response = await send({
      url: `http://127.0.0.1:${port}/in`,
      deliveryId: 'msg_6',
      signingSecret: newSigningSecret(),
      payload,
      at: new Date(),
    });
    expect(response.status).toBeUndefined();
    expect(response.error).toContain('ECONNREFUSED');
  });

  it('keeps only a 256-character excerpt of what the endpoint answered, and its Retry-After', async () => {
    const { port } = await endpoint((_headers, _body, respond) => respond(429, 'x'.repeat(10_000), { 'retry-after': '30' }));
    const send = createWebhookSender({ allowLoopback: true });
    const response = await send({
      url: `http://127.0.0.1:${port}/in`,
      deliveryId: 'msg_7',
      signingSecret: newSigningSecret(),
      payload,
      at: new Date(),
    });
    expect(response.retryAfter).toBe('30');
    expect(describeResponse(response)).toEqual({ status: 429, excerpt: 'x'.repeat(256) });
  });
});
