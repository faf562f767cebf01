/**
 * A verification's progress while the server hashes a model's files again (the live `verification` event,
 * docs/api-hub-system.md): its bar and percent, bytes hashed of the total, files done of all, speed and time left,
 * in the words and formats of a download's row; when it reads nothing for a while, a warning that says so.
 */
import type { VerificationProgress } from '../../../../src/api-verify-types.js';
import { formatEta, formatPercent, formatProgressBytes, formatSpeed, plural } from '../../format/units.js';
import { verifyQuietWarning } from '../../format/verify-quiet.js';
import { WarningIcon } from '../icons.js';
import { ProgressBar } from '../progress-bar.js';

/** Percent of the bytes to hash that are hashed; a model with none to hash (every file unchecked) is at its end. */
export function verifiedPercent(progress: Pick<VerificationProgress, 'hashedBytes' | 'totalBytes'>): number {
  return progress.totalBytes > 0 ? (progress.hashedBytes / progress.totalBytes) * 100 : 100;
}

/** `1.20 GB / 4.30 GB · 3 of 8 files · 1.05 GB/s · ETA 3 s` (speed once measured, time left once known). */
export function verifyFigures(progress: VerificationProgress): string {
  return [
    formatProgressBytes(progress.hashedBytes, progress.totalBytes),
    `${progress.doneFiles} of ${plural(progress.totalFiles, 'file')}`,
    progress.bytesPerSecond > 0 ? formatSpeed(progress.bytesPerSecond) : '',
    progress.etaSeconds !== null && progress.hashedBytes < progress.totalBytes
      ? formatEta(progress.etaSeconds)
      : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

export function VerifyProgress({ progress }: { progress: VerificationProgress }) {
  const percent = verifiedPercent(progress);
  const quiet = verifyQuietWarning(progress);
  return (
    <div className="verify-progress">
      <p className="small">Hashing the files again…</p>
      <div className="verify-progress__bar">
        <ProgressBar percent={percent} label="Verifying files" />
        <span className="num verify-progress__percent">{formatPercent(percent)}</span>
      </div>
      <p className="small muted num">{verifyFigures(progress)}</p>
      {quiet === null ? null : (
        <p className="job-row__warning" role="status">
          <WarningIcon />
          <span aria-live="off">{quiet}</span>
        </p>
      )}
    </div>
  );
}
