/**
 * Bytes that reached the client's side of its connections (Linux): what Node read from each socket plus what
 * still waits in the socket's kernel receive queue (`rx_queue` of /proc/net/tcp), and, for a socket the
 * client closed, the same taken just before it closed it (the queue is dropped then, but those bytes did
 * cross). The hub's own count (`hub.bytesDelivered()`) cannot see them: when the client resets a connection
 * it is cutting short, the bytes still queued on the hub's side vanish from its queues and count as
 * delivered though they never left. Response headers are counted too (a few hundred bytes per request).
 */
import type { Socket } from 'node:net';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { kernelQueuesByPort } from '../hub/send-queues.js';

export interface ReceivedMeter {
  /** Dispatcher whose connections are counted (pass it as `transfer.dispatcher`). */
  readonly dispatcher: Dispatcher;
  /** The Range header of every request sent through it, in order. */
  readonly ranges: string[];
  /** Bytes received so far over all its connections, open or closed; undefined off Linux. */
  received(): number | undefined;
  /**
   * The largest body chunk handed to a response handler so far: 64 KiB (one socket read) on a quiet machine;
   * under load undici's read of a socket can return several reads joined into one.
   */
  largestChunk(): number;
}

export function receivedMeter(): ReceivedMeter {
  const open = new Set<Socket>();
  let closedBytes = 0;
  const connect = buildConnector({});
  const ranges: string[] = [];
  const agent = new Agent({
    connect: (options, callback) =>
      connect(options, (error, socket) => {
        if (error || !socket) return callback(error, socket);
        const tcp = socket as Socket;
        open.add(tcp);
        const destroy = tcp.destroy.bind(tcp);
        let counted = false;
        const count = () => {
          if (counted) return;
          counted = true;
          open.delete(tcp);
          closedBytes += tcp.bytesRead + (receiveQueues().get(tcp.localPort ?? -1) ?? 0);
        };
        tcp.destroy = (reason?: Error) => {
          count();
          return destroy(reason);
        };
        tcp.once('close', count);
        return callback(null, socket);
      }),
  });
  let largestChunk = 0;
  const noteChunk = (chunk: unknown) => {
    if (chunk instanceof Uint8Array) largestChunk = Math.max(largestChunk, chunk.length);
  };
  const dispatcher = agent.compose((dispatch) => (options, handler) => {
    const range = (options.headers as Record<string, string> | undefined)?.range;
    if (range) ranges.push(range);
    // The handler as it is, its body chunks measured on the way (either handler style of undici).
    const measured = new Proxy(handler, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        if (property === 'onResponseData')
          return (controller: unknown, chunk: unknown) => {
            noteChunk(chunk);
            return value.call(target, controller, chunk);
          };
        if (property === 'onData')
          return (chunk: unknown) => {
            noteChunk(chunk);
            return value.call(target, chunk);
          };
        return value.bind(target);
      },
    });
    return dispatch(options, measured);
  });
  return {
    dispatcher,
    ranges,
    received: () => {
      if (process.platform !== 'linux') return undefined;
      const queues = receiveQueues();
      let bytes = closedBytes;
      for (const socket of open) bytes += socket.bytesRead + (queues.get(socket.localPort ?? -1) ?? 0);
      return bytes;
    },
    largestChunk: () => largestChunk,
  };
}

/** Kernel receive queue per local port, of every TCP socket of the machine (loopback: the client's ports). */
function receiveQueues(): Map<number, number> {
  return kernelQueuesByPort('receive') ?? new Map();
}
