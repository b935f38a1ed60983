import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Makes a response sent before its request's body was read say `Connection: close`, and close the
 * connection once it is sent. HTTP lets a server close the connection rather than read content it
 * refuses (RFC 9110, section 15.5.14), and a server that closes says so in that response (RFC 9112,
 * section 9.6).
 *
 * Why: the hub answers some writes without reading their bodies (a body over the size limit is
 * refused from its Content-Length; a write with a wrong key is refused before its body is parsed).
 * @hono/node-server then drains the unread body, and destroys the socket when that has not ended
 * within 500 ms. Measured here, it did so after every 200 KB body the limit refused (a 40 KB body
 * refused unread drained in time). By then the response had told the client to keep the
 * connection, and Node's fetch, sending its next request on it, failed with "other side closed":
 * 19 of 5,630 requests in a run of hostile requests against `npm start`. Closing such a connection
 * in the open, at the end of the response, leaves no request of the client's to lose.
 *
 * Only the local run's HTTP server needs this: in AWS, API Gateway holds the client's connection.
 */
export function closeConnectionIfBodyUnread(request: IncomingMessage, response: ServerResponse): void {
  if (!hasBody(request)) return;
  const writeHead = response.writeHead;
  // Wrapped rather than checked on the 'request' event: whether the body was read is known only
  // when the response starts, and Node chooses the Connection header in writeHead.
  response.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    if (!request.readableEnded) this.shouldKeepAlive = false;
    return writeHead.apply(this, args);
  } as ServerResponse['writeHead'];
}

function hasBody(request: IncomingMessage): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}
