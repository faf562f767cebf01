/** Fixtures of `hubget ls`'s tests (src/cli/ls-run.test.ts, ls-narrow.test.ts): a cached repo, a terminal. */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../../src/cli/cli-io.js';

/** The commit of every repo cachedRepo makes. */
export const COMMIT = 'c'.repeat(40);

/** A cached repo with one finished file, and an unfinished temp file of `unfinishedBytes` unless 0. */
export async function cachedRepo(cacheDir: string, repoId: string, unfinishedBytes: number): Promise<void> {
  const repoDir = join(cacheDir, `models--${repoId.replace('/', '--')}`);
  const commit = COMMIT;
  const blob = 'a'.repeat(64);
  await mkdir(join(repoDir, 'blobs'), { recursive: true });
  await mkdir(join(repoDir, 'refs'), { recursive: true });
  await mkdir(join(repoDir, 'snapshots', commit), { recursive: true });
  await writeFile(join(repoDir, 'refs', 'main'), commit);
  await writeFile(join(repoDir, 'blobs', blob), 'x'.repeat(1000));
  await symlink(`../../blobs/${blob}`, join(repoDir, 'snapshots', commit, 'config.json'));
  if (unfinishedBytes === 0) return;
  await writeFile(
    join(repoDir, 'blobs', `${'b'.repeat(64)}.1a2b3c4d.incomplete`),
    'y'.repeat(unfinishedBytes),
  );
}

/** `hubget ls`'s io, stdout a terminal of `columns` (undefined: piped), and the lines written on it. */
export function ttyIo(columns: number | undefined): { io: CliIo; lines: () => string[] } {
  const stdout = Object.assign(new PassThrough(), { isTTY: columns !== undefined, columns });
  let text = '';
  stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const io: CliIo = { stdout, stderr: new PassThrough(), env: {}, onSignal: () => () => {} };
  return { io, lines: () => text.split('\n').filter(Boolean) };
}
