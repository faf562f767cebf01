/** POST /api/models/verify (docs/api-models.md; src/server/routes/models-verify.ts): an installed model's files hashed again. */
import type { ModelToDeleteRef } from './api-models-deletion-types.js';

/** The body: the model (a repo in the HF cache, or a local dir under the models dir), and whether to repair it. */
export type VerifyModelRequest = ModelToDeleteRef & { repair?: boolean };

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
