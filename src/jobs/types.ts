/** The jobs service contract: what src/server (and any other face) drives. */
import type {
  JobFileView,
  JobView,
  NewJobRequest,
  PreviewQuery,
  PreviewResponse,
  ServerEvent,
  Settings,
  SettingsUpdate,
  SpeedSample,
} from '../api-types.js';
import type { HubConfig } from '../hub/types.js';
import type { HubCheck } from './download-check.js';

export type JobServiceEvent = Extract<
  ServerEvent,
  { type: 'job' | 'job-removed' | 'notification' | 'settings' }
>;

export interface CreateOptions {
  /**
   * Ask the Hub first (download-check.ts): a repo or revision not there for the token, or a gated repo it has
   * no access to, is refused with the preview's error and nothing is queued. For requests of a client (POST
   * /api/downloads), not for the mirror's pulls, which have asked upstream already.
   */
  checkHub?: boolean;
  /**
   * A queued job (this new one, or the active one joined) starts at once, outside `maxParallel`, and counts as
   * running while it runs. For the mirror's pulls of small files a client waits on (docs/mirror.md, "Limits").
   */
  startNow?: boolean;
  /**
   * The new job fetches again files a verification found not intact (src/server/model-verifications.ts), each
   * named in the request's `include` as itself: stored, and shown as a repair (JobView.repair).
   */
  repair?: boolean;
}

export interface CreatedJob {
  job: JobView;
  joined: boolean;
  /** A new job created with `checkHub`: whether the Hub was asked and said yes, or why it could not be asked. */
  hubCheck?: HubCheck;
}

export interface JobService {
  /** Creates a job, or returns the existing active job for the same repo/type/revision/destination (joined). */
  create(request: NewJobRequest, options?: CreateOptions): Promise<CreatedJob>;
  list(): JobView[];
  get(id: string): JobView | undefined;
  files(id: string): JobFileView[];
  history(id: string): SpeedSample[];
  pause(id: string): Promise<JobView>;
  resume(id: string): Promise<JobView>;
  cancel(id: string): Promise<JobView>;
  retry(id: string): Promise<JobView>;
  /**
   * Completes a paused or queued job when every file of its last plan is on disk (another download put them
   * in place: found-on-disk.ts); resolves whether it did. The server asks at each model list and before a Delete.
   */
  completeIfOnDisk(id: string): Promise<boolean>;
  /** Removes a finished (completed/failed/cancelled) job from the list; files stay. */
  remove(id: string): void;
  /** Moves a queued job to a new queue position (0-based). */
  move(id: string, position: number): JobView;
  setJobBandwidthLimit(id: string, bytesPerSecond: number): JobView;
  /** `query.otherFiles`: the rest of the listing too (PreviewResponse.otherFiles). */
  preview(request: NewJobRequest, query?: PreviewQuery): Promise<PreviewResponse>;
  getSettings(): Settings;
  /**
   * The Hub endpoint and token the jobs fetch with right now: the stored settings and token first, then the
   * flags/env (docs/jobs.md). The server's own Hub calls (hub browser, mirror) use the same.
   */
  hubConfig(): HubConfig;
  updateSettings(update: SettingsUpdate): Settings;
  /** hubget's own total download speed (bytes/s) across running jobs. */
  totalBytesPerSecond(): number;
  /** Bytes fetched over the network by all jobs since the service started (not bytes already on disk). */
  fetchedBytesTotal(): number;
  /** Subscribe to job/notification/settings events; returns unsubscribe. */
  subscribe(listener: (event: JobServiceEvent) => void): () => void;
  /**
   * Stops running jobs and saves them, still `running`, marked as stopped cleanly: the next start resumes
   * them and counts a clean stop, not a crash (job-interruptions.ts). Then closes the store.
   */
  shutdown(): Promise<void>;
}
