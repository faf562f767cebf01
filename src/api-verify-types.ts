/** POST /api/models/verify (docs/api-models.md; src/server/routes/models-verify.ts): an installed model's files hashed again. */
import type { ModelToDeleteRef } from './api-models-deletion-types.js';
import type { ApiRepoType } from './api-types.js';

/**
 * The body: the model (a repo in the HF cache, or a local dir under the models dir), and whether to repair it; with
 * `repair`, `findings` may name the verification (its `id`) whose findings to act on: when they are the model's last
 * and its files not intact are as they were then, the repair deletes and fetches them without hashing again. A local
 * dir may come with the repo it holds (`repoId`, `repoType`; `hubget verify REPO --local-dir DIR`): what a repair of
 * one no hubget marker names (one huggingface_hub made) downloads; one that names another repo is refused.
 */
export type VerifyModelRequest = (
  | ModelToDeleteRef
  | { localFolder: string; repoId: string; repoType?: ApiRepoType }
) & { repair?: boolean; findings?: string };

/** One file not intact (src/transfer/verify-problems.ts FileProblem). */
export interface VerifiedFileProblem {
  path: string;
  commit: string;
  file: string | null;
  problem: 'corrupt' | 'missing' | 'unreadable' | 'unchecked';
  expected: string | null;
  actual: string | null;
  message: string | null;
}

/** The answer: `hubget verify --json`'s object, and the repair's download jobs. */
export interface ModelVerification {
  /** The verification's (its `verification` events'): what a repair's `findings` names. */
  id: string;
  repoId: string | null;
  repoType: string | null;
  location: 'cache' | 'local';
  path: string;
  files: number;
  bytes: number;
  /** No file corrupt, missing or unreadable (an unchecked one is not known bad). */
  intact: boolean;
  problems: VerifiedFileProblem[];
  /** The CLI's after its repair; always null here: the jobs fetch and verify. */
  repaired: null;
  /** Ids of the download jobs a repair queued. */
  jobs: string[];
}

/**
 * The live `verification` event (GET /api/events, docs/api-hub-system.md): a model's files hashed again by
 * POST /api/models/verify, while it runs (at most one event per VERIFY_PROGRESS_INTERVAL_MS) and at its end.
 */
export interface VerificationProgress {
  /** This verification's: a later one of the same model has another. */
  id: string;
  /** The model's key, as GET /api/models names its entry (`cache:model/org/v`, `local:v-local`: src/model-keys.ts). */
  key: string;
  /** The model, as the request named it. */
  model: ModelToDeleteRef;
  state: 'running' | 'done' | 'failed';
  startedAt: string;
  /** Bytes hashed so far, of `totalBytes`: the files with a hash to check (`bytes` of the answer counts every file). */
  hashedBytes: number;
  totalBytes: number;
  /** Files whose verdict is known (a missing one at once), of `totalFiles` (the answer's `files`). */
  doneFiles: number;
  totalFiles: number;
  /** Bytes hashed per second lately (0 before any). */
  bytesPerSecond: number;
  /** Seconds until every byte is hashed at that rate, null when there is no honest answer (src/progress/eta.ts). */
  etaSeconds: number | null;
  /**
   * Milliseconds in which no byte was read, up to this event (since its start before the first): while it hashes an
   * event comes at least every VERIFY_HEARTBEAT_MS, so a disk that stopped answering shows as such
   * (web/src/format/verify-quiet.ts), not as the last speed it had. 0 once it ended.
   */
  quietMs: number;
  /** Once `done`: the answer every request of it got (with `repair`, the one that queued the jobs). */
  result: ModelVerification | null;
  /** Once `failed`: why. */
  error: { code: string; message: string } | null;
}
