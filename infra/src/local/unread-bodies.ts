import type { IncomingMessage, ServerResponse } from 'node:http';

/** The most of an unread body the server reads and throws away to keep its connection: what @hono/node-server's own drain reads at most. */
const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;

/**
 * What the local run's HTTP server does with a request body the hub answered without reading (a
 * body over the size limit is refused from its Content-Length; a write with a wrong key is refused
 * before its body is parsed): it reads the rest and throws it away, so that the client can finish
 * sending and read the answer, and the connection can carry the next request. A body declared over
 * 64 MB is not worth reading: the response says `Connection: close` instead (HTTP lets a server
 * close rather than read content it refuses, RFC 9110 section 15.5.14, and a server that closes
 * says so in that response, RFC 9112 section 9.6).
 *
 * Why by hand: @hono/node-server drains an unread body itself, but the body stream it made for the
 * request (which the size limit looks at) pauses the request whenever that stream's buffer is
 * full, and nothing reads that stream; after 500 ms the drain gives up and destroys the socket.
 * Measured here, that happened after every 200 KB body the limit refused (a 40 KB body fitted and
 * drained in time), by when the response had told the client to keep the connection: Node's fetch,
 * sending its next request on it, failed with "other side closed", 19 of 5,630 requests in a run
 * of hostile requests against `npm start`. Taking the body stream's listeners off, as Node's own
 * server does with a body no one read, lets the rest flow (a body of no declared length too: the
 * drain still stops at 64 MB). Closing at once instead, even after 1 MB, made Node's fetch fail
 * with EPIPE, still sending a 2.4 MB form when the connection closed, rather than read the 413.
 *
 * Only the local run's HTTP server needs this: in AWS, API Gateway holds the client's connection.
 */
export function discardUnreadBody(request: IncomingMessage, response: ServerResponse): void {
  const declaredBytes = Number(request.headers['content-length'] ?? 0);
  if (request.headers['transfer-encoding'] === undefined && declaredBytes === 0) return;
  const writeHead = response.writeHead;
  // Wrapped rather than decided on the 'request' event: whether the body was read is known only
  // when the response starts, and Node chooses the Connection header in writeHead.
  response.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    if (!request.readableEnded) {
      if (declaredBytes > MAX_DISCARDED_BYTES) this.shouldKeepAlive = false;
      request.removeAllListeners('data');
      request.resume();
    }
    return writeHead.apply(this, args);
  } as ServerResponse['writeHead'];
}
