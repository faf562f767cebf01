/** readSmallFile against a loopback server that redirects a file to itself: it stops, naming the file. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readSmallFile } from './read-small-file.js';

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server that answers every request with a redirect to the URL asked; `asked` counts them. */
async function redirectLoop() {
  let asked = 0;
  const server = createServer((req, res) => {
    asked++;
    res.writeHead(302, { location: req.url ?? '/' }).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked: () => asked };
}

describe('readSmallFile', () => {
  it('gives up on a redirect loop after a few hops, quoting a file name with a space', async () => {
    const hub = await redirectLoop();
    const repo = { repoId: 'org/a', repoType: 'model' as const };
    const read = readSmallFile({ endpoint: hub.endpoint }, repo, 'a'.repeat(40), 'notes/READ ME.md', 10, 100);
    await expect(read).rejects.toMatchObject({
      code: 'HUB_HTTP_ERROR',
      message: "Too many redirects while reading 'notes/READ ME.md' of org/a",
    });
    // The first request and five redirects followed (MAX_REDIRECTS), then no more.
    expect(hub.asked()).toBe(6);
    await expect(
      readSmallFile({ endpoint: hub.endpoint }, repo, 'a'.repeat(40), 'README.md', 10, 100),
    ).rejects.toThrow('Too many redirects while reading README.md of org/a');
  });
});
