/**
 * A short commit: the first characters of a full commit, as hubget prints commits (`org/name@c70bf08`) and
 * as git abbreviates them (7 characters at least). Only a full commit the caller already knows (a cached
 * snapshot) can be named by one: the Hub is never asked.
 */
import { isFullCommit } from './repo-id.js';

/** The fewest characters a short commit has (git's default abbreviation; what hubget prints). */
export const SHORT_COMMIT_MIN_LENGTH = 7;

/** A commit as hubget prints it: its first SHORT_COMMIT_MIN_LENGTH characters (`c70bf08`). */
export function shortCommit(commit: string): string {
  return commit.slice(0, SHORT_COMMIT_MIN_LENGTH);
}

const SHORT_COMMIT = new RegExp(`^[0-9a-f]{${SHORT_COMMIT_MIN_LENGTH},39}$`);

/** 7 to 39 lowercase hex characters: what may name a commit by its beginning. */
export function isShortCommit(value: string): boolean {
  return SHORT_COMMIT.test(value);
}

/** Of these full commits, those that `short` begins (none when `short` is no short commit), sorted. */
export function commitsWithPrefix(short: string, commits: Iterable<string>): string[] {
  if (!isShortCommit(short)) return [];
  return [...new Set(commits)].filter((commit) => isFullCommit(commit) && commit.startsWith(short)).sort();
}

/**
 * Whether `revision` names `commit` by its beginning (a short commit of it), not a branch or tag: a name that
 * looks like one but names another commit is a branch or tag (the Hub resolves names before prefixes).
 */
export function isShortCommitOf(revision: string, commit: string): boolean {
  return isShortCommit(revision) && isFullCommit(commit) && commit.startsWith(revision);
}
