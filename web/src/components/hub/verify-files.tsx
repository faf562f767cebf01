/**
 * The Installed card's "Verify files": the copy's files hashed again on the server (POST /api/models/verify,
 * docs/api-models.md, what `hubget verify` does), then what it found — all intact, or each file corrupt, missing or
 * unreadable, with "Download them again" (the same request with `repair`: the server deletes them and queues a
 * download job, which verifies what it fetches).
 */
import { type ReactNode, useState } from 'react';
import type { InstalledModel } from '../../../../src/api-types.js';
import type { ModelVerification } from '../../../../src/api-verify-types.js';
import { messageOf } from '../../api/errors.js';
import { formatBytes, plural } from '../../format/units.js';
import { Link } from '../../router.js';
import { useLive } from '../../state/live-store.js';

type Step =
  | { kind: 'idle' }
  | { kind: 'verifying' }
  | { kind: 'found'; report: ModelVerification }
  | { kind: 'repairing'; report: ModelVerification }
  | { kind: 'repaired'; report: ModelVerification; jobs: number }
  | { kind: 'failed'; message: string };

/** At most this many problems listed; the rest counted. */
const LISTED = 8;

const PROBLEM_WORDS = {
  corrupt: 'corrupt (its content does not match its hash)',
  missing: 'missing (its blob is gone)',
  unreadable: 'unreadable',
  unchecked: 'not checked (nothing names its hash)',
} as const;

/**
 * The Verify files button and what it found, apart: the card puts the button in its row of actions (beside Delete) and
 * the findings under it.
 */
export function useVerifyFiles(installed: InstalledModel): { button: ReactNode; findings: ReactNode } {
  const { api } = useLive();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const verify = () => {
    setStep({ kind: 'verifying' });
    api.verifyModel(installed).then(
      (report) => setStep({ kind: 'found', report }),
      (error: unknown) => setStep({ kind: 'failed', message: messageOf(error) }),
    );
  };
  const repair = (report: ModelVerification) => {
    setStep({ kind: 'repairing', report });
    api.verifyModel(installed, true).then(
      (again) => setStep({ kind: 'repaired', report: again, jobs: again.jobs.length }),
      (error: unknown) => setStep({ kind: 'failed', message: messageOf(error) }),
    );
  };
  const busy = step.kind === 'verifying' || step.kind === 'repairing';
  const button = (
    <button type="button" className="button button--quiet" disabled={busy} onClick={verify}>
      {step.kind === 'verifying' ? 'Verifying…' : 'Verify files'}
    </button>
  );
  const findings = (
    <div className="verify-files" aria-live="polite">
      {step.kind === 'verifying' ? (
        <p className="small muted">Hashing {formatBytes(installed.sizeOnDisk)} again…</p>
      ) : step.kind === 'failed' ? (
        <p className="callout callout--warning">Verification failed: {step.message}</p>
      ) : step.kind === 'repaired' ? (
        <p>
          {plural(step.report.problems.filter((problem) => problem.problem !== 'unchecked').length, 'file')}{' '}
          deleted and queued to download again ({plural(step.jobs, 'job')}:{' '}
          <Link to="/downloads">Downloads</Link>); each is verified as it arrives.
        </p>
      ) : step.kind === 'found' || step.kind === 'repairing' ? (
        <Findings
          report={step.report}
          repairing={step.kind === 'repairing'}
          onRepair={() => repair(step.report)}
        />
      ) : null}
    </div>
  );
  return { button, findings };
}

function Findings({
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
