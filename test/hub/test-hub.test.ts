import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub, type TestRepo, writeDeterministicFile } from './test-hub.js';

let hub: TestHub;
let repo: TestRepo;
const small = 'hello world\n';

async function get(url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') {
  const res = await request(url, { method, headers });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: res.headers, body, text: body.toString('utf8') };
}

const auth = { authorization: 'Bearer hf_test' };

beforeAll(async () => {
  hub = await startTestHub({ treePageSize: 3 });
  repo = await hub.addRepo({
    repoId: 'org/model',
    revisions: ['v1.0', { name: 'refs/pr/1', files: [{ path: 'pr.txt', content: 'pr' }] }],
    files: [
      { path: 'config.json', content: small },
      { path: 'model.safetensors', size: 64 * 1024 },
      { path: 'sub/dir/data.bin', size: 2048 },
      { path: 'sub/b.txt', content: 'b' },
      { path: 'empty.txt', content: '' },
    ],
  });
  await hub.addRepo({ repoId: 'org/private', private: true, files: [{ path: 'a.txt', content: 'secret' }] });
  await hub.addRepo({ repoId: 'org/gated', gated: true, files: [{ path: 'w.bin', size: 20_000 }] });
  await hub.addRepo({
    repoId: 'org/gated-denied',
    gated: true,
    gatedAccess: false,
    files: [{ path: 'w.bin', content: 'x' }],
  });
  await hub.addRepo({
    repoId: 'org/data',
    repoType: 'dataset',
    files: [{ path: 'train.csv', content: 'a,b\n' }],
  });
});
afterAll(() => hub.close());
beforeEach(() => hub.resetFaults());

