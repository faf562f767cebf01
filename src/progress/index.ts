/** Public surface of the progress room: the event stream every face subscribes to, and the watchers. */
export { etaSeconds } from './eta.js';
export type { FileProgress, TransferEvent, TransferEventListener, TransferEventType } from './events.js';
export {
  createExternalWatcher,
  type ExternalDownload,
  type ExternalWatcher,
  type ExternalWatcherOptions,
} from './external-watcher.js';
export { createProgressFileWriter, type ProgressFileWriter } from './progress-file.js';
export { SpeedMeter } from './speed-meter.js';
export { downloadVerifying, isVerifying, VERIFYING_LABEL } from './verifying.js';
