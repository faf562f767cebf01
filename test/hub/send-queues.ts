/**
 * Bytes a server has written but that still wait on its side of the connection: Node's writable buffers and
 * the kernel's send queues. On loopback these hold megabytes per connection (the kernel's send buffer
 * autotunes up to `net.ipv4.tcp_wmem`'s maximum, 4 MB, with the 64 KiB MSS of `lo`), bytes that no client can
 * hold back and that never crossed a line; `hub.bytesDelivered()` subtracts them (docs/test-hub.md).
 */
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';

/**
 * The kernel's queues of every TCP socket of the machine by local port (`tx_queue:rx_queue` of /proc/net/tcp
 * and tcp6): `send` or `receive`, summed per port; undefined where /proc/net/tcp cannot be read (not Linux).
 */
export function kernelQueuesByPort(which: 'send' | 'receive'): Map<number, number> | undefined {
  let found = false;
  const byPort = new Map<number, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    found = true;
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue …
      const [, local, , , queues] = line.trim().split(/\s+/);
      if (!local || !queues) continue;
      const port = Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
      const bytes = Number.parseInt(queues.split(':')[which === 'send' ? 0 : 1]!, 16);
      byPort.set(port, (byPort.get(port) ?? 0) + bytes);
    }
  }
  return found ? byPort : undefined;
}

/** Sum of the kernel send queues of the sockets whose local port is one of `ports`; undefined off Linux. */
export function kernelSendQueueBytes(ports: ReadonlySet<number>): number | undefined {
  const byPort = kernelQueuesByPort('send');
  if (byPort === undefined) return undefined;
  let bytes = 0;
  for (const [port, queued] of byPort) if (ports.has(port)) bytes += queued;
  return bytes;
}

/**
 * Bytes waiting in Node's own buffers of these sockets, written and not yet handed to the kernel: the chunks
 * queued behind the write in progress (`writableBuffer`) and what libuv has not written of that one
 * (`_handle.writeQueueSize`). Not `writableLength`: it counts the write in progress whole until it completes,
 * though the kernel may already hold most of it (a 1 MiB body chunk was then counted twice, and more bytes
 * came out waiting than the hub had sent).
 */
export function nodeSendBufferBytes(sockets: Iterable<Socket>): number {
  let bytes = 0;
  for (const socket of sockets) {
    const internals = socket as Socket & {
      _handle?: { writeQueueSize?: number } | null;
      writableBuffer?: Array<{ chunk: { length: number } }>;
    };
    bytes += internals._handle?.writeQueueSize ?? 0;
    for (const entry of internals.writableBuffer ?? []) bytes += entry.chunk.length;
  }
  return bytes;
}
