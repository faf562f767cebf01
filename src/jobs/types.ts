/** The jobs service contract: what src/server (and any other face) drives. */
import type {
  JobFileView,
  JobView,
  NewJobRequest,
  PreviewResponse,
  ServerEvent,
  Settings,
  SettingsUpdate,
  SpeedSample,
} from '../api-types.js';

export type JobServiceEvent = Extract<
  ServerEvent,
  { type: 'job' | 'job-removed' | 'notification' | 'settings' }
>;

export interface JobService {
  /** Creates a job, or returns the existing active job for the same repo/type/revision/destination (joined). */
  create(request: NewJobRequest): Promise<{ job: JobView; joined: boolean }>;
  list(): JobView[];
  get(id: string): JobView | undefined;
  files(id: string): JobFileView[];
  history(id: string): SpeedSample[];
  pause(id: string): Promise<JobView>;
  resume(id: string): Promise<JobView>;
  cancel(id: string): Promise<JobView>;
  retry(id: string): Promise<JobView>;
  /** Removes a finished (completed/failed/cancelled) job from the list; files stay. */
  remove(id: string): void;
  /** Moves a queued job to a new queue position (0-based). */
  move(id: string, position: number): JobView;
  setJobBandwidthLimit(id: string, bytesPerSecond: number): JobView;
  preview(request: NewJobRequest): Promise<PreviewResponse>;
  getSettings(): Settings;
  updateSettings(update: SettingsUpdate): Settings;
  /** hubget's own total download speed (bytes/s) across running jobs. */
  totalBytesPerSecond(): number;
  /** Bytes fetched over the network by all jobs since the service started (not bytes already on disk). */
  fetchedBytesTotal(): number;
  /** Subscribe to job/notification/settings events; returns unsubscribe. */
  subscribe(listener: (event: JobServiceEvent) => void): () => void;
  /** Pauses running jobs (persisted as resumable) and closes the store. */
  shutdown(): Promise<void>;
}
