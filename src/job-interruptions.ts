/**
 * A job's record of the server stops that cut its runs short (`JobView.interruptions`, docs/api.md): kept by
 * the jobs service (src/jobs/job-interruptions.ts), said by the web UI (web/src/format/interruptions.ts).
 * Plain types, for web/ too.
 */
export interface JobInterruptions {
  /** Server stops while the job ran, clean shutdowns and crashes together; 0 = none. */
  count: number;
  /**
   * Of those, the stops that were not a clean shutdown: a crash, `kill -9`, power loss, or a shutdown cut off
   * by its time limit (the server did not get to save the job and say so).
   */
  crashes: number;
  /**
   * When the last one happened: a clean shutdown's own time; for a crash, the last time the server saved the
   * job's progress (a tick, at most about a second before the crash). null while there was none.
   */
  lastAt: string | null;
  /** Whether the last one was a crash. */
  lastCrash: boolean;
}

/** A job no server stop interrupted (also every external download). */
export const NO_INTERRUPTIONS: JobInterruptions = { count: 0, crashes: 0, lastAt: null, lastCrash: false };
