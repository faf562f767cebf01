/**
 * `--dry-run` output: every selected file with its size and whether it would be fetched, resumed or is
 * already present, then the totals. Nothing is fetched (the plan only lists and inspects the disk).
 */

import { formatBytes } from '../format/units.js';
import type { DownloadPlan, PlannedFile } from '../transfer/index.js';

export function formatDryRun(plan: DownloadPlan): string[] {
  const { repo } = plan.request;
  const lines = [
    `[dry-run] ${repo.repoType} ${repo.repoId} @ ${plan.revision} (${plan.commit}) -> ${plan.resultPath}`,
  ];
  const sizeWidth = Math.max(4, ...plan.files.map((file) => formatBytes(file.size).length));
  lines.push(`${'action'.padEnd(8)}  ${'size'.padStart(sizeWidth)}  path`);
  for (const file of plan.files) {
    lines.push(
      `${actionOf(file).padEnd(8)}  ${formatBytes(file.size).padStart(sizeWidth)}  ${describe(file)}`,
    );
  }
  const present = plan.files.filter((file) => file.present);
  const toFetch = plan.files.length - present.length;
  lines.push(
    `Would fetch ${toFetch} of ${plan.files.length} files: ${formatBytes(plan.bytesToFetch)} to download, ` +
      `${formatBytes(plan.presentBytes)} already present, ${formatBytes(plan.totalBytes)} in total`,
  );
  return lines;
}

/** `--dry-run --json`: one object, a superset of the `plan` TransferEvent. */
export function dryRunJson(plan: DownloadPlan): Record<string, unknown> {
  return {
    type: 'plan',
    dryRun: true,
    repoId: plan.request.repo.repoId,
    repoType: plan.request.repo.repoType,
    revision: plan.revision,
    commit: plan.commit,
    totalBytes: plan.totalBytes,
    presentBytes: plan.presentBytes,
    bytesToFetch: plan.bytesToFetch,
    filesTotal: plan.files.length,
    filesPresent: plan.files.filter((file) => file.present).length,
    resultPath: plan.resultPath,
    files: plan.files.map((file) => ({
      path: file.path,
      size: file.size,
      present: file.present,
      partialBytes: file.partialBytes,
      action: actionOf(file),
    })),
  };
}

function actionOf(file: PlannedFile): 'present' | 'resume' | 'fetch' {
  if (file.present) return 'present';
  return file.partialBytes > 0 ? 'resume' : 'fetch';
}

function describe(file: PlannedFile): string {
  if (!file.present && file.partialBytes > 0) {
    return `${file.path} (${formatBytes(file.partialBytes)} already fetched)`;
  }
  return file.path;
}
