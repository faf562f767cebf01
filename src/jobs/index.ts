export { type CreateJobServiceOptions, createJobService } from './create-job-service.js';
export { createDefaultJobRunner } from './default-job-runner.js';
export { createExternalJobSource, toExternalJobView } from './external-jobs.js';
export { type FailedAttempt, FailedAttempts } from './failed-attempts.js';
export type { JobRunner } from './job-runner.js';
export { DefaultJobService } from './job-service.js';
export type {
  ExternalJobSource,
  ExternalSourceContext,
  JobServiceOptions,
  JobsLogger,
} from './job-service-options.js';
export {
  canTransition,
  isActiveState,
  JOB_STATES,
  JOB_TRANSITIONS,
  type JobAction,
  transition,
} from './job-state-machine.js';
export { resolveLocalDir } from './local-dir.js';
export type { JobService, JobServiceEvent } from './types.js';
export { WrittenRanges } from './written-ranges.js';
