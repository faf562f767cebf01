/**
 * The Installed card's "Verify files": the copy's files hashed again on the server (POST /api/models/verify,
 * docs/api-models.md, what `hubget verify` does), its progress as the event stream tells it (verify-progress.tsx),
 * then what it found (verify-findings.tsx) — all intact, or each file corrupt, missing or unreadable, with "Download
 * them again" (the same request with `repair`: the server deletes them and queues a download job, which verifies what
 * it fetches). A verification of the copy that this tab did not ask for (another tab's, one asked before a reload)
 * shows as well, its progress and then what it found: the server runs one per model, and tells every client.
 */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { InstalledModel } from '../../../../src/api-types.js';
import type { ModelVerification, VerificationProgress } from '../../../../src/api-verify-types.js';
import { keyOfInstalled } from '../../../../src/model-keys.js';
import { messageOf } from '../../api/errors.js';
import { formatBytes } from '../../format/units.js';
import { useLive } from '../../state/live-store.js';
import { Findings, Repaired } from './verify-findings.js';
import { VerifyProgress } from './verify-progress.js';

type Step =
  | { kind: 'idle' }
  | { kind: 'verifying' }
  | { kind: 'found'; report: ModelVerification }
  | { kind: 'repairing'; report: ModelVerification }
  | { kind: 'repaired'; report: ModelVerification }
  | { kind: 'failed'; message: string };

const IDLE: Step = { kind: 'idle' };

/** What the stream told of a verification this tab did not ask for: running, or what it found. */
function stepOfLive(live: VerificationProgress | undefined): Step {
  if (live === undefined) return IDLE;
  if (live.state === 'running') return { kind: 'verifying' };
  if (live.state === 'failed') return { kind: 'failed', message: live.error?.message ?? 'failed' };
  if (live.result === null) return IDLE;
  return live.result.jobs.length > 0
    ? { kind: 'repaired', report: live.result }
    : { kind: 'found', report: live.result };
}

/**
 * The Verify files button and what it found, apart: the card puts the button in its row of actions (beside Delete) and
 * the findings under it.
 */
export function useVerifyFiles(installed: InstalledModel): { button: ReactNode; findings: ReactNode } {
  const { api, state } = useLive();
  const [asked, setStep] = useState<Step>(IDLE);
  const live = state.verifications[keyOfInstalled(installed)];
  const running = live?.state === 'running' ? live : undefined;
  // A newer verification than the one this tab asked for (another tab's) shows in place of the older findings.
  const seen = useRef(running?.id);
  useEffect(() => {
    if (running === undefined || running.id === seen.current) return;
    seen.current = running.id;
    setStep((current) => (current.kind === 'verifying' || current.kind === 'repairing' ? current : IDLE));
  }, [running]);
  const step = asked.kind === 'idle' ? stepOfLive(live) : asked;
  const verify = () => {
    setStep({ kind: 'verifying' });
    api.verifyModel(installed).then(
      (report) => setStep({ kind: 'found', report }),
      (error: unknown) => setStep({ kind: 'failed', message: messageOf(error) }),
    );
  };
  const repair = (report: ModelVerification, held?: string) => {
    setStep({ kind: 'repairing', report });
    api.verifyModel(installed, true, report.id, held).then(
      (again) => setStep({ kind: 'repaired', report: again }),
      (error: unknown) => setStep({ kind: 'failed', message: messageOf(error) }),
    );
  };
  const busy = step.kind === 'verifying' || step.kind === 'repairing';
  const button = (
    <button type="button" className="button button--quiet" disabled={busy} onClick={verify}>
      {step.kind === 'verifying' ? 'Verifying…' : 'Verify files'}
    </button>
  );
  // Before the stream's first word of it (or without the stream), what is being hashed.
  const progress = running ? (
    <VerifyProgress progress={running} />
  ) : (
    <p className="small muted">Hashing {formatBytes(installed.sizeOnDisk)} again…</p>
  );
  const findings = (
    <div className="verify-files" aria-live="polite">
      {step.kind === 'verifying' ? (
        progress
      ) : step.kind === 'failed' ? (
        <p className="callout callout--warning">Verification failed: {step.message}</p>
      ) : step.kind === 'repaired' ? (
        <Repaired report={step.report} />
      ) : step.kind === 'found' || step.kind === 'repairing' ? (
        <>
          <Findings
            report={step.report}
            repairing={step.kind === 'repairing'}
            onRepair={(held) => repair(step.report, held)}
          />
          {step.kind === 'repairing' ? progress : null}
        </>
      ) : null}
    </div>
  );
  return { button, findings };
}
