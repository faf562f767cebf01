/**
 * Real clients against a mirror, each from its own network namespace (the mirror is reached over a veth
 * interface): `@huggingface/hub` (snapshotDownload, downloadFileToCacheDir) and hubget's CLI produce the
 * same cache as a download straight from the test hub; three clients at once on a cold mirror cost the
 * test hub ≤ 1.1× the repo's bytes, and a second wave costs nothing.
 */
import { execFile } from 'node:child_process';
import { get } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { downloadFileToCacheDir, snapshotDownload } from '@huggingface/hub';
import { beforeAll, expect, it, vi } from 'vitest';
import type { TestRepo } from '../hub/test-hub.js';
import { cacheListing } from './mirror-harness.js';
import { describeWithNamespaces, namespacedMirrorHooks } from './namespaced-mirror-suite.js';
import { hubgetCli, jsClient } from './run-client.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

describeWithNamespaces()('mirror with real clients over a network namespace', () => {
  let repo: TestRepo;
  const repoBytes = () => repo.files.reduce((sum, file) => sum + file.size, 0);

  beforeAll(() => {
    vi.spyOn(console, 'debug').mockImplementation(() => undefined);
  });
  const setup = namespacedMirrorHooks(3, 'hubget-mirror-clients-');

  beforeAll(async () => {
    repo = await setup.mirror.hub.addRepo({
      repoId: 'org/mirrored',
      files: [
        { path: 'config.json', content: '{"model_type":"llama"}\n' },
        { path: 'model.safetensors', size: 6_000_000 },
        { path: 'nested/tokenizer.json', content: '{"t":1}' },
        { path: 'nested/extra.bin', size: 1_500_000 },
      ],
    });
  });

  it('three clients at once on a cold mirror: the test hub serves the repo once; a second wave costs 0', async () => {
    const { ns, mirror, work } = setup;
    const caches = ns.names.map((_, i) => join(work, `wave1-${i}`));
    const outcomes = await Promise.all(
      ns.names.map((name, i) =>
        jsClient(name, {
          kind: 'snapshot',
          hubUrl: mirror.mirrorUrl,
          repo: 'org/mirrored',
          cacheDir: caches[i],
        }),
      ),
    );
    for (const outcome of outcomes) expect(outcome.stderr, outcome.stderr).toBe('');
    expect(outcomes.map((o) => o.code)).toEqual([0, 0, 0]);
    const served = mirror.hub.bytesServed();
    expect(served).toBeGreaterThanOrEqual(repoBytes());
    expect(served).toBeLessThanOrEqual(1.1 * repoBytes());

    const direct = join(work, 'direct');
    await snapshotDownload({ repo: 'org/mirrored', hubUrl: mirror.hub.url, cacheDir: direct });
    const reference = await cacheListing(direct);
    for (const cache of caches) expect(await cacheListing(cache)).toEqual(reference);

    const before = mirror.hub.bytesServed();
    const wave2 = await Promise.all(
      ns.names.map((name, i) =>
        jsClient(name, {
          kind: 'snapshot',
          hubUrl: mirror.mirrorUrl,
          repo: 'org/mirrored',
          cacheDir: join(work, `wave2-${i}`),
        }),
      ),
    );
    expect(wave2.map((o) => o.code)).toEqual([0, 0, 0]);
    // Only metadata (listings) is asked upstream again: no file byte.
    expect(mirror.hub.bytesServed()).toBe(before);

    // A non-loopback bind: /api needs the API token, /hf (above) never did.
    expect((await fetch(`${mirror.server.url}/api/mirror`)).status).toBe(401);
    const stats = (await (
      await fetch(`${mirror.server.url}/api/mirror`, {
        headers: { authorization: 'Bearer mirror-test-api-token' },
      })
    ).json()) as { requests: { hit: number; miss: number }; bytesUpstream: number; bytesServed: number };
    expect(stats.requests.miss).toBe(repo.files.length);
    expect(stats.requests.hit).toBeGreaterThanOrEqual(3 * repo.files.length);
    expect(stats.bytesServed).toBeGreaterThanOrEqual(6 * repoBytes());
  }, 120_000);

  it('downloadFileToCacheDir through the mirror stores what a download from the hub stores', async () => {
    const { ns, mirror, work } = setup;
    const viaMirror = join(work, 'file-mirror');
    const outcome = await jsClient(ns.names[0]!, {
      kind: 'file',
      hubUrl: mirror.mirrorUrl,
      repo: 'org/mirrored',
      path: 'nested/extra.bin',
      cacheDir: viaMirror,
    });
    expect(outcome.code, outcome.stderr).toBe(0);
    const direct = join(work, 'file-direct');
    await downloadFileToCacheDir({
      repo: 'org/mirrored',
      path: 'nested/extra.bin',
      hubUrl: mirror.hub.url,
      cacheDir: direct,
    });
    expect(await cacheListing(viaMirror)).toEqual(await cacheListing(direct));
  }, 60_000);

  it("hubget's own CLI through the mirror stores what it stores from the hub", async () => {
    const { ns, mirror, work } = setup;
    const viaMirror = join(work, 'cli-mirror');
    const outcome = await hubgetCli(ns.names[1]!, mirror.mirrorUrl, viaMirror, ['org/mirrored']);
    expect(outcome.code, outcome.stderr).toBe(0);
    const direct = join(work, 'cli-direct');
    // Async: the test hub lives in this process, a synchronous spawn would block it.
    await run(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'src', 'cli', 'main.ts'),
        'download',
        'org/mirrored',
        '--cache-dir',
        direct,
      ],
      { cwd: ROOT, env: { ...process.env, HF_ENDPOINT: mirror.hub.url, HF_TOKEN: '' } },
    );
    expect(await cacheListing(viaMirror)).toEqual(await cacheListing(direct));
  }, 60_000);

  it('refuses hostile input with the Hub status and error code, reading nothing outside the cache', async () => {
    const { mirror } = setup;
    const cases: Array<[string, number, string | null]> = [
      ['/org/mirrored/resolve/main/..%2F..%2Fetc%2Fpasswd', 404, 'EntryNotFound'],
      ['/org/mirrored/resolve/main/nested/../../../etc/passwd', 404, 'EntryNotFound'],
      ['/..%2F..%2Fetc/passwd/resolve/main/x', 404, 'RepoNotFound'],
      ['/org/missing/resolve/main/config.json', 404, 'RepoNotFound'],
      ['/org/mirrored/resolve/nope/config.json', 404, 'RevisionNotFound'],
      ['/org/mirrored/resolve/main/absent.txt', 404, 'EntryNotFound'],
    ];
    for (const [path, status, code] of cases) {
      // node:http sends the path as written (fetch would normalise the `..` away before sending).
      const response = await rawGet(`${mirror.mirrorUrl}${path}`);
      expect(response.status, path).toBe(status);
      expect(response.errorCode, path).toBe(code);
      expect(response.body).not.toContain('root:');
    }
    const range = await fetch(`${mirror.mirrorUrl}/org/mirrored/resolve/main/model.safetensors`, {
      headers: { range: 'bytes=6000000-' },
    });
    expect(range.status).toBe(416);
    expect(range.headers.get('content-range')).toBe('bytes */6000000');
  });
});

function rawGet(url: string): Promise<{ status: number; errorCode: string | null; body: string }> {
  const { hostname, port, pathname } = new URL(url);
  const path = url.slice(url.indexOf(pathname.split('/').slice(0, 2).join('/'), url.indexOf('//') + 2));
  return new Promise((resolve, reject) => {
    get({ hostname, port, path }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += String(chunk);
      });
      response.on('end', () => {
        const code = response.headers['x-error-code'];
        resolve({
          status: response.statusCode ?? 0,
          errorCode: typeof code === 'string' ? code : null,
          body,
        });
      });
    }).on('error', reject);
  });
}
