/**
 * A job's file record as a run's plan makes it (JobTelemetry), and where the job's files were copied from instead of
 * fetched (JobFileView.copiedFrom, stored with the file records: migration 12), so its History names the place in
 * the CLI's words (src/format/copy-places.ts) rather than "files on disk". A run's plan event names the place of each
 * file it copies; a later run's plan finds that file there already (present) and keeps the place recorded before.
 */
import type { JobFileView } from '../api-types.js';
import { type CopyPlace, distinctPlaces } from '../format/copy-places.js';
import type { TransferEvent } from '../progress/events.js';

type PlanEventFile = Extract<TransferEvent, { type: 'plan' }>['files'][number];

/**
 * The record of `file` in a new plan, `before` its record in the last one of the same snapshot: present is whole;
 * else what was shown stays (a failed file starts again from zero, its temp file maybe gone). `copiedBefore`: where
 * the last plan of the same snapshot had it copied from, kept also when what it showed is not (after a cancel, the
 * retried job's copy is still in place).
 */
export function planFileRecord(
  file: PlanEventFile,
  before: JobFileView | undefined,
  copiedBefore: CopyPlace | undefined = before?.copiedFrom,
): JobFileView {
  const record: JobFileView = {
    path: file.path,
    size: file.size,
    downloaded: file.present
      ? file.size
      : Math.min(file.size, before?.state === 'failed' ? 0 : (before?.downloaded ?? 0)),
    state: file.present ? 'present' : before?.state === 'failed' ? 'pending' : (before?.state ?? 'pending'),
  };
  const copiedFrom = file.copiedFrom ?? (file.present ? copiedBefore : undefined);
  return copiedFrom === undefined ? record : { ...record, copiedFrom };
}

/** Each place the job's files were copied from, once, in the order of the files (JobView.copiedFrom). */
export function jobCopyPlaces(files: Iterable<JobFileView>): CopyPlace[] {
  return distinctPlaces([...files].map((file) => file.copiedFrom));
}
