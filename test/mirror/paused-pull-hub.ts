/**
 * The test hub of the paused-pull tests (mirror-paused-rate-limit*.test.ts): a repo with an 8 MiB file whose
 * streams the hub paces at 100 kB/s, so a pull of it can be paused part-way, and a small file whose pull the
 * tests make the upstream rate-limit. Loopback only.
 */
import { afterAll, beforeAll, vi } from 'vitest';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { MirrorRestarts } from '../support/mirror/offline-restarts.js';

export const BIG = 8 * 1024 * 1024;
export const PACED = { perStreamBytesPerSecond: { bytesPerSecond: 100_000 } } as const;
export const MIRROR_TOKEN = 'hf_mirror_token';

/** The hub with `repoId` (big.bin, other.bin), and big.bin's content. */
export async function startPausedPullHub(repoId: string): Promise<{ hub: TestHub; content: Buffer }> {
  const hub = await startTestHub({ token: [MIRROR_TOKEN], faults: PACED });
  const repo = await hub.addRepo({
    repoId,
    files: [
      { path: 'big.bin', size: BIG },
      { path: 'other.bin', size: 64 * 1024 },
    ],
  });
  return { hub, content: repo.contentOf('big.bin') };
}

/** What a file's hooks set up for its tests (pausedPullRestarts). */
export interface PausedPullRestarts {
  hub: TestHub;
  content: Buffer;
  servers: MirrorRestarts;
}

/**
 * The file's hooks: before its tests the paced hub with `repoId` and one mirror restarted over the same data dir
 * (MirrorRestarts, the mirror token; mirror debug lines muted), after them all closed. Read the fields in tests.
 */
export function pausedPullRestarts(repoId: string): PausedPullRestarts {
  const suite = {} as PausedPullRestarts;
  beforeAll(async () => {
    vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    Object.assign(suite, await startPausedPullHub(repoId));
    suite.servers = new MirrorRestarts(suite.hub, () => ({ token: MIRROR_TOKEN }));
  }, 60_000);
  afterAll(async () => {
    await suite.servers?.stop();
    await suite.hub?.close();
    await suite.servers?.close();
  });
  return suite;
}

/** The file requests that reached the upstream (the CDN or a `/resolve/`), not its API calls. */
export function upstreamFileRequests(hub: TestHub): TestHub['requests'] {
  return hub.requests.filter((request) => request.host === 'cdn' || request.path.includes('/resolve/'));
}
