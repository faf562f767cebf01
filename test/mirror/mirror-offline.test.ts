/**
 * The upstream goes away: repos the mirror already holds are still served by branch name (stored refs)
 * and listed, to clients in a network namespace; a repo it never pulled fails fast with a 503 naming it.
 * `--mirror-offline` answers from the same cache without contacting anything.
 */
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { cacheListing } from './mirror-harness.js';
import { askService, serviceOver } from './mirror-service-harness.js';
import { describeWithNamespaces, namespacedMirrorHooks } from './namespaced-mirror-suite.js';
import { hubgetCli, jsClient } from './run-client.js';

describeWithNamespaces()('mirror with its upstream gone', () => {
  const setup = namespacedMirrorHooks(1, 'hubget-mirror-offline-');

  beforeAll(async () => {
    for (const repoId of ['org/kept', 'org/uncached']) {
      await setup.mirror.hub.addRepo({
        repoId,
        files: [
          { path: 'config.json', content: `{"repo":"${repoId}"}` },
          { path: 'weights/model.bin', size: 300_000 },
        ],
      });
    }
  });

  it('serves cached repos by branch, fails fast on the rest', async () => {
    const { ns, mirror, work } = setup;
    const before = await jsClient(ns.names[0]!, {
      kind: 'snapshot',
      hubUrl: mirror.mirrorUrl,
      repo: 'org/kept',
      cacheDir: join(work, 'before'),
    });
    expect(before.code, before.stderr).toBe(0);
    // main moves to a commit that shares both blobs: its files are cache hits, and still resolve offline.
    await mirror.hub.addRepo({
      repoId: 'org/kept',
      files: [
        { path: 'config.json', content: '{"repo":"org/kept"}' },
        { path: 'weights/model.bin', size: 300_000 },
        { path: 'added.txt', content: 'new in the second commit' },
      ],
    });
    const online = join(work, 'online');
    const first = await jsClient(ns.names[0]!, {
      kind: 'snapshot',
      hubUrl: mirror.mirrorUrl,
      repo: 'org/kept',
      cacheDir: online,
    });
    expect(first.code, first.stderr).toBe(0);

    await mirror.hub.close();

    const offline = join(work, 'offline');
    const again = await jsClient(ns.names[0]!, {
      kind: 'snapshot',
      hubUrl: mirror.mirrorUrl,
      repo: 'org/kept',
      revision: 'main',
      cacheDir: offline,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(await cacheListing(offline)).toEqual(await cacheListing(online));

    const cli = join(work, 'cli');
    const viaCli = await hubgetCli(ns.names[0]!, mirror.mirrorUrl, cli, ['org/kept', '--revision', 'main']);
    expect(viaCli.code, viaCli.stderr).toBe(0);

    const missing = await jsClient(ns.names[0]!, {
      kind: 'snapshot',
      hubUrl: mirror.mirrorUrl,
      repo: 'org/uncached',
      cacheDir: join(work, 'missing'),
    });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('org/uncached');
    expect(missing.ms).toBeLessThan(20_000);

    const response = await fetch(`${mirror.mirrorUrl}/org/uncached/resolve/main/config.json`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('org/uncached');
  }, 90_000);

  it('--mirror-offline lists and serves the cache without an upstream', async () => {
    const { mirror } = setup;
    const service = await serviceOver(mirror, { offline: true });
    const ask = (pathname: string, method = 'GET', query = '') =>
      askService(service, pathname, { method, query });

    const tree = await ask('/api/models/org/kept/tree/main', 'GET', 'recursive=true');
    expect(tree.status).toBe(200);
    const entries = JSON.parse(String(tree.body)) as Array<{ path: string; type: string }>;
    expect(entries.map((entry) => `${entry.type}:${entry.path}`)).toEqual([
      'file:added.txt',
      'file:config.json',
      'directory:weights',
      'file:weights/model.bin',
    ]);
    const info = await ask('/api/models/org/kept');
    expect(JSON.parse(String(info.body)).siblings).toHaveLength(3);
    const head = await ask('/org/kept/resolve/main/weights/model.bin', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('300000');
    expect(head.headers['x-linked-size']).toBe('300000');
    const unknown = await ask('/org/uncached/resolve/main/config.json');
    expect(unknown.status).toBe(501);
    expect(unknown.headers['x-error-code']).toBe('MirrorOffline');
  });
});
