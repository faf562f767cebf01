/**
 * An operator's forced stop of a pull (docs/mirror.md, "Pull-through, once": `force=true`, MirrorService.releaseJob)
 * lets every client waiting on it go, including one asking for an empty file, which waits on the pull's end rather
 * than on bytes. Before, that client was released (it no longer held the job) but its request went on waiting for
 * the pull's end: with the job paused, it hung until the client gave up, and its answer was only ever given if
 * another request resumed the pull. The pull is a BlobFetcher whose job stays paused until the test ends it; the
 * metadata comes from the test hub. Loopback only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BlobFetcher, type BlobFetchRequest, MirrorService } from '../../src/mirror/index.js';
import { valueWithin } from '../../src/value-within.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { askService } from './mirror-service-harness.js';

let hub: TestHub;
let dir: string;
let service: MirrorService;
/** The pulls asked for, each ended by its `finish` (the job resumed and done). */
const pulls: { request: BlobFetchRequest; finish: () => void }[] = [];

/** A pull whose job is paused (its promise settles when the test says), held and released as a job's is. */
const fetcher: BlobFetcher = {
  fetch: (request) => new Promise<void>((finish) => pulls.push({ request, finish })),
  holds: () => pulls.some(({ request }) => request.clients.count > 0),
  release: (_jobId, reason) =>
    pulls.reduce((count, { request }) => count + request.clients.release(reason), 0),
};

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({ repoId: 'org/empty', files: [{ path: 'empty.txt', content: '' }] });
  dir = await mkdtemp(join(tmpdir(), 'hubget-release-empty-'));
  service = new MirrorService({
    hub: () => ({ endpoint: hub.url }),
    offline: false,
    cacheDir: join(dir, 'cache'),
    visibilityPath: join(dir, 'mirror-repos.json'),
    fetcher,
  });
  await service.start();
}, 60_000);

afterAll(async () => {
  await service?.close();
  await hub?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

it('answers a client of an empty file let go by a forced stop at once, a 503 that says the pull was stopped', async () => {
  const asking = askService(service, '/org/empty/resolve/main/empty.txt');
  await until(() => service.holdsJob('pull'));
  expect(service.releaseJob('pull')).toBe(1);
  const answer = await valueWithin(asking, 5_000, 'still waiting on the paused pull');
  expect(answer).toMatchObject({ status: 503 });
  if (typeof answer === 'string') return;
  expect(answer.headers?.['x-error-message']).toMatch(/its pull was stopped on the mirror/);
  expect(service.holdsJob('pull')).toBe(false);

  // A client asking again waits on the pull again (which resumes a paused job), and gets the file when it ends.
  const again = askService(service, '/org/empty/resolve/main/empty.txt');
  await until(() => service.holdsJob('pull'));
  expect(pulls).toHaveLength(1);
  pulls[0]!.finish();
  const file = await valueWithin(again, 5_000, 'still waiting');
  expect(file).toMatchObject({ status: 200, body: '' });
}, 30_000);
