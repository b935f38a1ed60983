import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHub, startLocalHub } from '../src/local/hub.ts';
import { temporaryDirectory } from './support/client.ts';

/** The local server's own limits: a client that never finishes its request is cut off, not waited on. */
let hub: LocalHub;
let removeData: () => Promise<void>;

beforeAll(async () => {
  const data = await temporaryDirectory();
  removeData = data.remove;
  hub = await startLocalHub({ dataDir: data.path, port: 0, seed: false, timeouts: { headersMs: 300, requestMs: 600 } });
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

describe('the local server', () => {
  it('closes a connection whose headers never finish', async () => {
    const { answer } = await stall('GET /v1/themes HTTP/1.1\r\nHost: localhost\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection whose body never finishes', async () => {
    const { answer } = await stall(
      'PUT /v1/areas/south-yorkshire HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name": "Sou',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});
