/**
 * Closing the server does not wait for connections that serve no request (src/server/close-unused-connections.ts):
 * one on which nothing was ever sent (a browser's pre-connection, a client's spare pooled socket; Node counts it
 * busy until its headers time out, 60 s) and a keep-alive one between requests are ended at once, while a
 * request in flight still gets its whole answer.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { type Harness, startHarness } from './server-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

function openSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

const closed = (socket: Socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()));

it('ends unused connections at once and lets a request in flight finish', async () => {
  h = await startHarness();
  const server = h.server;
  const silent = await openSocket(server.url);
  const silentClosed = closed(silent);

  // A keep-alive socket that answered one request and waits for the next.
  const kept = await openSocket(server.url);
  const keptClosed = closed(kept);
  const firstAnswer = new Promise<string>((resolve) => {
    let text = '';
    kept.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n\r\n')) resolve(text);
    });
  });
  kept.write(`GET /api/settings HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\n\r\n`);
  expect(await firstAnswer).toMatch(/^HTTP\/1\.1 200/);

  // A request in flight while the server closes: the Hub answers it 400 ms later.
  h.hub.setFaults({ latency: { ms: 400 } });
  const slow = h.api('GET', '/api/hub/search?q=anything');
  await new Promise((resolve) => setTimeout(resolve, 100));

  await server.close();
  await silentClosed;
  await keptClosed;
  expect((await slow).status).toBe(200);
}, 20_000);
