/**
 * `hubget rm --json`: one JSON object on stdout (one a line per target of several, each deleted before a later one
 * fails, then the failure's), nothing asked (it takes `--yes` or `--dry-run`: rm-command.ts).
 * Reference: docs/cli-models.md, "`hubget rm`" (its `--json` paragraph).
 */
import type { RepoType } from '../hub/types.js';
import { toCliError } from './cli-error.js';

/** What one `hubget rm` deletes, as --json names it. */
export type RmDetails =
  | {
      /** `repo`: the whole repo folder goes; `revisions`: those commits' snapshots and the blobs only they use. */
      target: 'repo' | 'revisions';
      repoId: string;
      repoType: RepoType;
      commits: string[];
      /** The GGUF quantizations that go with it. */
      quants: string[];
    }
  | {
      /** One GGUF quantization (`org/name:Q8_0`). */
      target: 'quant';
      repoId: string;
      repoType: RepoType;
      /** The commits whose snapshot loses its files. */
      commits: string[];
      quant: string;
      /** The quantizations left on disk after it. */
      remainingQuants: string[];
      /** The local dir it goes from (`--local-dir`); absent for the HF cache. */
      path?: string;
    }
  | { target: 'local-dir'; path: string };

interface RmJsonTarget {
  details: RmDetails;
  plannedBytes: number;
  paths: string[];
  keptPaths: string[];
}

/**
 * The plan (`--dry-run`: `dryRun: true`, `deleted: false`), or what was deleted (`deleted: true`, `freedBytes`):
 * `message` is the line the command prints without --json.
 */
export function rmJson(target: RmJsonTarget, message: string, freedBytes?: number): string {
  return JSON.stringify({
    dryRun: freedBytes === undefined,
    deleted: freedBytes !== undefined,
    ...target.details,
    plannedBytes: target.plannedBytes,
    ...(freedBytes !== undefined && { freedBytes }),
    paths: target.paths,
    keptPaths: target.keptPaths,
    message,
  });
}

/** A refusal or a failure (`IN_USE`, `INVALID_ARGUMENT`, …): nothing was deleted; the error line goes to stderr too. */
export function rmFailureJson(error: unknown): string {
  return JSON.stringify({ deleted: false, error: toCliError(error).toJSON() });
}
