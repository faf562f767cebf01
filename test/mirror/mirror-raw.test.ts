/**
 * `/raw/` through the mirror (docs/mirror.md, "What `/hf` answers"): the git object of a file, which for an LFS file
 * is its pointer file, answered from the listing alone (no pull), and for a regular file the file as `resolve`
 * gives it. `@huggingface/hub`'s `fileExists` asks `HEAD /raw/`: before, the mirror answered every `/raw/` request
 * `404` ("Not a Hub endpoint this mirror serves"), so `fileExists` said false for every file of every repo.
 * Loopback only.
 */
import { createHash } from 'node:crypto';
import { fileExists } from '@huggingface/hub';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestRepo } from '../hub/test-hub.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';
import { askService, serviceOver } from './mirror-service-harness.js';

const REPO_ID = 'org/rawish';
let mirror: MirrorHarness;
let repo: TestRepo;

beforeAll(async () => {
  mirror = await startMirror();
  repo = await mirror.hub.addRepo({
    repoId: REPO_ID,
    files: [
      { path: 'config.json', content: '{"raw":true}' },
      { path: 'weights/model.bin', size: 100_000, lfs: true },
    ],
  });
}, 60_000);

afterAll(async () => {
  await mirror?.close();
});

const weights = () => repo.files.find((file) => file.path === 'weights/model.bin')!;
const gitOid = (body: Buffer) =>
  createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');

it("answers @huggingface/hub's fileExists (HEAD /raw/) for a regular file and an LFS file", async () => {
  const hubUrl = mirror.mirrorUrl;
  expect(await fileExists({ repo: REPO_ID, path: 'config.json', hubUrl })).toBe(true);
  expect(await fileExists({ repo: REPO_ID, path: 'weights/model.bin', hubUrl })).toBe(true);
  expect(await fileExists({ repo: REPO_ID, path: 'missing.bin', hubUrl })).toBe(false);
});

it("answers an LFS file's /raw/ with its pointer file, whose git oid is the listing's, and pulls nothing", async () => {
  const before = mirror.hub.requests.filter((request) => request.host === 'cdn').length;
  const response = await fetch(`${mirror.mirrorUrl}/${REPO_ID}/raw/main/weights/model.bin`);
  expect(response.status).toBe(200);
  const body = Buffer.from(await response.arrayBuffer());
  expect(body.toString()).toBe(
    `version https://git-lfs.github.com/spec/v1\noid sha256:${weights().sha256}\nsize 100000\n`,
  );
  expect(gitOid(body)).toBe(weights().oid);
  expect(response.headers.get('etag')).toBe(`"${weights().oid}"`);
  expect(response.headers.get('x-repo-commit')).toBe(repo.commit);
  expect(response.headers.get('x-linked-etag')).toBeNull();
  expect(response.headers.get('content-length')).toBe(String(body.length));
  const ranged = await fetch(`${mirror.mirrorUrl}/${REPO_ID}/raw/main/weights/model.bin`, {
    headers: { range: 'bytes=0-6' },
  });
  expect([ranged.status, await ranged.text()]).toEqual([206, 'version']);
  expect(mirror.hub.requests.filter((request) => request.host === 'cdn').length).toBe(before);

  const regular = await fetch(`${mirror.mirrorUrl}/${REPO_ID}/raw/main/config.json`);
  expect([regular.status, await regular.text()]).toEqual([200, '{"raw":true}']);
});

it('answers the pointer from the kept listing while the upstream is unreachable', async () => {
  const service = await serviceOver(mirror);
  try {
    const answer = await askService(service, `/${REPO_ID}/raw/main/weights/model.bin`, { method: 'HEAD' });
    expect(answer.status).toBe(200);
    expect(answer.headers.etag).toBe(`"${weights().oid}"`);
  } finally {
    await service.close();
  }
});