describe('test hub: API', () => {
  it('answers revision info with sha and siblings, for branches, tags, HEAD and commits', async () => {
    const info = JSON.parse((await get(`${hub.url}/api/models/org/model/revision/main`)).text);
    expect(info.sha).toBe(repo.commit);
    expect(info.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(info.siblings.map((s: { rfilename: string }) => s.rfilename)).toContain('sub/dir/data.bin');
    expect(info.private).toBe(false);
    expect(info.gated).toBe(false);
    for (const rev of ['v1.0', 'HEAD', repo.commit, repo.commit.slice(0, 7)]) {
      expect(JSON.parse((await get(`${hub.url}/api/models/org/model/revision/${rev}`)).text).sha).toBe(
        repo.commit,
      );
    }
    const pr = JSON.parse((await get(`${hub.url}/api/models/org/model/revision/refs%2Fpr%2F1`)).text);
    expect(pr.sha).toBe(repo.refs['refs/pr/1']);
    expect(pr.sha).not.toBe(repo.commit);
    // Refs list pull requests only when asked, by number, as the Hub does (docs/hub-protocol.md §2.6).
    const refs = JSON.parse((await get(`${hub.url}/api/models/org/model/refs`)).text);
    expect(refs.pullRequests).toBeUndefined();
    expect(refs.branches.map((ref: { name: string }) => ref.name)).toEqual(['main']);
    const withPrs = JSON.parse((await get(`${hub.url}/api/models/org/model/refs?include_prs=1`)).text);
    expect(withPrs.pullRequests).toEqual([
      { name: '1', ref: 'refs/pr/1', targetCommit: repo.refs['refs/pr/1'] },
    ]);
    const dataset = JSON.parse((await get(`${hub.url}/api/datasets/org/data`)).text);
    expect(dataset.siblings).toEqual([{ rfilename: 'train.csv' }]);
    const gated = JSON.parse((await get(`${hub.url}/api/models/org/gated`)).text);
    expect(gated.gated).toBe('manual');
  });

  it('maps unknown repos and revisions to X-Error-Code errors', async () => {
    const missing = await get(`${hub.url}/api/models/org/nope/revision/main`);
    expect(missing.status).toBe(404);
    expect(missing.headers['x-error-code']).toBe('RepoNotFound');
    expect(JSON.parse(missing.text).error).toMatch(/not found/i);
    const rev = await get(`${hub.url}/api/models/org/model/revision/nope`);
    expect(rev.status).toBe(404);
    expect(rev.headers['x-error-code']).toBe('RevisionNotFound');
    expect(rev.headers['x-error-message']).toBeTruthy();
  });

  it('lists the tree recursively with directories, LFS info and Link pagination', async () => {
    let url: string | undefined = `${hub.url}/api/models/org/model/tree/${repo.commit}?recursive=true`;
    const entries: Array<{ type: string; path: string; size: number; oid: string; lfs?: { oid: string } }> =
      [];
    let pages = 0;
    while (url) {
      const page = await get(url);
      expect(page.status).toBe(200);
      const items = JSON.parse(page.text);
      expect(items.length).toBeLessThanOrEqual(3);
      entries.push(...items);
      pages++;
      url = /<([^>]+)>;\s*rel="next"/.exec(String(page.headers.link ?? ''))?.[1];
    }
    expect(pages).toBe(3);
    expect(entries.map((e) => e.path).sort()).toEqual(
      [
        'config.json',
        'empty.txt',
        'model.safetensors',
        'sub',
        'sub/b.txt',
        'sub/dir',
        'sub/dir/data.bin',
      ].sort(),
    );
    const model = entries.find((e) => e.path === 'model.safetensors');
    const file = repo.files.find((f) => f.path === 'model.safetensors')!;
    expect(model?.lfs?.oid).toBe(file.sha256);
    expect(model?.size).toBe(64 * 1024);
    expect(model?.oid).toBe(file.oid);
    expect(file.oid).not.toBe(file.gitSha1);
    const config = entries.find((e) => e.path === 'config.json');
    expect(config?.oid).toBe(createHash('sha1').update(`blob ${small.length}\0${small}`).digest('hex'));
    expect(config?.lfs).toBeUndefined();
    expect(entries.find((e) => e.path === 'sub')?.type).toBe('directory');

    const top = JSON.parse((await get(`${hub.url}/api/models/org/model/tree/main?limit=100`)).text);
    expect(top.map((e: { path: string }) => e.path).sort()).toEqual(
      ['config.json', 'empty.txt', 'model.safetensors', 'sub'].sort(),
    );
    const sub = JSON.parse(
      (await get(`${hub.url}/api/models/org/model/tree/main/sub?recursive=true&limit=100`)).text,
    );
    expect(sub.map((e: { path: string }) => e.path).sort()).toEqual([
      'sub/b.txt',
      'sub/dir',
      'sub/dir/data.bin',
    ]);
    const nope = await get(`${hub.url}/api/models/org/model/tree/main/nope`);
    expect(nope.headers['x-error-code']).toBe('EntryNotFound');
    const prTree = JSON.parse(
      (await get(`${hub.url}/api/models/org/model/tree/refs/pr/1?recursive=true`)).text,
    );
    expect(prTree.map((e: { path: string }) => e.path)).toEqual(['pr.txt']);
  });

  it('answers paths-info for JSON and form bodies, omitting missing paths', async () => {
    const url = `${hub.url}/api/models/org/model/paths-info/main`;
    const json = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ paths: ['config.json', 'missing', 'sub'], expand: true }),
    });
    const jsonItems = (await json.body.json()) as Array<{ path: string; lastCommit?: { id: string } }>;
    expect(jsonItems.map((e) => e.path)).toEqual(['config.json', 'sub']);
    expect(jsonItems[0]?.lastCommit?.id).toBe(repo.commit);
    const form = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'paths=model.safetensors&paths=nope&expand=false',
    });
    const formItems = (await form.body.json()) as Array<{
      path: string;
      lfs?: unknown;
      lastCommit?: unknown;
    }>;
    expect(formItems.map((e) => e.path)).toEqual(['model.safetensors']);
    expect(formItems[0]?.lfs).toBeDefined();
    expect(formItems[0]?.lastCommit).toBeUndefined();
  });
});

