/**
 * End-to-end: a fork's weights downloaded after the original are one file under two names (a hard link:
 * src/transfer/link-other-repo-blob.ts), and `hubget rm` of either says what it really frees: the linked blob stays
 * for the other repo, said apart ("keeps 300.00 kB another repo links too"), and the other repo's files stay whole;
 * `hubget ls`'s total counts the blob once. Both deleted in one `hubget rm` free it: the set removes its every name
 * (src/cache/freed-together.ts), counted once, for the last to go.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { cliEnv, runCli } from './run-cli.js';

let hub: TestHub;
let base: TestRepo;
let fork: TestRepo;
let hfHome: string;

/** Both repos downloaded into `home`'s HF cache, the fork first: the base's weights are a link to its blob. */
async function bothInCache(env: NodeJS.ProcessEnv): Promise<void> {
  for (const repoId of ['other/fork', 'org/base']) {
    const run = await runCli(['download', repoId], env);
    expect(run.status, run.stderr).toBe(0);
  }
}

beforeAll(async () => {
  hub = await startTestHub();
  base = await hub.addRepo({
    repoId: 'org/base',
    files: [
      { path: 'config.json', content: '{"base":1}' },
      { path: 'weights.bin', size: 300_000 },
    ],
  });
  fork = await hub.addRepo({
    repoId: 'other/fork',
    files: [
      { path: 'config.json', content: '{"fork":1}' },
      { path: 'model.bin', content: base.contentOf('weights.bin') },
    ],
  });
  hfHome = await mkdtemp(join(tmpdir(), 'hubget-rm-linked-'));
}, 60_000);
afterAll(async () => {
  await hub?.close();
  await rm(hfHome, { recursive: true, force: true });
});

describe('hubget rm of one of two repos sharing a blob', () => {
  it('frees only what is its own and keeps the other repo whole', async () => {
    const env = cliEnv(hub.url, hfHome, { HUBGET_DATA_DIR: join(hfHome, 'data') });
    for (const repoId of ['other/fork', 'org/base']) {
      const run = await runCli(['download', repoId], env);
      expect(run.status, run.stderr).toBe(0);
      // The summary says the weights were linked, not copied: they take no room.
      if (repoId === 'org/base')
        expect(run.stderr).toContain('300.00 kB linked from other/fork in the HF cache (no room taken)');
    }
    expect(hub.bytesServed('org/base/weights.bin')).toBe(0);
    // Each row counts the blob, as `hf cache scan` does; the total counts it once, as `du` does.
    const listed = await runCli(['ls'], env);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout.trim().split('\n').at(-1)).toBe(
      '2 repos, 300.02 kB on disk (300.00 kB linked between repos counted once)',
    );

    const dry = await runCli(['rm', 'org/base', '--dry-run'], env);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout.split('\n')[0]).toBe(
      'Would delete org/base (1 revision, whole repo): frees 10 B (keeps 300.00 kB another repo links too)',
    );
    const done = await runCli(['rm', 'org/base', '--yes'], env);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toBe(
      'Deleted org/base (1 revision, whole repo): freed 10 B (kept 300.00 kB another repo links too)\n',
    );
    const forkFile = join(hfHome, 'hub', 'models--other--fork', 'snapshots', fork.commit, 'model.bin');
    expect((await readFile(forkFile)).equals(base.contentOf('weights.bin'))).toBe(true);
  });
});

describe('hubget rm of both repos sharing a blob', () => {
  it('counts the blob as freed: every name of it goes', async () => {
    const home = await mkdtemp(join(tmpdir(), 'hubget-rm-linked-both-'));
    try {
      const env = cliEnv(hub.url, home, { HUBGET_DATA_DIR: join(home, 'data') });
      await bothInCache(env);
      const dry = await runCli(['rm', 'org/base', 'other/fork', '--dry-run'], env);
      expect(dry.status, dry.stderr).toBe(0);
      const said = dry.stdout.split('\n').filter((line) => !line.startsWith('  '));
      expect(said).toEqual([
        'Would delete org/base (1 revision, whole repo): frees 10 B',
        'Would delete other/fork (1 revision, whole repo): frees 300.01 kB',
        'Would delete 2 targets, in all: frees 300.02 kB',
        '',
      ]);
      const done = await runCli(['rm', 'org/base', 'other/fork', '--yes'], env);
      expect(done.status, done.stderr).toBe(0);
      expect(done.stdout).toBe(
        [
          'Deleted org/base (1 revision, whole repo): freed 10 B',
          'Deleted other/fork (1 revision, whole repo): freed 300.01 kB',
          'Deleted 2 targets, in all: freed 300.02 kB',
          '',
        ].join('\n'),
      );
      const listed = await runCli(['ls'], env);
      expect(listed.stdout).not.toContain('org/base');
      expect(listed.stdout).not.toContain('other/fork');
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
