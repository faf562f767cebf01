/**
 * When the server closes, the connections not serving a request are ended at once, and each other one as soon
 * as its last request is answered; requests in flight still finish.
 *
 * Why: Node's `server.close()` (and Fastify's `forceCloseConnections: 'idle'`) ends only the connections it
 * counts as idle, and a connection on which no request has arrived yet counts as busy until its headers time
 * out (60 s). Browsers open such connections ahead of need, and HTTP clients keep spare ones in their pools:
 * one of them held `hubget serve`'s shutdown until its 15 s limit forced the exit, and an in-process server's
 * `close()` for 70 s.
 */
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

export function closeUnusedConnections(app: FastifyInstance): void {
  /** Every open connection → the requests it is serving. */
  const inFlight = new Map<Socket, number>();
  let closing = false;
  app.server.on('connection', (socket: Socket) => {
    if (closing) {
      socket.destroy();
      return;
    }
    inFlight.set(socket, 0);
    socket.once('close', () => inFlight.delete(socket));
  });
  app.server.on('request', (request, response) => {
    const socket = request.socket;
    if (!inFlight.has(socket)) return;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    response.once('close', () => {
      if (!inFlight.has(socket)) return;
      const left = (inFlight.get(socket) ?? 1) - 1;
      inFlight.set(socket, left);
      if (closing && left === 0) socket.destroy();
    });
  });
  app.addHook('preClose', async () => {
    closing = true;
    for (const [socket, requests] of inFlight) if (requests === 0) socket.destroy();
  });
}
