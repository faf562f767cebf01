/**
 * `createJobService`: the jobs service wired to the real engine (snapshot orchestration, repo id parser,
 * external-download watcher). Tests inject their own runner through the same options.
 */
import { parseRepoRef } from '../hub/repo-id.js';
import type { RepoRef } from '../hub/types.js';
import { createDefaultJobRunner } from './default-job-runner.js';
import { createExternalJobSource } from './external-jobs.js';
import type { JobRunner } from './job-runner.js';
import { DefaultJobService } from './job-service.js';
import type { ExternalJobSource, ExternalSourceContext, JobServiceOptions } from './job-service-options.js';

export interface CreateJobServiceOptions
  extends Omit<JobServiceOptions, 'runner' | 'parseRepoRef' | 'createExternalSource'> {
  /** @default the snapshot orchestration of src/transfer */
  runner?: JobRunner;
  parseRepoRef?: JobServiceOptions['parseRepoRef'];
  /** Show other programs' downloads in the hub cache and the models dir as external jobs. @default true */
  watchExternal?: boolean;
  /** For the external watcher: the repo of a local folder without hubget's marker. */
  repoForLocalDir?: (folder: string) => RepoRef | null;
  createExternalSource?: (context: ExternalSourceContext) => ExternalJobSource;
}

export async function createJobService(options: CreateJobServiceOptions): Promise<DefaultJobService> {
  const { watchExternal = true, repoForLocalDir, ...rest } = options;
  return new DefaultJobService({
    ...rest,
    runner: options.runner ?? createDefaultJobRunner(),
    parseRepoRef: options.parseRepoRef ?? parseRepoRef,
    ...(watchExternal
      ? {
          createExternalSource:
            options.createExternalSource ??
            ((context) =>
              createExternalJobSource(context, {
                hubCacheDir: options.hubCacheDir,
                modelsDir: options.modelsDir,
                ...(repoForLocalDir ? { repoForLocalDir } : {}),
              })),
        }
      : {}),
  });
}
