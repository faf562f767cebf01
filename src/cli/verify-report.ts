/**
 * What `hubget verify` says of one place it verified (verify-run.ts): a line for each file not intact, then one line
 * for the place; or, with `--json`, one object (docs/cli-verify.md).
 */
import { shellWord } from '../format/shell-word.js';
import { formatBytes, plural } from '../format/units.js';
import type { VerifyItem, VerifyTargets, VerifyVerdict } from '../transfer/verify-installed.js';

/** A place verified: a repo in the HF cache (some of its revisions) or a local dir, and what was found. */
export interface VerifiedPlace {
  label: string;
  repoId: string | null;
  repoType: string | null;
  location: 'cache' | 'local';
  /** The repo folder in the HF cache, or the local dir. */
  path: string;
  targets: VerifyTargets;
  verdicts: VerifyVerdict[];
}

/** A file not intact: where it is, what it is, and why. */
export interface FileProblem {
  path: string;
  commit: string;
  file: string | null;
  problem: 'corrupt' | 'missing' | 'unreadable' | 'unchecked';
  expected: string | null;
  actual: string | null;
  message: string | null;
}

/** Every file of the place that is not intact, each name of a blob apart. */
export function problemsOf(place: VerifiedPlace): FileProblem[] {
  const problems: FileProblem[] = place.targets.missing.map(({ path, commit }) => ({
    path,
    commit,
    file: null,
    problem: 'missing',
    expected: null,
    actual: null,
    message: null,
  }));
  place.targets.items.forEach((item: VerifyItem, index) => {
    const verdict = place.verdicts[index]!;
    if (verdict.kind === 'intact') return;
    for (const { path, commit } of item.names) {
      problems.push({
        path,
        commit,
        file: item.file,
        problem: verdict.kind,
        expected: item.expected === undefined ? null : `${item.expected.algorithm}:${item.expected.hex}`,
        actual: verdict.kind === 'corrupt' ? `${item.expected!.algorithm}:${verdict.actual}` : null,
        message: verdict.kind === 'unreadable' ? verdict.message : null,
      });
    }
  });
  return problems.sort((a, b) => a.path.localeCompare(b.path) || a.commit.localeCompare(b.commit));
}

/** Whether the place needs a repair: a file corrupt, missing or unreadable (an unchecked one is not known bad). */
export const isBad = (problem: FileProblem): boolean => problem.problem !== 'unchecked';

const short = (hash: string | null) => (hash === null ? '' : `${hash.slice(0, hash.indexOf(':') + 13)}…`);

function problemWords(problem: FileProblem): string {
  switch (problem.problem) {
    case 'corrupt':
      return `corrupt: its content hashes to ${short(problem.actual)}, stored as ${short(problem.expected)}`;
    case 'missing':
      return 'missing: the snapshot names a blob that is gone';
    case 'unreadable':
      return `unreadable: ${problem.message}`;
    case 'unchecked':
      return 'not checked: nothing names its hash (a file name or a record that is no sha256 or git sha1)';
  }
}

/** The lines of one place: each problem (`org/a@3edcf9d model.bin — corrupt: …`), then its summary. */
export function placeLines(
  place: VerifiedPlace,
  problems: readonly FileProblem[],
  multipleCommits: boolean,
): string[] {
  const lines = problems.map(
    (problem) =>
      `${place.label}${multipleCommits ? `@${problem.commit.slice(0, 7)}` : ''} ${shellWord(problem.path)} — ${problemWords(problem)}`,
  );
  const { items } = place.targets;
  const bytes = items.reduce((sum, item) => sum + item.size, 0);
  const count = (kind: FileProblem['problem']) =>
    problems.filter((problem) => problem.problem === kind).length;
  const bad = (['corrupt', 'missing', 'unreadable'] as const)
    .map((kind) => [count(kind), kind] as const)
    .filter(([n]) => n > 0)
    .map(([n, kind]) => `${n} ${kind}`);
  const unchecked = count('unchecked');
  const files = items.reduce((sum, item) => sum + item.names.length, 0) + place.targets.missing.length;
  const head = `${place.label}: ${plural(files, 'file')} (${formatBytes(bytes)})`;
  const intact = files - problems.length;
  if (problems.length === 0) lines.push(`${head}, all intact`);
  else
    lines.push(
      `${head}: ${[`${intact} intact`, ...bad, ...(unchecked > 0 ? [`${unchecked} not checked`] : [])].join(', ')}`,
    );
  return lines;
}

/** The place as one JSON object (`--json`). */
export function placeJson(place: VerifiedPlace, problems: readonly FileProblem[], repaired: boolean | null) {
  const { items, missing } = place.targets;
  return {
    repoId: place.repoId,
    repoType: place.repoType,
    location: place.location,
    path: place.path,
    files: items.reduce((sum, item) => sum + item.names.length, 0) + missing.length,
    bytes: items.reduce((sum, item) => sum + item.size, 0),
    intact: problems.filter(isBad).length === 0,
    problems,
    repaired,
  };
}
