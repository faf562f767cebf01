/**
 * The test hub's repos that only some callers may download: `org/secret` (private), `org/gated` (gated, access
 * granted to the test token) and `org/gated-denied` (gated, access not granted). Shared by the tests of the
 * preview and of POST /api/downloads, which must answer them alike.
 */
import type { TestHub } from './test-hub.js';

export async function addAccessRepos(hub: TestHub): Promise<void> {
  await hub.addRepo({ repoId: 'org/secret', private: true, files: [{ path: 'a.txt', content: 'a' }] });
  await hub.addRepo({ repoId: 'org/gated', gated: true, files: [{ path: 'model.bin', size: 20_000 }] });
  await hub.addRepo({
    repoId: 'org/gated-denied',
    gated: true,
    gatedAccess: false,
    files: [{ path: 'model.bin', size: 20_000 }],
  });
}
