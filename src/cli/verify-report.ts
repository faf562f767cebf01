/**
 * What `hubget verify` says of one place it verified (verify-run.ts): a line for each file not intact, then one line
 * for the place (docs/cli-verify.md); `--json` is the place's object (src/transfer/verify-problems.ts placeJson).
 */
import { shellWord } from '../format/shell-word.js';
import { formatBytes, plural } from '../format/units.js';
import { type FileProblem, placeCounts, type VerifiedPlace } from '../transfer/verify-problems.js';

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

/**
 * The lines of one place: each problem (`org/a model.bin — corrupt: …`, with `@3edcf9d` when the place holds several
 * revisions), then its summary.
 */
export function placeLines(place: VerifiedPlace, problems: readonly FileProblem[]): string[] {
  const commits = new Set(place.targets.items.flatMap((item) => item.names.map((name) => name.commit)));
  const lines = problems.map(
    (problem) =>
      `${place.label}${commits.size > 1 ? `@${problem.commit.slice(0, 7)}` : ''} ${shellWord(problem.path)} — ${problemWords(problem)}`,
  );
  const { files, bytes } = placeCounts(place);
  const count = (kind: FileProblem['problem']) =>
    problems.filter((problem) => problem.problem === kind).length;
  const bad = (['corrupt', 'missing', 'unreadable'] as const)
    .map((kind) => [count(kind), kind] as const)
    .filter(([n]) => n > 0)
    .map(([n, kind]) => `${n} ${kind}`);
  const unchecked = count('unchecked');
  const head = `${place.label}: ${plural(files, 'file')} (${formatBytes(bytes)})`;
  if (problems.length === 0) lines.push(`${head}, all intact`);
  else
    lines.push(
      `${head}: ${[`${files - problems.length} intact`, ...bad, ...(unchecked > 0 ? [`${unchecked} not checked`] : [])].join(', ')}`,
    );
  return lines;
}
