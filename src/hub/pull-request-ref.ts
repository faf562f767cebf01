/**
 * A pull request on the Hub is the git ref `refs/pr/<n>` (docs/hub-protocol.md §2.6): that ref is its
 * revision in every call, the refs call names it by its number, and the UI shows it as `PR #<n>`. Pure (the
 * web UI imports it too).
 */
const PULL_REQUEST_REF = /^refs\/pr\/(\d+)$/;

/** `refs/pr/7` → 7; undefined for any other ref. */
export function pullRequestNumber(ref: string): number | undefined {
  const match = PULL_REQUEST_REF.exec(ref);
  return match ? Number(match[1]) : undefined;
}

/** `refs/pr/7` → `PR #7`; any other ref as it is. */
export function pullRequestLabel(ref: string): string {
  const number = pullRequestNumber(ref);
  return number === undefined ? ref : `PR #${number}`;
}
