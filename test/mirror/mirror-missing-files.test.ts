/**
 * While the upstream is unreachable, a file the commit does not list is answered as the Hub answers it, a
 * 404 EntryNotFound at once (the mirror kept the commit's listing), and only a file the commit lists but the
 * cache lacks gets the 503. huggingface_hub retries a 503 five times (≈ 23 s) and transformers asks for many
 * optional files; with only 503s, loading a model through a mirror that lost its upstream took minutes.
 * Loopback only: the "unreachable" upstream is a closed port on 127.0.0.1 (mirror-service-harness.ts).
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HubgetError } from '../../src/errors.js';
import { startTestHub } from '../hub/test-hub.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';
import { askService, serviceOver } from './mirror-service-harness.js';

let mirror: MirrorHarness;

beforeAll(async () => {
  mirror = await startMirror();
  await mirror.hub.addRepo({
    repoId: 'org/partly',
    files: [
      { path: 'config.json', content: '{"kept":true}' },
      { path: 'weights/model.bin', size: 100_000, lfs: true },
    ],
  });
}, 60_000);

afterAll(() => mirror?.close());

describe('a mirror whose upstream is unreachable', () => {
  it('answers a file the commit lacks with a 404 at once, a listed file it does not hold with a 503', async () => {
    // Online, a client fetches one of the two files: the mirror lists the commit (and keeps the listing),
    // caches config.json and stores refs/main (mirror-ref-from-files.test.ts).
    const fetched = await fetch(`${mirror.mirrorUrl}/org/partly/resolve/main/config.json`);
    expect(fetched.status).toBe(200);
    await fetched.arrayBuffer();
    const commit = fetched.headers.get('x-repo-commit');

    const service = await serviceOver(mirror);
    const ask = (path: string) => askService(service, `/org/partly/resolve/main/${path}`, { method: 'HEAD' });
    const kept = await ask('config.json');
    expect(kept.status, String(kept.headers['x-error-message'])).toBe(200);
    const optional = await ask('generation_config.json');
    expect(optional.status).toBe(404);
    expect(optional.headers['x-error-code']).toBe('EntryNotFound');
    expect(optional.headers['x-repo-commit']).toBe(commit);
    const notHeld = await ask('weights/model.bin');
    expect(notHeld.status).toBe(503);
    expect(notHeld.headers['x-error-message']).toMatch(/not in the mirror cache/);

    // Without the stored listing the mirror cannot tell the two apart: both are 503, as before.
    const blind = await serviceOver(mirror, { listingsDir: join(mirror.dir, 'no-listings') });
    const blindAnswer = await askService(blind, '/org/partly/resolve/main/generation_config.json', {
      method: 'HEAD',
    });
    expect(blindAnswer.status).toBe(503);
  });

  it('takes a pull that cannot reach the upstream as the upstream being gone', async () => {
    // The listing and the revision come from the (live) test hub, the blob fetch fails as when the upstream
    // vanished in between: later requests must not each try it again.
    const service = await serviceOver(mirror, {
      hub: () => ({ endpoint: mirror.hub.url }),
      cacheDir: join(mirror.dir, 'another-cache'),
      visibilityPath: join(mirror.dir, 'another-data', 'mirror-repos.json'),
      fetcher: {
        fetch: () => Promise.reject(new HubgetError('NETWORK_UNREACHABLE', 'Cannot reach the upstream')),
      },
    });
    expect(service.upstream.reachable).toBe(true);
    const answer = await askService(service, '/org/partly/resolve/main/config.json');
    if (answer.body instanceof Readable) await finished(answer.body.resume()).catch(() => undefined);
    await vi.waitFor(() => expect(service.upstream.reachable).toBe(false));
  });

  it('sends the status of a file still being pulled after a short wait, not after its first bytes', async () => {
    // A pull that brings nothing yet (a range far into a big file): the reply must not wait for it (a
    // client gives up on headers after a while: hubget's own after 60 s); its body waits instead.
    const service = await serviceOver(mirror, {
      hub: () => ({ endpoint: mirror.hub.url }),
      cacheDir: join(mirror.dir, 'slow-cache'),
      visibilityPath: join(mirror.dir, 'slow-data', 'mirror-repos.json'),
      fetcher: { fetch: () => new Promise<void>(() => undefined) },
    });
    const answer = await askService(service, '/org/partly/resolve/main/config.json');
    expect(answer.status).toBe(200);
    expect(answer.body).toBeInstanceOf(Readable);
    (answer.body as Readable).destroy();
  });

  it('asks whether the upstream is still there before it pulls on metadata from memory', async () => {
    // huggingface_hub resolves every file by commit: with the listing in memory the mirror contacts nothing,
    // so once the upstream had gone (and the unreachable window had passed) a HEAD got a 200 and the GET
    // started a pull that spent the job's retries while the client waited.
    const upstream = await startTestHub();
    const repo = await upstream.addRepo({
      repoId: 'org/gone',
      files: [
        { path: 'config.json', content: '{}' },
        { path: 'model.bin', size: 50_000, lfs: true },
      ],
    });
    let nowMs = 1_000_000;
    const pulls: string[] = [];
    const service = await serviceOver(mirror, {
      hub: () => ({ endpoint: upstream.url }),
      cacheDir: join(mirror.dir, 'gone-cache'),
      visibilityPath: join(mirror.dir, 'gone-data', 'mirror-repos.json'),
      listingsDir: join(mirror.dir, 'gone-data', 'mirror-listings'),
      fetcher: {
        fetch: ({ file }) => {
          pulls.push(file.path);
          return Promise.reject(new HubgetError('NETWORK_UNREACHABLE', 'Cannot reach the upstream'));
        },
      },
      now: () => nowMs,
    });
    const byCommit = `/org/gone/resolve/${repo.commit}/model.bin`;
    const online = await askService(service, byCommit, { method: 'HEAD' });
    expect(online.status).toBe(200);
    await upstream.close();

    nowMs += 11_000; // the upstream last answered 11 s ago
    const head = await askService(service, byCommit, { method: 'HEAD' });
    expect(head.status, String(head.headers['x-error-message'])).toBe(503);
    expect(head.headers['x-error-message']).toMatch(/not in the mirror cache/);
    const get = await askService(service, byCommit);
    expect(get.status).toBe(503);
    expect(pulls).toEqual([]);
  });
});
