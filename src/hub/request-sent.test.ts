import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { afterNextRequestSent } from './request-sent.js';

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server that answers each request once told to; `arrived` counts the requests it has seen. */
async function heldServer() {
  const held: Array<() => void> = [];
  let arrived = 0;
  const server = createServer((_req, res) => {
    arrived++;
    held.push(() => res.end('ok'));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    arrived: () => arrived,
    release: () => {
      for (const answer of held.splice(0)) answer();
    },
  };
}

describe('afterNextRequestSent', () => {
  it('calls back once the request has gone out, before its answer, and only for the first request', async () => {
    const server = await heldServer();
    const calls: number[] = [];
    afterNextRequestSent(() => calls.push(server.arrived()));
    const first = request(server.url);
    await expect.poll(() => calls.length).toBe(1);
    // Sent, not answered: the answer is held until released, once the server has the request (sent is not yet
    // received: released before it arrived, nothing was held yet and the answer never came, on a busy machine).
    await expect.poll(() => server.arrived()).toBe(1);
    server.release();
    await (await first).body.text();
    const second = request(server.url);
    await expect.poll(() => server.arrived()).toBe(2);
    server.release();
    await (await second).body.text();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toHaveLength(1);
  });

  it('never calls back once cancelled', async () => {
    const server = await heldServer();
    let called = false;
    const cancel = afterNextRequestSent(() => {
      called = true;
    });
    cancel();
    cancel();
    const response = request(server.url);
    await expect.poll(() => server.arrived()).toBe(1);
    server.release();
    await (await response).body.text();
    await new Promise((resolve) => setImmediate(resolve));
    expect(called).toBe(false);
  });
});
