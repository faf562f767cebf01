/**
 * A file half pulled when the upstream goes away, of a commit of which the cache holds no other file (a repo of
 * one big file: docs/mirror-offline.md). A client resuming it (`curl -C -`, a range from
 * where its body was cut) is told the truth: the file is only partly in the mirror, how much, and that the
 * upstream is unreachable; a range within the bytes on disk is served. Before, every request for the file was
 * a 503 that said the whole repo was "not in the mirror cache" (the commit, with no file in the cache, was not
 * known offline, though the mirror keeps its listing), and a file of a commit the cache knew said "not in the
 * mirror cache" though its pull had most of it. Loopback only.
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

it('tells a client resuming a half-pulled file that it is only partly in the mirror, and serves what is', async () => {
  hub = await startTestHub({ faults: SLOW });
  const repo = await hub.addRepo({
    repoId: 'org/partly',
    files: [{ path: 'model.safetensors', size: SIZE }],
  });
  const content = repo.contentOf('model.safetensors');
  mirror = await startMirror({ hub });
  const url = `${mirror.mirrorUrl}/org/partly/resolve/main/model.safetensors`;

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
  await hub.close();
  // Cut where the bytes on disk end.
  const read = Buffer.concat([...first, (await readUntilCut(reader)).bytes]);
  expect(read.length).toBeLessThan(SIZE);
  expect(read.equals(content.subarray(0, read.length))).toBe(true);

  // The resume from where the body was cut: no byte there, and the answer says how much the mirror has.
  const resume = await fetch(url, { headers: { range: `bytes=${read.length}-` } });
  expect(resume.status).toBe(503);
  expect(resume.headers.get('x-error-message')).toMatch(
    new RegExp(
      `^model\\.safetensors of org/partly is only partly in the mirror \\([\\d.]+ [kM]B of 8\\.39 MB, not the bytes from ${read.length} on\\) and the upstream Hub is unreachable`,
    ),
  );

  // A range within the bytes on disk: served whole.
  const within = await fetch(url, { headers: { range: `bytes=0-${received - 1}` } });
  expect(within.status, String(within.headers.get('x-error-message'))).toBe(206);
  expect(Buffer.from(await within.arrayBuffer()).equals(content.subarray(0, received))).toBe(true);
}, 60_000);
