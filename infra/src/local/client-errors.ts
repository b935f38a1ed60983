import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** Node's HTTP parser and server errors that come before there is a request to answer, by code, with the status Node's own default gives each (400 for the rest). */
const ANSWERS: Record<string, { status: number; title: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    title: 'Request Header Fields Too Large',
    detail: "The request's headers are larger than the hub reads (16 KB in all). Send fewer or shorter headers.",
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    title: 'Content Too Large',
    detail: "The request's chunk extensions are larger than the hub reads. Send the body without them.",
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    title: 'Request Timeout',
    detail: 'The request did not arrive in time: its headers or its body stopped coming. Send the whole request again.',
  },
};

const MALFORMED = {
  status: 400,
  title: 'Bad Request',
  detail: 'The request is not well-formed HTTP/1.1 (its request line, a header or its framing could not be read).',
};

/**
 * Answers what Node's HTTP server refuses before the app sees a request (headers over its 16 KB
 * limit, a request line or header it cannot parse, a request too slow to arrive) with an RFC 9457
 * problem document, as the app answers everything else, instead of Node's default: the status line
 * and no body. The type is `about:blank`, whose meaning is the status code's own (RFC 9457 section
 * 4.2.1), since nothing more is known than what the parser said.
 *
 * Why by hand: there is no request or response object yet, so Node leaves the answer to be written
 * to the socket itself ('clientError' in Node's HTTP documentation). A socket that can no longer be
 * written to, or one whose client went away, is only closed, as Node's default does.
 *
 * Only the local run's HTTP server needs this: in AWS, API Gateway parses requests.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable || responseStarted(socket)) {
      socket.destroy();
      return;
    }
    const { status, title, detail } = (error.code && ANSWERS[error.code]) || MALFORMED;
    const body = JSON.stringify({ type: 'about:blank', title, status, detail });
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

/** Whether a response on this connection has already sent its headers (Node's own check before it answers: another status line would corrupt it). */
function responseStarted(socket: Duplex): boolean {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  return inFlight?.headersSent === true;
}
