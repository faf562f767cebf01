/** A planned file and a plan of such files, for the progress tracker's tests (src/transfer/progress-tracker*.test.ts). */
import type { DownloadPlan, PlannedFile } from '../../../src/transfer/types.js';

export function planned(path: string, size: number): PlannedFile {
  return {
    path,
    size,
    blobId: 'a'.repeat(64),
    algorithm: 'sha256',
    finalPath: `/tmp/x/${path}`,
    present: false,
    partialBytes: 0,
  };
}

export function planOf(files: PlannedFile[]): DownloadPlan {
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  return {
    request: { repo: { repoId: 'org/big', repoType: 'model' }, hub: { endpoint: 'http://127.0.0.1' } },
    revision: 'main',
    commit: 'c'.repeat(40),
    destination: { kind: 'local', localDir: '/tmp/x' },
    files,
    totalBytes,
    presentBytes: 0,
    copiedBytes: 0,
    bytesToFetch: totalBytes,
    resultPath: '/tmp/x',
  } as DownloadPlan;
}
