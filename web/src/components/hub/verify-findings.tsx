/**
 * What a verification found (verify-files.tsx): all intact, or each file corrupt, missing or unreadable with
 * "Download them again"; and, after that, what was queued.
 */
import type { ModelVerification } from '../../../../src/api-verify-types.js';
import { formatBytes, plural } from '../../format/units.js';
import { Link } from '../../router.js';

/** At most this many problems listed; the rest counted. */
const LISTED = 8;

const PROBLEM_WORDS = {
  corrupt: 'corrupt (its content does not match its hash)',
  missing: 'missing (its blob is gone)',
  unreadable: 'unreadable',
  unchecked: 'not checked (nothing names its hash)',
} as const;

export function Findings({
  report,
  repairing,
  onRepair,
}: {
  report: ModelVerification;
  repairing: boolean;
  onRepair: () => void;
}) {
  const bad = report.problems.filter((problem) => problem.problem !== 'unchecked');
  const unchecked = report.problems.length - bad.length;
  const size = formatBytes(report.bytes);
  if (bad.length === 0) {
    return (
      <p>
        {unchecked === 0
          ? `All ${plural(report.files, 'file')} intact (${size}).`
          : `${report.files - unchecked} of ${plural(report.files, 'file')} intact (${size}); ${unchecked} not checked: nothing names their hash.`}
      </p>
    );
  }
  return (
    <div className="callout callout--danger">
      <p>
        {bad.length} of {plural(report.files, 'file')} not intact:
      </p>
      <ul className="verify-files__problems">
        {report.problems.slice(0, LISTED).map((problem) => (
          <li key={`${problem.commit}:${problem.path}`}>
            <span className="mono">{problem.path}</span> — {PROBLEM_WORDS[problem.problem]}
            {problem.message ? `: ${problem.message}` : ''}
          </li>
        ))}
        {report.problems.length > LISTED ? <li>and {report.problems.length - LISTED} more</li> : null}
      </ul>
      <button
        type="button"
        className="button button--small button--primary"
        disabled={repairing}
        onClick={onRepair}
      >
        {repairing ? 'Deleting and queueing…' : `Download ${bad.length === 1 ? 'it' : 'them'} again`}
      </button>
    </div>
  );
}

/** A repair's answer: the files deleted and the jobs that fetch them again. */
export function Repaired({ report }: { report: ModelVerification }) {
  return (
    <p>
      {plural(report.problems.filter((problem) => problem.problem !== 'unchecked').length, 'file')} deleted
      and queued to download again ({plural(report.jobs.length, 'job')}:{' '}
      <Link to="/downloads">Downloads</Link>
      ); each is verified as it arrives.
    </p>
  );
}
