/**
 * A cold pull of a whole repo through the mirror lists the repo upstream about once, not once per file: each
 * file is a download job pinned to the commit, and the jobs share the commit's listing
 * (src/hub/commit-listings.ts). Before, a 3000-file repo cost 3000 tree listings of the Hub's API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../hub/test-hub.js';
import { sha256 } from '../support/transfer/transfer-harness.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';

const COUNT = 12;
let mirror: MirrorHarness;
let repo: TestRepo;

beforeAll(async () => {
  mirror = await startMirror();
  repo = await mirror.hub.addRepo({
    repoId: 'org/many-files',
    files: Array.from({ length: COUNT }, (_, index) => ({ path: `part-${index}.bin`, size: 30_000 })),
  });
}, 60_000);

afterAll(async () => {
  await mirror?.close();
});

describe('mirror pull of many files', () => {
  it('lists the repo upstream about once for all its files', async () => {
    mirror.hub.clearRequests();
    const bodies = await Promise.all(
      repo.files.map(async (file) => {
        const response = await fetch(`${mirror.mirrorUrl}/org/many-files/resolve/main/${file.path}`);
        expect(response.status, file.path).toBe(200);
        return { path: file.path, body: Buffer.from(await response.arrayBuffer()) };
      }),
    );
    for (const { path, body } of bodies) expect(sha256(body), path).toBe(sha256(repo.contentOf(path)));
    const listings = mirror.hub.requests.filter(
      (entry) => entry.host === 'hub' && (entry.path.includes('/tree/') || entry.path.includes('/revision/')),
    );
    // One revision call for main (visibility and resolution), one listing shared by the mirror's answers and
    // the twelve pull jobs.
    expect(listings.length, listings.map((entry) => entry.path).join('\n')).toBeLessThanOrEqual(2);
  });
});
