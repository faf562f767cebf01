/**
 * An empty file of a commit the mirror listed needs no byte: while the upstream is unreachable and with
 * --mirror-offline it is answered (200, no body, the Hub's headers) and listed, whether or not a client ever asked
 * the mirror for it. hubget's own client never does (it writes an empty file itself), so a repo pulled through the
 * mirror by hubget had none of its empty files in the mirror's cache. Before, such a file was a `503` ("not in the
 * mirror cache") while the upstream was unreachable, which huggingface_hub retries and then fails the whole
 * download on, and with --mirror-offline a `404` missing from the info, tree and paths-info answers, so a client
 * finished without it. Loopback only: the unreachable upstream is a closed port on 127.0.0.1.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { downloadModel } from '../../src/transfer/download-model.js';
import { tempDirs, testOptions } from '../download/download-fixtures.js';
import type { TestRepo } from '../hub/test-hub.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';
import { askService, serviceOver } from './mirror-service-harness.js';

const REPO = { repoId: 'org/with-empty', repoType: 'model' as const };
const EMPTY_GIT_OID = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';
let mirror: MirrorHarness;
let repo: TestRepo;
const temp = tempDirs('mirror-offline-empty-file');

beforeAll(async () => {
  mirror = await startMirror();
  repo = await mirror.hub.addRepo({
    repoId: REPO.repoId,
    files: [
      { path: 'config.json', content: '{"a":1}' },
      { path: 'pkg/__init__.py', content: '' },
      { path: 'weights.bin', size: 50_000, lfs: true },
    ],
  });
  // Online, hubget downloads the whole repo through the mirror: the mirror lists the commit (and keeps the listing).
  await downloadModel(
    { repo: REPO, hub: { endpoint: mirror.mirrorUrl }, cacheDir: await temp.make() },
    testOptions(),
  );
}, 60_000);

afterAll(async () => {
  await mirror?.close();
  await temp.removeAll();
});

async function expectEmptyFile(offline: boolean): Promise<void> {
  const service = await serviceOver(mirror, { offline });
  try {
    for (const method of ['HEAD', 'GET'] as const) {
      const answer = await askService(service, '/org/with-empty/resolve/main/pkg/__init__.py', { method });
      expect(answer.status, `${method}, offline ${offline}`).toBe(200);
      expect(answer.headers).toMatchObject({
        'content-length': '0',
        etag: `"${EMPTY_GIT_OID}"`,
        'x-repo-commit': repo.commit,
      });
      if (method === 'GET') expect(String(answer.body ?? '')).toBe('');
    }
    const info = await askService(service, '/api/models/org/with-empty/revision/main');
    const names = (JSON.parse(String(info.body)).siblings as { rfilename: string }[]).map((s) => s.rfilename);
    expect(names).toContain('pkg/__init__.py');
    const tree = await askService(service, `/api/models/org/with-empty/tree/${repo.commit}`, {
      query: 'recursive=true',
    });
    expect((JSON.parse(String(tree.body)) as { path: string }[]).map((entry) => entry.path)).toContain(
      'pkg/__init__.py',
    );
  } finally {
    await service.close();
  }
}

it('answers an empty file no client asked the mirror for while the upstream is unreachable', async () => {
  await expectEmptyFile(false);
});

it('lists and answers that empty file with --mirror-offline', async () => {
  await expectEmptyFile(true);
});
