/**
 * `hubget info`: the run (registered in info-command.ts). Asks the Hub for the repo (revision info, files,
 * refs, the model card's access check: src/hub/repo-details.ts) while it reads what is installed here and the
 * machine's free disk and memory, then says it (info-report.ts, info-text.ts) or writes it as one JSON object. Reference:
 * docs/cli-models.md.
 */
import { filesOnDiskAt } from '../cache/plan-on-disk.js';
import { repoFolderName } from '../cache/repo-folder.js';
import { findLocalDirs } from '../cache/scan-local-dirs.js';
import { selectQuantFiles } from '../catalog/index.js';
import {
  blobIdOf,
  getRepoDetails,
  INTERACTIVE_RETRY_POLICY,
  loadHubConfig,
  parseRepoRef,
} from '../hub/index.js';
import { installedCopy } from '../model-status.js';
import { createMachineMemoryReader, getDiskStats } from '../system/index.js';
import { LocalCopies } from '../transfer/local-dir-copies.js';
import { OtherRepoBlobs } from '../transfer/other-repo-blobs.js';
import { EXIT_SUCCESS, reportFailure } from './cli-error.js';
import { type CliIo, tableWidth, writeLine } from './cli-io.js';
import type { InfoOptions, InfoSelection } from './info-command.js';
import { infoCopies, infoReport } from './info-report.js';
import { formatInfo } from './info-text.js';
import { scanInstalled } from './installed-scan.js';

export async function runInfo(selection: InfoSelection, options: InfoOptions, io: CliIo): Promise<number> {
  try {
    const hub = await loadHubConfig({ endpoint: options.endpoint, token: options.token, env: io.env });
    const { repo } = selection;
    // The one validator of repo ids (a hostile `org/../x` never reaches a URL or a path).
    const ref = parseRepoRef(repo.repoId, repo.repoType);
    const [details, scan, machine] = await Promise.all([
      // A person waits: a refused Hub fails within a second.
      getRepoDetails({ hub, repo: ref, revision: repo.revision ?? 'main', retry: INTERACTIVE_RETRY_POLICY }),
      scanInstalled(options, io),
      createMachineMemoryReader()(),
    ]);
    // Checked before anything else is read: an unknown quantization lists those there are.
    const chosen =
      selection.quant === undefined
        ? null
        : selectQuantFiles(details.files, selection.quant, 'default', ref.repoId);
    const copy = installedCopy(scan.models, ref.repoType, ref.repoId);
    const copies = infoCopies(
      scan.models.filter((model) => model.repoType === ref.repoType && model.repoId === ref.repoId),
    );
    // Besides the installed copy, what a download into the cache would copy instead of fetching: the files the
    // finished local-dir downloads under the models folder hold, by the download plan's rule (local-dir-copies.ts).
    const files = details.files.map((file) => ({ path: file.path, size: file.size, blobId: blobIdOf(file) }));
    const [onDisk, inLocalDirs, inOtherRepos, disk] = await Promise.all([
      filesOnDiskAt(copy, details.commit, details.files),
      findLocalDirs(scan.modelsDir)
        .then((dirs) => LocalCopies.of(dirs, ref))
        .then((copies) => copies.holding(files)),
      // And the blobs other repos' folders in the HF cache hold (a fork's), by the plan's rule (other-repo-blobs.ts).
      new OtherRepoBlobs(scan.cacheDir, repoFolderName(ref)).holding(files),
      // Where a download would write: the copy's place, else the HF cache.
      getDiskStats(copy?.path ?? scan.cacheDir),
    ]);
    const listed =
      chosen !== null
        ? chosen.paths
        : selection.file !== undefined
          ? [selection.file]
          : options.files
            ? details.files.map((file) => file.path)
            : null;
    const report = infoReport({
      details,
      installed: copy && {
        location: copy.location === 'cache' ? 'cache' : 'local',
        path: copy.path,
        partialBytes: copy.unfinishedBytes,
      },
      copies,
      onDisk,
      inLocalDirs,
      inOtherRepos,
      freeDiskBytes: disk.freeBytes,
      machine,
      listed,
      quant: chosen?.quant.name ?? null,
    });
    if (options.json) {
      writeLine(io.stdout, JSON.stringify(report));
      return EXIT_SUCCESS;
    }
    for (const line of formatInfo(report, tableWidth(io))) writeLine(io.stdout, line);
    return EXIT_SUCCESS;
  } catch (error) {
    return reportFailure(io, error);
  }
}
