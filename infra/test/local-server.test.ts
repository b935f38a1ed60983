import { Agent, type IncomingHttpHeaders, request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHub, startLocalHub } from '../src/local/hub.ts';
import { temporaryDirectory } from './support/client.ts';

/** The local server's own limits: a client that never finishes its request is cut off, not waited on. */
let hub: LocalHub;
let removeData: () => Promise<void>;
const logged: { level: 'info' | 'warn' | 'error'; message: string }[] = [];
const logger = {
  info: (message: string) => void logged.push({ level: 'info', message }),
  warn: (message: string) => void logged.push({ level: 'warn', message }),
  error: (message: string) => void logged.push({ level: 'error', message }),
};

beforeAll(async () => {
  const data = await temporaryDirectory();
  removeData = data.remove;
  hub = await startLocalHub({ dataDir: data.path, port: 0, seed: false, logger, timeouts: { headersMs: 300, requestMs: 600 } });
});

afterAll(async () => {
  await hub?.stop();
  await removeData?.();
});

/** Opens a connection, writes `sent`, never writes more, and answers what the server said before closing it. */
function stall(sent: string): Promise<{ answer: string }> {
  const { port, hostname } = new URL(hub.url);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(Number(port), hostname, () => socket.write(sent));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ answer }));
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error('the server held the stalled connection open for 10 s'));
    });
  });
}

/** The status and problem document of a raw answer the server wrote before closing the connection. */
function problemIn(answer: string): { status: number; contentType?: string; problem: Record<string, unknown> } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1]);
  const contentType = /\r\ncontent-type: ([^\r]+)/i.exec(head)?.[1];
  return { status, ...(contentType ? { contentType } : {}), problem: JSON.parse(body) as Record<string, unknown> };
}

describe('the local server', () => {
  it('closes a connection whose headers never finish, saying why in a problem document', async () => {
    const { answer } = await stall('GET /v1/themes HTTP/1.1\r\nHost: localhost\r\n');
    expect(problemIn(answer)).toEqual({
      status: 408,
      contentType: 'application/problem+json',
      problem: { type: 'about:blank', title: 'Request Timeout', status: 408, detail: expect.stringContaining('did not arrive in time') },
    });
  });

  it('answers headers over its limit with 431, and a request it cannot parse with 400, each with a problem document', async () => {
    const oversized = await stall(`GET /v1/themes HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'x'.repeat(20_000)}\r\n\r\n`);
    expect(problemIn(oversized.answer)).toEqual({
      status: 431,
      contentType: 'application/problem+json',
      problem: { type: 'about:blank', title: 'Request Header Fields Too Large', status: 431, detail: expect.stringContaining('16 KB') },
    });
    const garbled = await stall('NOT HTTP AT ALL\r\n\r\n');
    expect(problemIn(garbled.answer)).toEqual({
      status: 400,
      contentType: 'application/problem+json',
      problem: { type: 'about:blank', title: 'Bad Request', status: 400, detail: expect.stringContaining('not well-formed HTTP/1.1') },
    });
  });

  it('closes a connection whose body never finishes', async () => {
    const { answer } = await stall(
      'PUT /v1/areas/south-yorkshire HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name": "Sou',
    );
    expect(problemIn(answer)).toMatchObject({ status: 408, problem: { status: 408, title: 'Request Timeout' } });
  });

  it('reads and throws away a body it answered without reading, keeping the connection; over 64 MB, it closes the connection in the open', async () => {
    // One connection at a time, kept: what a client reusing its connections does.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: string, how: { chunked?: boolean; declaredBytes?: number } = {}) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders; reusedSocket: boolean }>((resolve, reject) => {
        const headers: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
        if (how.declaredBytes) headers['content-length'] = String(how.declaredBytes);
        const sent = request(new URL(path, hub.url), { method, agent, headers }, (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, reusedSocket: sent.reusedSocket }));
        });
        sent.on('error', reject);
        if (how.declaredBytes) sent.write(body);
        else if (how.chunked) {
          // Two writes before the end: Node sends them chunked, with no Content-Length.
          sent.write(body!.slice(0, 1000));
          sent.end(body!.slice(1000));
        } else sent.end(body);
      });
    const over = (bytes: number) => JSON.stringify({ name: 'x'.repeat(bytes) });
    try {
      // Refused from its Content-Length, unread: the rest is read and thrown away, and the
      // connection still carries requests after the half second in which @hono/node-server gives
      // up draining a body on its own (unread-bodies.ts).
      const refused = await send('PUT', '/v1/areas/south-yorkshire', over(200_000));
      expect(refused).toMatchObject({ status: 413, headers: { connection: 'keep-alive' } });
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(await send('GET', '/v1/themes')).toMatchObject({ status: 200, reusedSocket: true });
      // A body of no declared length is read and thrown away too.
      expect(await send('PUT', '/v1/areas/south-yorkshire', over(200_000), { chunked: true })).toMatchObject({
        status: 413,
        headers: { connection: 'keep-alive' },
      });
      expect(await send('GET', '/v1/themes')).toMatchObject({ status: 200, reusedSocket: true });
      // One declared over 64 MB is not worth reading: the response says so (the client sends 1 KB of it
      // and waits), and the next request has a new connection.
      const huge = await send('PUT', '/v1/areas/south-yorkshire', 'x'.repeat(1024), { declaredBytes: 100_000_000 });
      expect(huge).toMatchObject({ status: 413, headers: { connection: 'close' } });
      expect(await send('GET', '/v1/themes')).toMatchObject({ status: 200, reusedSocket: false });
    } finally {
      agent.destroy();
    }
  });

  it('does not report a client that hangs up half-way through its body as an error of the hub', async () => {
    const { port, hostname } = new URL(hub.url);
    await new Promise<void>((done) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(
          'PUT /v1/areas/south-yorkshire HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"na',
        );
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => done());
    });
    await expect.poll(() => logged.map((entry) => entry.message)).toContain('the client closed the connection before the request was read');
    expect(logged.filter((entry) => entry.level === 'error')).toEqual([]);
  });
});

describe('the local run: requests before background work', () => {
  let patient: LocalHub;
  let removePatientData: () => Promise<void>;

  beforeAll(async () => {
    const data = await temporaryDirectory();
    removePatientData = data.remove;
    // Background work waits for requests to end, and (for this test) never goes ahead of one that lasts.
    patient = await startLocalHub({ dataDir: data.path, port: 0, seed: false, logger, background: { maxWaitMs: 60_000 } });
  });

  afterAll(async () => {
    await patient?.stop();
    await removePatientData?.();
  });

  it('relays an accepted write only once no request is in progress, ending with one the client gave up on', async () => {
    // Arrange: a request in progress, its body still coming.
    const { port, hostname } = new URL(patient.url);
    const slow = connect(Number(port), hostname);
    await new Promise<void>((connected) => slow.once('connect', () => connected()));
    const closed = new Promise<void>((done) => slow.once('close', () => done()));
    slow.write('PUT /v1/areas/slow HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"na');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const acceptedBefore = patient.bus.stats().accepted;

    // Act: a write answered meanwhile.
    const written = await fetch(`${patient.url}/v1/areas/requests-first`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${patient.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Requests First' }),
    });

    // Assert: its event waits in the outbox while the slow request lasts, and goes once the client gives up.
    expect(written.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(patient.bus.stats().accepted).toBe(acceptedBefore);
    slow.destroy();
    await closed;
    await expect.poll(() => patient.bus.stats().accepted, { timeout: 10_000 }).toBeGreaterThan(acceptedBefore);
    await patient.idle();
  });
});
