/**
 * A TCP relay on 127.0.0.1 in front of a test hub that counts the connections made to it, and can play an
 * upstream that went away: once `kill()`ed it resets every connection at once (no HTTP answer), still counted.
 */

import type { AddressInfo } from 'node:net';
import { createConnection, createServer, type Socket } from 'node:net';

export interface CountingRelay {
  /** `http://127.0.0.1:port` */
  url: string;
  /** Connections accepted since the start (or the last `resetCount`). */
  readonly connections: number;
  resetCount(): void;
  /** From now on every connection is reset without an answer; open ones are cut. */
  kill(): void;
  close(): Promise<void>;
}

export async function startCountingRelay(targetUrl: string): Promise<CountingRelay> {
  const target = new URL(targetUrl);
  const open = new Set<Socket>();
  let connections = 0;
  let dead = false;
  const server = createServer((client) => {
    connections++;
    if (dead) {
      client.resetAndDestroy();
      return;
    }
    const hub = createConnection({ host: target.hostname, port: Number(target.port) });
    for (const socket of [client, hub]) {
      open.add(socket);
      socket.once('close', () => open.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(hub).pipe(client);
    client.once('close', () => hub.destroy());
    hub.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    resetCount() {
      connections = 0;
    },
    kill() {
      dead = true;
      for (const socket of open) socket.resetAndDestroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
