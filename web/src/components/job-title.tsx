/**
 * A job's name (cut with an ellipsis, the full name in its tooltip) over the line that tells it from
 * another of the same name: its repo id and, where asked, when it finished (format/job-subtitle.ts).
 */
import type { JobView } from '../../../src/api-types.js';
import { jobFullName } from '../format/job-full-name.js';
import { jobSubtitle } from '../format/job-subtitle.js';
import './job-title.css';

export function JobTitle({
  job,
  nameClassName,
  finishedAt = false,
  nowMs,
}: {
  job: JobView;
  /** The name's own class (`job-row__name`, `job-item__name`, `queue__name`). */
  nameClassName: string;
  /** Also say when a finished job finished (the panel; the history has a column for it). */
  finishedAt?: boolean;
  nowMs?: number;
}) {
  const subtitle = jobSubtitle(job, { finishedAt, ...(nowMs === undefined ? {} : { nowMs }) });
  return (
    <span className="job-title">
      <span className={nameClassName} title={jobFullName(job)}>
        {job.name}
      </span>
      {subtitle ? <span className="job-title__sub">{subtitle}</span> : null}
    </span>
  );
}
