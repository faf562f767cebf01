/**
 * GET /api/system/status (docs/api-hub-system.md): this server run, and how the run before it ended when that
 * was not a clean stop (src/server/server-run.ts). Plain types, for web/ too; src/api-types.ts is full.
 */

/** How the previous run of the server ended without a clean stop. */
export type UncleanStopKind =
  /** It died without a word: killed (`kill -9`, the OOM killer), crashed, a power cut. */
  | 'crash'
  /**
   * A shutdown began (SIGTERM, SIGINT, Ctrl-C) and did not finish: cut off by its 15 s limit, a second signal,
   * or killed meanwhile. Jobs it had not saved yet count it among their `cutOffs`, not their `crashes`
   * (`JobView.interruptions`: the same rule, stopKind in src/job-interruptions.ts).
   */
  | 'unclean-shutdown';

export interface UncleanStop {
  kind: UncleanStopKind;
  /**
   * The last moment the previous run was known alive: its last heartbeat (written every 10 s) or, later, the
   * last progress it saved of a job it was running (about a second before the stop); ISO time.
   */
  lastAliveAt: string;
  /** `unclean-shutdown`: when that shutdown began; null for a crash. */
  shutdownStartedAt: string | null;
  /** When the previous run started; null when not recorded (a hubget from before this record). */
  previousStartedAt: string | null;
  /** The jobs it was running, which this start put back at the front of the queue and resumed. */
  interruptedJobs: number;
  /** Their ids. */
  jobIds: string[];
}

export interface ServerStatus {
  /** When this run of the server started; ISO time. */
  startedAt: string;
  /** How the previous run ended, when it did not stop cleanly; null after a clean stop, and on a first start. */
  uncleanStop: UncleanStop | null;
}
