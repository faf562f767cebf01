/**
 * `@huggingface/hub`'s downloadFileToCacheDir by branch, against a mirror that answers from its cache (with
 * --mirror-offline, and with its upstream gone): the client names the snapshot folder after the paths-info
 * answer's `lastCommit.id` (else the file's sha256 or git sha1), so the mirror's own answers must carry it for
 * the file to land in `snapshots/<commit>/`, where it lands when the mirror passes the Hub's answer through.
 * Loopback only.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { downloadFileToCacheDir, pathsInfo } from '@huggingface/hub';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDirs } from '../download/download-fixtures.js';
import type { TestRepo } from '../hub/test-hub.js';
import { type MirrorHarness, pullsSettled, startMirror } from './mirror-harness.js';

const REPO_ID = 'org/branchy';
const PATHS = ['config.json', 'weights/model.bin'];
let mirror: MirrorHarness;
let repo: TestRepo;
const temp = tempDirs('mirror-offline-js-client');

beforeAll(async () => {
  vi.spyOn(console, 'debug').mockImplementation(() => undefined);
  mirror = await startMirror();
  repo = await mirror.hub.addRepo({
    repoId: REPO_ID,
    files: [
      { path: 'config.json', content: '{"model_type":"llama"}' },
      { path: 'weights/model.bin', size: 200_000, lfs: true },
    ],
  });
  // Online, a client fetches both files by branch: the mirror caches them and stores `refs/main`.
  for (const path of PATHS) {
    const response = await fetch(`${mirror.mirrorUrl}/${REPO_ID}/resolve/main/${path}`);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
  }
  await pullsSettled(mirror);
}, 60_000);

afterAll(async () => {
  await mirror?.close();
  await temp.removeAll();
});

/** Downloads every file by branch (`main`, the default) into a new cache and checks where each landed. */
async function downloadsLandUnderTheCommit(hubUrl: string): Promise<void> {
  const cacheDir = await temp.make();
  for (const path of PATHS) {
    const pointer = await downloadFileToCacheDir({ repo: REPO_ID, path, hubUrl, cacheDir });
    expect(pointer).toBe(join(cacheDir, 'models--org--branchy', 'snapshots', repo.commit, path));
    expect(await readFile(pointer)).toEqual(repo.contentOf(path));
  }
}

describe('@huggingface/hub by branch against a mirror answering from its cache', () => {
  it('with the upstream gone, files land under snapshots/<commit>/ as from the Hub', async () => {
    await mirror.hub.close();
    await downloadsLandUnderTheCommit(mirror.mirrorUrl);
  }, 30_000);

  it('restarted with --mirror-offline, the same; `lastCommit` only when asked, as the Hub', async () => {
    await mirror.server.close();
    const offline = await startMirror({ offline: true, hub: mirror.hub, dir: mirror.dir });
    try {
      const [entry] = await pathsInfo({
        repo: REPO_ID,
        paths: ['weights/model.bin'],
        expand: true,
        hubUrl: offline.mirrorUrl,
      });
      expect(entry?.lastCommit?.id).toBe(repo.commit);
      expect(Number.isNaN(entry?.lastCommit?.date.getTime())).toBe(false);
      const [plain] = await pathsInfo({ repo: REPO_ID, paths: ['config.json'], hubUrl: offline.mirrorUrl });
      expect(plain?.lastCommit).toBeUndefined();
      await downloadsLandUnderTheCommit(offline.mirrorUrl);
    } finally {
      await offline.close();
    }
  }, 30_000);
});