describe('test hub: resolve and CDN', () => {
  it('redirects LFS files to a signed CDN URL with X-Linked-* and serves ranges there', async () => {
    const file = repo.files.find((f) => f.path === 'model.safetensors')!;
    const head = await get(`${hub.url}/org/model/resolve/main/model.safetensors`, {}, 'HEAD');
    expect(head.status).toBe(302);
    expect(head.headers['x-repo-commit']).toBe(repo.commit);
    expect(head.headers['x-linked-etag']).toBe(`"${file.sha256}"`);
    expect(head.headers['x-linked-size']).toBe(String(file.size));
    expect(head.headers['accept-ranges']).toBe('bytes');
    const location = String(head.headers.location);
    expect(location.startsWith(`${hub.cdnUrl}/`)).toBe(true);
    expect(location).toMatch(/Expires=\d+/);
    expect(hub.cdnUrl).not.toBe(hub.url);

    const whole = await get(location);
    expect(whole.status).toBe(200);
    expect(whole.headers.etag).toBe(`"${file.sha256}"`);
    expect(createHash('sha256').update(whole.body).digest('hex')).toBe(file.sha256);
    expect(whole.body.equals(repo.contentOf('model.safetensors'))).toBe(true);

    const part = await get(location, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${file.size}`);
    expect(part.body.equals(whole.body.subarray(100, 200))).toBe(true);
    const open = await get(location, { range: `bytes=${file.size - 10}-` });
    expect(open.body.equals(whole.body.subarray(file.size - 10))).toBe(true);
    const suffix = await get(location, { range: 'bytes=-5' });
    expect(suffix.body.equals(whole.body.subarray(file.size - 5))).toBe(true);
    const bad = await get(location, { range: `bytes=${file.size}-` });
    expect(bad.status).toBe(416);
    expect(bad.headers['content-range']).toBe(`bytes */${file.size}`);

    const withToken = await get(location, auth);
    expect(withToken.status).toBe(400);
    const tampered = await get(location.replace(/Signature=[0-9a-f]+/, 'Signature=00'));
    expect(tampered.status).toBe(403);
  });

  it('serves LFS files whose names are not ASCII, naming them as RFC 6266 asks', async () => {
    const names = ['ünïcødé-名前.bin', 'esc\u001b[31m.bin'];
    const named = await hub.addRepo({
      repoId: 'org/names',
      files: names.map((path) => ({ path, size: 4096, lfs: true })),
    });
    for (const name of names) {
      const head = await get(`${hub.url}/org/names/resolve/main/${encodeURIComponent(name)}`, {}, 'HEAD');
      expect(head.status).toBe(302);
      const body = await get(String(head.headers.location));
      expect(body.status).toBe(200);
      expect(body.body.equals(named.contentOf(name))).toBe(true);
      const disposition = String(body.headers['content-disposition']);
      const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
      expect(decodeURIComponent(encoded ?? '')).toBe(name);
      expect(disposition).toMatch(/; filename="[\x20-\x7e]+"$/);
    }
  });

  it('redirects public regular files relatively to resolve-cache and serves 0-byte files directly', async () => {
    const head = await get(`${hub.url}/org/model/resolve/main/config.json`, {}, 'HEAD');
    expect(head.status).toBe(307);
    const location = String(head.headers.location);
    expect(location.startsWith(`/api/resolve-cache/models/org/model/${repo.commit}/config.json`)).toBe(true);
    const body = await get(`${hub.url}${location}`);
    expect(body.status).toBe(200);
    expect(body.text).toBe(small);
    expect(body.headers.etag).toBe(`"${repo.files.find((f) => f.path === 'config.json')!.gitSha1}"`);
    expect(body.headers['x-repo-commit']).toBe(repo.commit);
    const range = await get(`${hub.url}${location}`, { range: 'bytes=0-4' });
    expect(range.status).toBe(206);
    expect(range.text).toBe('hello');

    const empty = await get(`${hub.url}/org/model/resolve/main/empty.txt`);
    expect(empty.status).toBe(200);
    expect(empty.headers['content-length']).toBe('0');
    expect(empty.body.length).toBe(0);

    const dataset = await get(`${hub.url}/datasets/org/data/resolve/main/train.csv`, {}, 'HEAD');
    expect(dataset.status).toBe(307);
    expect(String(dataset.headers.location)).toContain('/api/resolve-cache/datasets/org/data/');
  });

  it('accepts percent-encoded revisions and reports missing files and revisions', async () => {
    const pr = await get(`${hub.url}/org/model/resolve/refs%2Fpr%2F1/pr.txt`, {}, 'HEAD');
    expect(pr.status).toBe(307);
    expect(pr.headers['x-repo-commit']).toBe(repo.refs['refs/pr/1']);
    const missing = await get(`${hub.url}/org/model/resolve/main/nope.txt`, {}, 'HEAD');
    expect(missing.status).toBe(404);
    expect(missing.headers['x-error-code']).toBe('EntryNotFound');
    expect(missing.headers['x-repo-commit']).toBe(repo.commit);
    const rev = await get(`${hub.url}/org/model/resolve/nope/config.json`, {}, 'HEAD');
    expect(rev.headers['x-error-code']).toBe('RevisionNotFound');
    const noRepo = await get(`${hub.url}/org/nope/resolve/main/config.json`, {}, 'HEAD');
    expect(noRepo.status).toBe(404);
    expect(noRepo.headers['x-error-code']).toBe('RepoNotFound');
  });

  it('enforces private and gated access', async () => {
    const anon = await get(`${hub.url}/api/models/org/private`);
    expect(anon.status).toBe(401);
    expect(anon.headers['x-error-code']).toBe('RepoNotFound');
    expect((await get(`${hub.url}/api/models/org/private`, auth)).status).toBe(200);
    const file = await get(`${hub.url}/org/private/resolve/main/a.txt`, auth);
    expect(file.status).toBe(200);
    expect(file.text).toBe('secret');
    expect((await get(`${hub.url}/org/private/resolve/main/a.txt`)).status).toBe(401);

    expect((await get(`${hub.url}/api/models/org/gated/tree/main`)).status).toBe(200);
    const gatedAnon = await get(`${hub.url}/org/gated/resolve/main/w.bin`, {}, 'HEAD');
    expect(gatedAnon.status).toBe(401);
    expect(gatedAnon.headers['x-error-code']).toBe('GatedRepo');
    const gatedBad = await get(
      `${hub.url}/org/gated/resolve/main/w.bin`,
      { authorization: 'Bearer hf_wrong' },
      'HEAD',
    );
    expect(gatedBad.status).toBe(401);
    expect(gatedBad.headers['x-error-code']).toBe('GatedRepo');
    expect((await get(`${hub.url}/org/gated/resolve/main/w.bin`, auth, 'HEAD')).status).toBe(302);
    const denied = await get(`${hub.url}/org/gated-denied/resolve/main/w.bin`, auth, 'HEAD');
    expect(denied.status).toBe(403);
    expect(denied.headers['x-error-code']).toBe('GatedRepo');
    const badToken = await get(`${hub.url}/api/models/org/model`, { authorization: 'Bearer hf_wrong' });
    expect(badToken.status).toBe(401);
    expect(badToken.headers['x-error-message']).toBe('Invalid credentials in Authorization header');
  });

  it('logs requests with host, range, status, bytes and whether a token was sent', async () => {
    hub.clearRequests();
    const head = await get(`${hub.url}/org/model/resolve/main/model.safetensors`, auth, 'HEAD');
    await get(String(head.headers.location), { range: 'bytes=0-99' });
    expect(hub.requests.map((r) => [r.host, r.method, r.status, r.authorization])).toEqual([
      ['hub', 'HEAD', 302, true],
      ['cdn', 'GET', 206, false],
    ]);
    expect(hub.requests[1]?.range).toBe('bytes=0-99');
    expect(hub.requests[1]?.file).toBe('model.safetensors');
    expect(hub.bytesServed('model.safetensors')).toBe(100);
    expect(hub.bytesServed('org/model/model.safetensors')).toBe(100);
  });
});

describe('test hub: content', () => {
  it('serves files from disk with the same bytes writeDeterministicFile produces', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hubget-hub-'));
    try {
      const filePath = join(dir, 'big.bin');
      await writeDeterministicFile(filePath, 300_000, { path: 'weights.bin' });
      const onDisk = await readFile(filePath);
      const diskRepo = await hub.addRepo({
        repoId: 'org/disk',
        files: [{ path: 'weights.bin', sourceFile: filePath }],
      });
      const generated = await hub.addRepo({
        repoId: 'org/generated',
        files: [{ path: 'weights.bin', size: 300_000 }],
      });
      expect(diskRepo.files[0]?.sha256).toBe(createHash('sha256').update(onDisk).digest('hex'));
      expect(generated.files[0]?.sha256).toBe(diskRepo.files[0]?.sha256);
      const head = await get(`${hub.url}/org/disk/resolve/main/weights.bin`, {}, 'HEAD');
      const part = await get(String(head.headers.location), { range: 'bytes=123457-200000' });
      expect(part.body.equals(onDisk.subarray(123457, 200001))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
