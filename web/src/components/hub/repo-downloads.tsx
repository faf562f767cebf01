/**
 * The repo page's own downloads, in its Download card (`repoDownloads`: the queued, running and paused ones,
 * then each failed one no later attempt replaced): each with its name, the folder it downloads into when not the
 * HF cache (the page's own Download goes there), bar, bytes, state and the Downloads page's buttons (Resume a
 * paused one, Retry a failed one), so the page offers them rather than a second download of the same files.
 */
import type { JobView } from '../../../../src/api-types.js';
import { jobBytesLabel } from '../../format/job-labels.js';
import { jobFolderLabel } from '../../format/job-subtitle.js';
import { Link } from '../../router.js';
import { JobActions } from '../job-actions.js';
import { barState } from '../job-progress.js';
import { JobStateChip } from '../job-state-chip.js';
import { ProgressBar } from '../progress-bar.js';
import { StallWarning } from '../stall-warning.js';

export function RepoDownloads({ jobs }: { jobs: readonly JobView[] }) {
  if (jobs.length === 0) return null;
  const heading = jobs.length === 1 ? 'A download of this repo' : `${jobs.length} downloads of this repo`;
  return (
    <section className="repo-section" aria-label="Downloads of this repo">
      <p className="small">
        {heading} (<Link to="/downloads">Downloads</Link>):
      </p>
      <ul className="repo-jobs">
        {jobs.map((job) => (
          <li key={job.id}>
            <div className="repo-jobs__row">
              <span className="repo-jobs__name" title={job.name}>
                {job.name}
              </span>
              {job.localDir !== null ? (
                <span className="muted small" title={job.localDir}>
                  {jobFolderLabel(job)}
                </span>
              ) : null}
              <JobStateChip job={job} />
              <ProgressBar percent={job.percent} label={job.name} state={barState(job)} />
              <span className="num">{jobBytesLabel(job)}</span>
              <JobActions job={job} compact />
            </div>
            <StallWarning job={job} />
          </li>
        ))}
      </ul>
    </section>
  );
}
