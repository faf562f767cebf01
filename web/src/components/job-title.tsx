/**
 * A job's name (cut with an ellipsis, the full name in its tooltip) over the line that tells it from
 * another of the same name: its repo id and, where asked, when it finished (format/job-subtitle.ts).
 * A name that ends with a GGUF quantization (`Llama-3.2-1B-Instruct-GGUF Q6_K`, as the model page names
 * the download of one) is cut in the repo part only: the quantization, what tells two downloads of one
 * repo apart, stays whole. The name links to the repo's page (none for a repo with no page here).
 */
import type { JobView } from '../../../src/api-types.js';
import { repoPageHrefOf } from '../format/hub-values.js';
import { jobFullName } from '../format/job-full-name.js';
import { jobSubtitle } from '../format/job-subtitle.js';
import { splitQuantName } from '../format/quant-labels.js';
import { Link } from '../router.js';
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
  const split = splitQuantName(job.name);
  const name = split ? (
    <>
      <span className="job-title__head">{split[0]}</span>
      <span className="job-title__quant"> {split[1]}</span>
    </>
  ) : (
    job.name
  );
  const className = split ? `${nameClassName} job-title__name--split` : nameClassName;
  // The name opens the page of the repo it downloads, where its card and what is installed are.
  const page = repoPageHrefOf(job.repoType, job.repoId);
  return (
    <span className="job-title">
      {page ? (
        <Link to={page} className={`${className} job-title__link`} title={jobFullName(job)}>
          {name}
        </Link>
      ) : (
        <span className={className} title={jobFullName(job)}>
          {name}
        </span>
      )}
      {subtitle ? <span className="job-title__sub">{subtitle}</span> : null}
    </span>
  );
}
