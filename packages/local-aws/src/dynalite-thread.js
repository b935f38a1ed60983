// The thread that runs a process's embedded DynamoDB servers (see EmbeddedDynamoDb in dynamodb.ts):
// it starts and stops dynalite servers when the main thread asks, and answers each request, on the
// servers' sockets or passed over from the main thread, itself, so that storage work does not wait
// behind the main thread's.
// Plain JavaScript, not TypeScript: a worker thread starts in plain Node, without the loader (tsx or
// vitest's) that runs the rest of the hub's source, and this file needs nothing but dynalite and
// the fix for its iterators beside it.
import { EventEmitter } from 'node:events';
import { parentPort } from 'node:worker_threads';
import dynalite from 'dynalite';
import { closeFinishedIterators } from './dynalite-iterators.js';

closeFinishedIterators();

/** The servers running here, by the id the main thread gave them. */
const servers = new Map();
/** By server id: how many requests passed over from the main thread it is answering, and what waits for none. */
const inFlight = new Map();

parentPort.on('message', (message) => {
  if (message.command === 'request') answer(message);
  else if (message.command === 'start') start(message);
  else if (message.command === 'stop') stop(message);
});

/**
 * A request the main thread's SDK client passed over (InThreadRequestHandler in dynamodb.ts),
 * answered by the server's own request handler, dynalite's, with stand-ins for Node's request and
 * response that have what that handler uses: the method, URL and headers (lower-case, as Node gives
 * them), the body as one 'data' event then 'end', and setHeader and end for the answer. Written here
 * rather than taken from a library because it is dynalite's handler alone that it must satisfy.
 */
function answer({ id, server: serverId, method, path, headers, body }) {
  const server = servers.get(serverId);
  if (!server) return parentPort.postMessage({ answer: id, error: 'The embedded DynamoDB is not running' });
  const flight = inFlight.get(serverId) ?? { count: 0, idle: [] };
  inFlight.set(serverId, flight);
  flight.count += 1;
  const request = Object.assign(new EventEmitter(), { method, url: path, headers });
  const answerHeaders = {};
  const response = {
    statusCode: 200,
    setHeader(name, value) {
      answerHeaders[name.toLowerCase()] = String(value);
    },
    end(text) {
      parentPort.postMessage({ answer: id, status: response.statusCode, headers: answerHeaders, body: text ?? '' });
      flight.count -= 1;
      if (flight.count === 0) for (const idle of flight.idle.splice(0)) idle();
    },
  };
  server.listeners('request')[0](request, response);
  request.emit('data', Buffer.from(body));
  request.emit('end');
}

function start({ id, path, port }) {
  // Tables become ACTIVE at once: the 500 ms defaults only slow start-up and tests down.
  const server = dynalite({ ...(path === undefined ? {} : { path }), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const failed = (error) => parentPort.postMessage({ id, error: `${error.message}${error.code ? ` (${error.code})` : ''}` });
  server.once('error', failed);
  server.listen(port, '127.0.0.1', () => {
    server.off('error', failed);
    servers.set(id, server);
    parentPort.postMessage({ id, port: server.address().port });
  });
}

function stop({ id }) {
  const server = servers.get(id);
  if (!server) return parentPort.postMessage({ id });
  servers.delete(id);
  // As close() waits for the requests on its sockets, the requests passed over are answered first:
  // dynalite's close waits only for the LevelDB operations under way, not for a request between two
  // of its operations (a conditional put reads, then writes), whose next one then fails with
  // "Database is closed" where nothing can catch it.
  const flight = inFlight.get(id);
  inFlight.delete(id);
  if (flight && flight.count > 0) return flight.idle.push(() => close(id, server));
  close(id, server);
}

function close(id, server) {
  // Closing dynalite's server closes its LevelDB too, releasing the folder's lock.
  server.close((error) => parentPort.postMessage({ id, ...(error ? { error: error.message } : {}) }));
  // The SDK keeps connections alive; without this, close() would wait for their idle timeout.
  server.closeIdleConnections();
}
