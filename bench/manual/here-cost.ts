/**
 * Manual check: what working out "what of a repo is here" costs on a machine with many local dirs and many HF cache
 * repos (not a timed test; docs/api-hub-system.md). Builds, in a temp dir, LOCAL local dirs under a models folder
 * (huggingface_hub's layout, no hubget marker: each FILES files with their `.metadata`) and CACHE repo folders in an
 * HF cache (`models--org--rN/blobs/`, FILES blobs each), then times, RUNS times each (median, cold first run apart):
 * - the model page's lookup (repoFilesHere: local dirs' records, other repos' blobs, partial files) for a repo of
 *   FILES files none of them hold;
 * - the search's (localDirsByRepo: the local dirs' markers);
 * - a download plan's other-repo index (OtherRepoBlobs.copyOf of a blob none holds: every `models--…` folder's `blobs/` listed).
 * The records and listings are the process's kept reads (src/system/kept-reads.ts): the first run reads them, the
 * next ones only stat them. A file changed within SETTLED_AFTER_MS is read each time, so the runs start that long
 * after the files are made. Each run starts with the stats synchronous (src/system/sync-fs-switch.ts reset), as a
 * request a few seconds after the last finds them; runs back to back would move them to the thread pool after the
 * first (THREAD_POOL=1: so they are, ≈ 2.5× the stats' CPU time).
 *   [THREAD_POOL=1] node --import tsx bench/manual/here-cost.ts [LOCAL=200] [CACHE=200] [FILES=10] [RUNS=7]
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localFilePath, localMetadataPath } from '../../src/cache/local-dir-layout.js';
import { findLocalDirs } from '../../src/cache/scan-local-dirs.js';
import type { RepoFile } from '../../src/hub/types.js';
import { blobIdOf } from '../../src/hub/types.js';
import { repoFilesHere } from '../../src/server/repo-files-here.js';
import { SETTLED_AFTER_MS } from '../../src/system/kept-reads.js';
import { setSynchronousWrites } from '../../src/system/sync-fs-switch.js';
import { LocalCopies, localDirsByRepo } from '../../src/transfer/local-dir-copies.js';
import { OtherRepoBlobs } from '../../src/transfer/other-repo-blobs.js';
import { cachePartialBytes } from '../../src/transfer/partial-bytes.js';

const [local = 200, cache = 200, filesEach = 10, runs = 7] = process.argv.slice(2).map(Number);
const threadPool = process.env.THREAD_POOL === '1';
const COMMIT = 'a'.repeat(40);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const root = await mkdtemp(join(tmpdir(), 'hubget-here-cost-'));
const modelsDir = join(root, 'models');
const hubCacheDir = join(root, 'hub');
try {
  for (let dir = 0; dir < local; dir++) {
    const localDir = join(modelsDir, `dir${dir}`);
    for (let file = 0; file < filesEach; file++) {
      const path = `model-${file}.safetensors`;
      const content = `local ${dir} ${file}`;
      await mkdir(join(localMetadataPath(localDir, path), '..'), { recursive: true });
      await writeFile(localFilePath(localDir, path), content);
      await writeFile(
        localMetadataPath(localDir, path),
        `${COMMIT}\n${sha256(content)}\n${Date.now() / 1000 + 60}\n`,
      );
    }
  }
  for (let repo = 0; repo < cache; repo++) {
    const blobs = join(hubCacheDir, `models--org--r${repo}`, 'blobs');
    await mkdir(blobs, { recursive: true });
    for (let file = 0; file < filesEach; file++)
      await writeFile(join(blobs, sha256(`cache ${repo} ${file}`)), 'x');
  }
  const files: RepoFile[] = Array.from({ length: filesEach }, (_, file) => ({
    type: 'file',
    path: `wanted-${file}.safetensors`,
    size: 1000,
    oid: 'b'.repeat(40),
    lfs: { oid: sha256(`wanted ${file}`), size: 1000, pointerSize: 130 },
  })) as RepoFile[];
  const repo = { repoId: 'org/wanted', repoType: 'model' as const };
  await new Promise((settled) => setTimeout(settled, SETTLED_AFTER_MS));

  /** The first of `took` and the median of the others. */
  function firstAndMedian(took: number[]): [number, number] {
    const [first, ...rest] = took;
    return [first!, rest.sort((a, b) => a - b)[Math.floor(rest.length / 2)] ?? first!];
  }

  /** Wall time, and this process's CPU time (less thrown about by the other processes of a shared machine). */
  async function time(label: string, work: () => Promise<unknown>): Promise<void> {
    const took: number[] = [];
    const cpu: number[] = [];
    for (let run = 0; run < runs; run++) {
      setSynchronousWrites(!threadPool);
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      await work();
      const used = process.cpuUsage(cpuStart);
      took.push(performance.now() - start);
      cpu.push((used.user + used.system) / 1000);
    }
    const [first, median] = firstAndMedian(took);
    const [firstCpu, medianCpu] = firstAndMedian(cpu);
    console.log(
      `${label}: first ${first.toFixed(1)} ms (cpu ${firstCpu.toFixed(1)}), ` +
        `median of the next ${runs - 1} ${median.toFixed(1)} ms (cpu ${medianCpu.toFixed(1)})`,
    );
  }

  console.log(`${local} local dirs × ${filesEach} files, ${cache} cache repos × ${filesEach} blobs`);
  await time('model page (repoFilesHere)', () =>
    repoFilesHere({ repo, commit: COMMIT, files, installed: null, hubCacheDir, modelsDir }),
  );
  const dirs = await findLocalDirs(modelsDir);
  const wanted = files.map((file) => ({ path: file.path, size: file.size, blobId: blobIdOf(file) }));
  await time('  of which: find the local dirs (findLocalDirs)', () => findLocalDirs(modelsDir));
  await time('  of which: their records (LocalCopies.holding)', async () =>
    (await LocalCopies.of(dirs, repo)).holding(wanted),
  );
  await time('  of which: partial files (cachePartialBytes)', () =>
    cachePartialBytes(hubCacheDir, repo, files, dirs),
  );
  await time('search (localDirsByRepo)', () => localDirsByRepo(modelsDir));
  await time('plan other-repo index (OtherRepoBlobs.copyOf)', () =>
    new OtherRepoBlobs(hubCacheDir, 'models--org--wanted').copyOf({ blobId: sha256('none'), size: 1 }),
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
