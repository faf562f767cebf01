/**
 * A job's record of the server stops that cut its runs short (`JobView.interruptions`, docs/api.md): kept by
 * the jobs service (src/jobs/job-interruptions.ts), said by the web UI (web/src/format/interruptions.ts).
 * Plain types and one pure rule (stopKind), for web/ too.
 */
import type { UncleanStopKind } from './api-server-status.js';
export interface JobInterruptions {
  /** Server stops while the job ran, clean shutdowns, crashes and shutdowns cut off together; 0 = none. */
  count: number;
  /**
   * Of those, the crashes: the server died without beginning a shutdown (`kill -9`, the OOM killer, power loss),
   * so it did not save the job and say so.
   */
  crashes: number;
  /**
   * Of those, the shutdowns that began (SIGTERM, SIGINT) and were cut off before they saved the job: by their 15 s
   * limit, a second signal, a kill meanwhile. What the server's own record calls an `unclean-shutdown`
   * (`UncleanStop.kind`, src/api-server-status.ts), not a crash: `stopKind` below is the one rule.
   */
  cutOffs: number;
  /**
   * When the last one happened: a clean shutdown's own time; for a crash or a shutdown cut off, the last time the
   * server saved the job's progress (a tick, at most about a second before the stop). null while there was none.
   */
  lastAt: string | null;
  /** Whether the last one was a crash. */
  lastCrash: boolean;
  /** Whether the last one was a shutdown cut off. */
  lastCutOff: boolean;
}

/** A job no server stop interrupted (also every external download). */
export const NO_INTERRUPTIONS: JobInterruptions = {
  count: 0,
  crashes: 0,
  cutOffs: 0,
  lastAt: null,
  lastCrash: false,
  lastCutOff: false,
};

/**
 * How a server stop that found a job running (or the server itself) ended: `clean` when a shutdown saved it,
 * else `unclean-shutdown` when the run had begun a shutdown that did not finish (its record has `shutdownAt` and
 * no `stoppedAt`, src/server/server-run.ts), else `crash`. One rule for a job's record (`JobView.interruptions`)
 * and the server's (`UncleanStop.kind`), so the Downloads page never calls "after a crash" what the server's
 * notice calls a shutdown that did not finish.
 */
export type StopKind = 'clean' | UncleanStopKind;

export function stopKind(saved: boolean, shutdownBegun: boolean): StopKind {
  return saved ? 'clean' : uncleanStopKind(shutdownBegun);
}

/** A stop that saved nothing: a shutdown cut off when one had begun, else a crash. */
export function uncleanStopKind(shutdownBegun: boolean): UncleanStopKind {
  return shutdownBegun ? 'unclean-shutdown' : 'crash';
}
