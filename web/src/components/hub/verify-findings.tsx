/**
 * What a verification found (verify-files.tsx): all intact, or each file corrupt, missing or unreadable with
 * "Download them again"; and, after that, what was queued. A local dir no hubget marker names (one huggingface_hub
 * made: its records name each file's commit, never the repo) asks first which repo it holds, as `hubget verify REPO
 * --local-dir DIR --repair` does (docs/cli-verify.md); the server downloads the files from it.
 */
import { useId, useState } from 'react';
import type { ModelVerification } from '../../../../src/api-verify-types.js';
import { repoIdError } from '../../../../src/hub/repo-id.js';
import { formatBytes, plural } from '../../format/units.js';
import { Link } from '../../router.js';
import { Field } from '../field.js';

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
  /** `held`: the repo the user named for a local dir no marker names. */
  onRepair: (held?: string) => void;
}) {
  const [held, setHeld] = useState('');
  const errorId = useId();
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
  // A local dir whose repo nothing names: the user names it (checked as the server checks it) before the repair.
  const unnamed = report.location === 'local' && report.repoId === null;
  const heldError = unnamed && held.trim() !== '' ? repoIdError(held) : null;
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
      {unnamed ? (
        <div className="verify-files__held">
          <Field
            label="Repo this folder holds"
            hint="No hubget marker names it (huggingface_hub made this folder): its files are fetched from that repo at the commits their records name."
            invalidBy={heldError ? errorId : undefined}
          >
            {(props) => (
              <input
                {...props}
                type="text"
                className="mono"
                placeholder="org/name"
                spellCheck={false}
                autoComplete="off"
                value={held}
                onChange={(event) => setHeld(event.target.value)}
              />
            )}
          </Field>
          {heldError ? (
            <span id={errorId} className="small text-danger">
              {heldError}
            </span>
          ) : null}
        </div>
      ) : null}
      <button
        type="button"
        className="button button--small button--primary"
        disabled={repairing || (unnamed && (held.trim() === '' || heldError !== null))}
        onClick={() => onRepair(unnamed ? held.trim() : undefined)}
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
