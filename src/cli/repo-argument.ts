/**
 * The REPO argument of `hubget download` and `hubget rm`, taken the same way by both commands: every form the
 * one reader of addresses takes (src/hub/hub-address.ts: `org/name`, `org/name@REV`, a `datasets/` or
 * `spaces/` prefix, a Hub page's URL on any host or `hf.co`, `/tree/REV`, `/commit/SHA`, a file's
 * `/blob/REV/PATH` or `/resolve/REV/PATH`), but not a folder's `/tree/REV/FOLDER`: the commands take a
 * folder's files through `--include`, and say so. The id itself is checked afterwards by the one validator,
 * parseRepoRef (src/hub/repo-id.ts).
 */
import type { Command } from 'commander';
import { HubgetError } from '../errors.js';
import { type HubAddress, invalidAddress, readHubAddress } from '../hub/hub-address.js';
import type { RepoType } from '../hub/types.js';
import { failUsage } from './cli-error.js';

/** What the argument names: a repo, perhaps its type and revision, perhaps one file. */
export type RepoArgument = Omit<HubAddress, 'folder'>;

export function parseRepoArgument(text: string): RepoArgument {
  const { folder, ...argument } = readHubAddress(text);
  if (folder !== undefined) {
    throw invalidAddress(
      text,
      `it names a folder; for its files use ${argument.repoId} --revision ${argument.revision} --include '${folder}/*'`,
    );
  }
  return argument;
}

/** The flags the argument may also say: `--repo-type` (given, or its default) and `--revision`. */
export interface RepoFlags {
  repoType: RepoType;
  /** False when `--repo-type` is only its default: a URL's or prefix's type then wins. */
  repoTypeGiven: boolean;
  revision?: string;
}

/** What to act on, once the argument and the flags agree. */
export interface RepoChoice {
  repoId: string;
  repoType: RepoType;
  revision?: string;
}

/**
 * The argument's type and revision beside the flags': the same thing said twice is fine, two different
 * things are refused (INVALID_ARGUMENT, a usage error for the commands), never one silently preferred.
 */
export function combineWithFlags(argument: RepoArgument, flags: RepoFlags): RepoChoice {
  if (argument.repoType !== undefined && flags.repoTypeGiven && argument.repoType !== flags.repoType) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `"${argument.repoId}" is named as a ${argument.repoType}, but --repo-type says ${flags.repoType}`,
    );
  }
  if (
    argument.revision !== undefined &&
    flags.revision !== undefined &&
    argument.revision !== flags.revision
  ) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `two revisions: "${argument.revision}" in the repository argument and --revision ${flags.revision}; give one`,
    );
  }
  const revision = argument.revision ?? flags.revision;
  return {
    repoId: argument.repoId,
    repoType: argument.repoType ?? flags.repoType,
    ...(revision !== undefined && { revision }),
  };
}

/**
 * `combineWithFlags` for a command's action: `--repo-type` counts as given unless it is only its default, and
 * a disagreement is a usage error of `command` (exit 2).
 */
export function chooseRepo(
  command: Command,
  argument: RepoArgument,
  flags: { repoType: RepoType; revision?: string | undefined },
): RepoChoice {
  try {
    return combineWithFlags(argument, {
      repoType: flags.repoType,
      repoTypeGiven: command.getOptionValueSource('repoType') !== 'default',
      ...(flags.revision !== undefined && { revision: flags.revision }),
    });
  } catch (error) {
    failUsage(command, (error as Error).message);
  }
}
