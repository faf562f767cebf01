/**
 * Drives the test hub with the real `@huggingface/hub` client: if it can list, inspect and download
 * through our hub, the hub speaks the real protocol (tree pagination, paths-info with expand, the
 * `Range: bytes=0-0` GET probe on /resolve/, 302 to the CDN and 307 to resolve-cache).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadFileToCacheDir, listFiles, modelInfo, snapshotDownload } from '@huggingface/hub';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestHub, type TestHub, type TestRepo } from './test-hub.js';

let hub: TestHub;
let repo: TestRepo;
let cacheDir: string;

beforeAll(async () => {
  vi.spyOn(console, 'debug').mockImplementation(() => undefined);
  hub = await startTestHub({ treePageSize: 2 });
  repo = await hub.addRepo({
    repoId: 'org/conformance',
    private: true,
    files: [
      { path: 'config.json', content: '{"a":1}\n' },
      { path: 'model.safetensors', size: 50_000 },
      { path: 'nested/tokenizer.json', content: '{"t":true}' },
      { path: 'nested/deeper/w.bin', size: 12_000, lfs: true },
    ],
  });
  cacheDir = await mkdtemp(join(tmpdir(), 'hubget-conformance-'));
});
afterAll(async () => {
  await hub.close();
  await rm(cacheDir, { recursive: true, force: true });
});

const credentials = () => ({ hubUrl: hub.url, accessToken: hub.token });

describe('@huggingface/hub against the test hub', () => {
  it('modelInfo returns the commit', async () => {
    const info = await modelInfo({
      name: 'org/conformance',
      revision: 'main',
      additionalFields: ['sha'],
      ...credentials(),
    });
    expect(info.sha).toBe(repo.commit);
    expect(info.private).toBe(true);
  });

  it('listFiles follows pagination and reports LFS metadata', async () => {
    const entries = [];
    for await (const entry of listFiles({ repo: 'org/conformance', recursive: true, ...credentials() })) {
      entries.push(entry);
    }
    const files = entries.filter((e) => e.type === 'file');
    expect(files.map((f) => f.path).sort()).toEqual(repo.files.map((f) => f.path).sort());
    const model = files.find((f) => f.path === 'model.safetensors');
    expect(model?.lfs?.oid).toBe(repo.files.find((f) => f.path === 'model.safetensors')?.sha256);
    expect(hub.requests.filter((r) => r.path.includes('/tree/')).length).toBeGreaterThan(1);
  });

  it('downloadFileToCacheDir and snapshotDownload fetch exact bytes', async () => {
    const single = await downloadFileToCacheDir({
      repo: 'org/conformance',
      path: 'model.safetensors',
      revision: repo.commit,
      cacheDir,
      ...credentials(),
    });
    const expected = repo.files.find((f) => f.path === 'model.safetensors')!;
    expect(
      createHash('sha256')
        .update(await readFile(single))
        .digest('hex'),
    ).toBe(expected.sha256);
    expect(await readlink(single)).toContain(`blobs/${expected.sha256}`);

    hub.clearRequests();
    const folder = await snapshotDownload({ repo: 'org/conformance', cacheDir, ...credentials() });
    expect(folder.endsWith(join('snapshots', repo.commit))).toBe(true);
    for (const file of repo.files) {
      const content = await readFile(join(folder, file.path));
      expect(content.equals(repo.contentOf(file.path))).toBe(true);
    }
    expect((await readFile(join(cacheDir, 'models--org--conformance', 'refs', 'main'), 'utf8')).trim()).toBe(
      repo.commit,
    );
    // The token went to the hub on every hub request and never to the CDN.
    expect(hub.requests.some((r) => r.host === 'cdn')).toBe(true);
    for (const r of hub.requests) expect(r.authorization).toBe(r.host === 'hub');
    expect(hub.requests.some((r) => r.method === 'POST' && r.path.includes('/paths-info/'))).toBe(true);
  });

  it('snapshotDownload of a public repo goes through the relative 307 to resolve-cache', async () => {
    const open = await hub.addRepo({
      repoId: 'org/public',
      files: [
        { path: 'readme.md', content: '# hi\n' },
        { path: 'w.bin', size: 30_000 },
      ],
    });
    hub.clearRequests();
    const folder = await snapshotDownload({ repo: 'org/public', cacheDir, hubUrl: hub.url });
    expect((await readFile(join(folder, 'readme.md'), 'utf8')).toString()).toBe('# hi\n');
    expect((await readFile(join(folder, 'w.bin'))).equals(open.contentOf('w.bin'))).toBe(true);
    expect(hub.requests.some((r) => r.status === 307)).toBe(true);
    expect(hub.requests.some((r) => r.path.startsWith('/api/resolve-cache/models/org/public/'))).toBe(true);
  });
});
