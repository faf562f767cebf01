/**
 * Conditional requests on the mirror's file answers (docs/mirror.md, "Conditional requests"): a resume with
 * `If-Range` naming the file before `main` moved gets the new file whole (`200`), not the new file's bytes
 * to splice onto the old ones; one naming the current file (its `ETag` or its sha256) gets its range; and
 * `If-None-Match` with either tag is a `304` carrying the `200`'s headers and no body, for GET and HEAD.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../hub/test-hub.js';
import { type MirrorHarness, pullsSettled, startMirror } from './mirror-harness.js';

const SIZE = 200_000;
let mirror: MirrorHarness;
let before: TestRepo;
let after: TestRepo;

beforeAll(async () => {
  mirror = await startMirror();
  before = await mirror.hub.addRepo({
    repoId: 'org/moving',
    files: [
      { path: 'model.safetensors', size: SIZE, seed: 'v1' },
      { path: 'config.json', content: '{"v":1}' },
    ],
  });
  after = await mirror.hub.addRepo({
    repoId: 'org/moving',
    files: [
      { path: 'model.safetensors', size: SIZE, seed: 'v2' },
      { path: 'config.json', content: '{"v":2}' },
    ],
  });
}, 60_000);

afterAll(() => mirror?.close());

const url = (path: string, revision = 'main') => `${mirror.mirrorUrl}/org/moving/resolve/${revision}/${path}`;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function get(path: string, headers: Record<string, string>, method = 'GET', revision = 'main') {
  const response = await fetch(url(path, revision), { method, headers });
  return {
    status: response.status,
    headers: response.headers,
    body: Buffer.from(await response.arrayBuffer()),
  };
}

describe('conditional file requests through the mirror', () => {
  it('If-Range: a resume after main moved gets the new file whole; a current validator gets its range', async () => {
    // The first part came before `main` moved (the mirror keeps a branch's commit for 10 s: asked by commit).
    const first = await get('model.safetensors', { range: 'bytes=0-9' }, 'GET', before.commit);
    expect(first.status).toBe(206);
    const oldEtag = first.headers.get('etag')!;
    const oldSha = first.headers.get('x-linked-etag')!;
    expect(oldSha).toBe(`"${before.files[0]!.sha256}"`);
    await pullsSettled(mirror);
    const file = after.files.find((f) => f.path === 'model.safetensors')!;
    expect(file.sha256).not.toBe(before.files[0]!.sha256);

    for (const stale of [oldEtag, oldSha]) {
      const resumed = await get('model.safetensors', { range: 'bytes=10-', 'if-range': stale });
      expect(resumed.status).toBe(200);
      expect(resumed.headers.get('content-range')).toBeNull();
      expect(resumed.body.length).toBe(SIZE);
      expect(sha256(resumed.body)).toBe(file.sha256);
    }
    // A date (the mirror sends no Last-Modified) and a weak tag never validate a range.
    for (const validator of [new Date().toUTCString(), `W/"${file.sha256}"`]) {
      const whole = await get('model.safetensors', { range: 'bytes=0-9', 'if-range': validator });
      expect(whole.status).toBe(200);
      expect(whole.body.length).toBe(SIZE);
    }
    const current = await get('model.safetensors', { range: 'bytes=0-9' });
    for (const validator of [current.headers.get('etag')!, `"${file.sha256}"`]) {
      const ranged = await get('model.safetensors', { range: 'bytes=10-19', 'if-range': validator });
      expect(ranged.status).toBe(206);
      expect(ranged.headers.get('content-range')).toBe(`bytes 10-19/${SIZE}`);
      expect(ranged.body).toEqual(after.contentOf('model.safetensors').subarray(10, 20));
    }
  }, 60_000);

  it('If-None-Match with the ETag or the sha256 → 304 with the 200’s headers and no body (GET and HEAD)', async () => {
    const file = after.files.find((f) => f.path === 'model.safetensors')!;
    const full = await get('model.safetensors', {}, 'HEAD');
    expect(full.status).toBe(200);
    const etag = full.headers.get('etag')!;
    for (const method of ['GET', 'HEAD']) {
      for (const tag of [etag, `"${file.sha256}"`, `W/"${file.sha256}"`, `"other", ${etag}`, '*']) {
        const answer = await get('model.safetensors', { 'if-none-match': tag, range: 'bytes=0-9' }, method);
        expect(answer.status, `${method} ${tag}`).toBe(304);
        expect(answer.body.length).toBe(0);
        for (const name of ['etag', 'x-linked-etag', 'x-linked-size', 'x-repo-commit', 'content-length']) {
          expect(answer.headers.get(name), name).toBe(full.headers.get(name));
        }
      }
    }
    // The file before main moved, or a malformed list: the file itself.
    const old = await get('model.safetensors', { 'if-none-match': `"${before.files[0]!.sha256}"` });
    expect(old.status).toBe(200);
    expect(sha256(old.body)).toBe(file.sha256);
    expect((await get('model.safetensors', { 'if-none-match': file.sha256 })).status).toBe(200);

    // A git-stored file: its ETag is the git sha1.
    const config = after.files.find((f) => f.path === 'config.json')!;
    expect((await get('config.json', { 'if-none-match': `"${config.gitSha1}"` })).status).toBe(304);
    // A 304 needs no bytes: nothing was pulled for it.
    expect(mirror.server.jobs.list().map((job) => job.name)).not.toContain('mirror: org/moving/config.json');
    const oldConfig = before.files.find((f) => f.path === 'config.json')!;
    const changed = await get('config.json', { 'if-none-match': `"${oldConfig.gitSha1}"` });
    expect(changed.status).toBe(200);
    expect(changed.body.toString()).toBe('{"v":2}');
  }, 60_000);

  it('If-Match names the file or gets a 412; the dates are compared with when the mirror stored it', async () => {
    const file = after.files.find((f) => f.path === 'model.safetensors')!;
    const stale = `"${before.files[0]!.sha256}"`;
    // A file not held yet (main's config.json before it moved): If-Match needs no bytes, so a 412 starts no pull;
    // the dates have nothing to compare with, and are ignored.
    const jobs = mirror.server.jobs.list().length;
    const wrong = `"${after.files.find((f) => f.path === 'config.json')!.gitSha1}"`;
    expect((await get('config.json', { 'if-match': wrong }, 'GET', before.commit)).status).toBe(412);
    expect(mirror.server.jobs.list().length).toBe(jobs);
    const soon = new Date(Date.now() + 1000).toUTCString();
    const held = await get('config.json', { 'if-modified-since': soon }, 'GET', before.commit);
    expect(held.status).toBe(200);
    expect(held.body.toString()).toBe('{"v":1}');
    await pullsSettled(mirror);

    const etag = (await get('model.safetensors', {}, 'HEAD')).headers.get('etag')!;
    for (const method of ['GET', 'HEAD']) {
      for (const tag of [stale, `W/"${file.sha256}"`, file.sha256]) {
        const refused = await get('model.safetensors', { 'if-match': tag, range: 'bytes=0-9' }, method);
        expect(refused.status, `${method} ${tag}`).toBe(412);
        expect(refused.headers.get('x-linked-etag')).toBe(`"${file.sha256}"`);
        expect(refused.headers.get('content-range')).toBeNull();
      }
      for (const tag of [`"${file.sha256}"`, `${stale}, ${etag}`, '*']) {
        const ranged = await get('model.safetensors', { 'if-match': tag, range: 'bytes=0-9' }, method);
        expect(ranged.status, `${method} ${tag}`).toBe(206);
      }
    }
    const ranged = await get('model.safetensors', { 'if-match': `"${file.sha256}"`, range: 'bytes=0-9' });
    expect(ranged.body).toEqual(after.contentOf('model.safetensors').subarray(0, 10));

    // Stored before now, after the year 2000 (HTTP-dates are to the second).
    const now = new Date().toUTCString();
    const longAgo = new Date('2000-01-01T00:00:00Z').toUTCString();
    for (const method of ['GET', 'HEAD']) {
      const notModified = await get('model.safetensors', { 'if-modified-since': now }, method);
      expect(notModified.status, method).toBe(304);
      expect(notModified.body.length).toBe(0);
      expect(notModified.headers.get('x-linked-etag')).toBe(`"${file.sha256}"`);
      expect((await get('model.safetensors', { 'if-unmodified-since': longAgo }, method)).status).toBe(412);
    }
    const modified = await get('model.safetensors', { 'if-modified-since': longAgo });
    expect(modified.status).toBe(200);
    expect(sha256(modified.body)).toBe(file.sha256);
    expect((await get('model.safetensors', { 'if-unmodified-since': now, range: 'bytes=0-9' })).status).toBe(
      206,
    );
    // If-None-Match decides over If-Modified-Since.
    expect(
      (await get('model.safetensors', { 'if-modified-since': now, 'if-none-match': stale })).status,
    ).toBe(200);
  }, 60_000);
});
