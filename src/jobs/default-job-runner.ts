/** The real download step: the transfer room's snapshot orchestration (src/transfer). */
import { getRepoInfo } from '../hub/resolve-snapshot.js';
import { downloadModel } from '../transfer/download-model.js';
import { planDownload } from '../transfer/plan-download.js';
import { removeTempFiles } from '../transfer/remove-partial-files.js';
import type { JobRunner } from './job-runner.js';

export function createDefaultJobRunner(): JobRunner {
  return {
    plan: planDownload,
    download: downloadModel,
    removeTempFiles,
    async isGated(request) {
      const info = await getRepoInfo({
        hub: request.hub,
        repo: request.repo,
        revision: request.revision ?? 'main',
      });
      return info.gated !== false;
    },
  };
}
