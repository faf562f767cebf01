/**
 * The bytes of a file that are on disk in its temp file: what its resume map lists as written, for a temp
 * file pre-sized to the full length (transferFile resumes only those; it sparse-allocates up front). A plan
 * counts them once (plan-download.ts); a run waiting for another run's download of the file reads them every
 * poll to show that download's progress as it lands (wait-for-other-runs.ts).
 */
import { stat } from 'node:fs/promises';
import { type Attempt, attemptsOf, resumableOf } from '../cache/temp-files.js';
import { identityMatches, readResumeMapFile } from './resume-map.js';
import type { ExpectedContent } from './types.js';

/** 0 when there is no temp file for `prefix`, its map is missing or for other content, or it is not full-size. */
export async function resumableBytes(prefix: string, expected: ExpectedContent): Promise<number> {
  return resumableBytesOf(await attemptsOf(prefix), expected);
}

/**
 * resumableBytes from the attempts of a prefix the caller listed already (attemptsOf): a plan that also asks
 * foreignPrefixBytes lists them once for both.
 */
export async function resumableBytesOf(
  attempts: readonly Attempt[],
  expected: ExpectedContent,
): Promise<number> {
  const [temp] = await resumableOf(attempts);
  if (!temp) return 0;
  const map = await readResumeMapFile(temp.resumeMapPath);
  if (!map || !identityMatches(map, expected)) return 0;
  const tempSize = await stat(temp.tempPath).then(
    (info) => info.size,
    () => -1,
  );
  if (tempSize !== expected.size) return 0;
  let done = 0;
  for (const [start, end] of map.ranges) done += end - start;
  return Math.min(done, expected.size);
}
