/**
 * The upstream goes away in the middle of a pull (docs/mirror-offline.md): the bytes of the
 * file already in the pull's temp file are still served, to the client that was reading the pull (which is cut
 * where they end) and to the requests that come after (a range within them is answered whole; one reaching
 * past them is cut where they end; one starting past them is the 503 that says the file is only partly there, unless an If-Range that no longer
 * matches makes it a whole-file request, or an If-None-Match that does a 304). Before, the reading client was cut at
 * once and every later request for the file was a 503 until the pull finished. Loopback only.
 */
import { afterAll, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { type MirrorHarness, readUntilCut, startMirror } from './mirror-harness.js';

const SIZE = 8 * 1024 * 1024;
const SLOW = { globalBytesPerSecond: 2_000_000 };

let hub: TestHub;
let mirror: MirrorHarness | undefined;

afterAll(async () => {
  await mirror?.close();
  await hub?.close();
});

it('serves the bytes on disk of a pull whose upstream went away, and cuts where they end', async () => {
  hub = await startTestHub({ faults: SLOW });
  const repo = await hub.addRepo({
    repoId: 'org/outage',
    files: [
      { path: 'config.json', content: '{}' },
      { path: 'w.bin', size: SIZE },
    ],
  });
  const content = repo.contentOf('w.bin');
  mirror = await startMirror({ hub });
  const url = `${mirror.mirrorUrl}/org/outage/resolve/main/w.bin`;
  // A file of the commit in the cache (a commit with none: mirror-outage-partly.test.ts).
  await (await fetch(`${mirror.mirrorUrl}/org/outage/resolve/main/config.json`)).arrayBuffer();

  const reading = await fetch(url);
  expect(reading.status).toBe(200);
  const reader = reading.body!.getReader();
  const first: Buffer[] = [];
  let received = 0;
  while (received < 1_000_000) {
    const value = (await reader.read()).value ?? new Uint8Array();
    first.push(Buffer.from(value));
    received += value.length;
  }
  reader.releaseLock();

  await hub.close();
  const closedAt = Date.now();
  const rest = await readUntilCut(reading.body!.getReader());
  expect(rest.cut).toBe(true);
  expect(Date.now() - closedAt).toBeLessThan(5000);
  const read = Buffer.concat([...first, rest.bytes]);
  expect(read.equals(content.subarray(0, read.length))).toBe(true);

  // A range within the bytes on disk: whole.
  const within = await fetch(url, { headers: { range: `bytes=0-${received - 1}` } });
  expect(within.status, String(within.headers.get('x-error-message'))).toBe(206);
  expect(Buffer.from(await within.arrayBuffer()).equals(content.subarray(0, received))).toBe(true);

  // The whole file: the bytes on disk (at least what the first client read), then cut.
  const whole = await fetch(url);
  expect(whole.status).toBe(200);
  expect(whole.headers.get('content-length')).toBe(String(SIZE));
  const served = await readUntilCut(whole.body!.getReader());
  expect(served.cut).toBe(true);
  expect(served.bytes.length).toBeGreaterThanOrEqual(received);
  expect(served.bytes.equals(content.subarray(0, served.bytes.length))).toBe(true);

  // From the file's last bytes, which no attempt wrote yet: a 503 that says the file is only partly there.
  const past = await fetch(url, { headers: { range: `bytes=${SIZE - 1000}-` } });
  expect(past.status).toBe(503);
  expect(await past.text()).toMatch(
    new RegExp(
      `only partly in the mirror \\(.* of 8\\.39 MB, not the bytes from ${SIZE - 1000} on\\) and the upstream Hub is unreachable`,
    ),
  );

  // The same resume with an If-Range naming another file: the range does not apply, so the whole file as above
  // (docs/mirror.md, "Conditional requests"); with If-None-Match naming this one: a 304, no bytes needed.
  const stale = await fetch(url, { headers: { range: `bytes=${SIZE - 1000}-`, 'if-range': '"0123abcd"' } });
  expect(stale.status).toBe(200);
  const staleServed = await readUntilCut(stale.body!.getReader());
  expect(staleServed.bytes.length).toBeGreaterThanOrEqual(received);
  expect(staleServed.bytes.equals(content.subarray(0, staleServed.bytes.length))).toBe(true);
  const sha256 = repo.files.find((file) => file.path === 'w.bin')!.sha256;
  const current = await fetch(url, {
    headers: { range: `bytes=${SIZE - 1000}-`, 'if-none-match': `"${sha256}"` },
  });
  expect(current.status).toBe(304);
}, 60_000);
