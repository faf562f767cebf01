/**
 * What a verification found at one place (src/transfer/verify-installed.ts): each file not intact, by name, and the
 * place as one object — `hubget verify --json` (docs/cli-verify.md) and the server's POST /api/models/verify
 * (docs/api-models.md) say it alike.
 */
import type { VerifiedFileProblem } from '../api-verify-types.js';
import type { PlaceToVerify, VerifyItem, VerifyVerdict } from './verify-installed.js';

/** A place verified: a repo in the HF cache (some of its revisions) or a local dir, and what was found. */
export type VerifiedPlace = Omit<PlaceToVerify, 'place'> & {
  /** How the face names it (`org/a@3edcf9d`, a folder). */
  label: string;
  verdicts: VerifyVerdict[];
};

/** A file not intact: where it is, what it is, and why. */
export type FileProblem = VerifiedFileProblem;

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

/** How many files the place holds (each name of a blob, and each missing one) and their bytes (each blob once). */
export function placeCounts(place: Pick<VerifiedPlace, 'targets'>): { files: number; bytes: number } {
  const { items, missing } = place.targets;
  return {
    files: items.reduce((sum, item) => sum + item.names.length, 0) + missing.length,
    bytes: items.reduce((sum, item) => sum + item.size, 0),
  };
}

/** The bytes to hash at the place (the files a hash names; an unchecked one is not read): a progress bar's total. */
export function checkedBytes(place: Pick<VerifiedPlace, 'targets'>): number {
  return place.targets.items.reduce((sum, item) => sum + (item.expected === undefined ? 0 : item.size), 0);
}

/** The place as one JSON object (`--json`). */
export function placeJson(place: VerifiedPlace, problems: FileProblem[], repaired: boolean | null) {
  return {
    repoId: place.repo?.repoId ?? null,
    repoType: place.repo?.repoType ?? null,
    location: place.location,
    path: place.path,
    ...placeCounts(place),
    intact: !problems.some(isBad),
    problems,
    repaired,
  };
}
