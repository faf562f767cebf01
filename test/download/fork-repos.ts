/**
 * Two repos of the test hub that share content under other names, as a fork and its original do: `org/base` with
 * `baseFiles` and a config of its own, `other/fork` with its own config and, for each `[basePath, forkPath]` of
 * `shared`, the base file's content under `forkPath` (the same blob id).
 */
import type { TestFileSpec, TestHub, TestRepo } from '../hub/test-hub.js';

export const BASE = { repoId: 'org/base', repoType: 'model' as const };
export const FORK = { repoId: 'other/fork', repoType: 'model' as const };
/** The base repo's own config: fetched when the fork is on disk (its config differs). */
export const BASE_CONFIG = '{"base":1}';

export async function addBaseAndFork(
  hub: TestHub,
  baseFiles: TestFileSpec[],
  shared: ReadonlyArray<readonly [string, string]>,
): Promise<TestRepo> {
  const base = await hub.addRepo({
    repoId: BASE.repoId,
    files: [{ path: 'config.json', content: BASE_CONFIG }, ...baseFiles],
  });
  await hub.addRepo({
    repoId: FORK.repoId,
    files: [
      { path: 'config.json', content: '{"fork":1}' },
      ...shared.map(([basePath, forkPath]) => ({ path: forkPath, content: base.contentOf(basePath) })),
    ],
  });
  return base;
}

/** The fork's weights (LFS) in the hard-link tests, and its generation config (a regular file, never linked). */
export const WEIGHTS_SIZE = 300_000;
export const GENERATION = '{"temperature":0.7}';

/**
 * The hard-link tests' pair: `org/base` with `weights.bin` (WEIGHTS_SIZE, LFS) and `generation_config.json`
 * (GENERATION), which `other/fork` holds as `model.bin` and `gen.json`.
 */
export function addWeightsAndFork(hub: TestHub): Promise<TestRepo> {
  return addBaseAndFork(
    hub,
    [
      { path: 'generation_config.json', content: GENERATION },
      { path: 'weights.bin', size: WEIGHTS_SIZE },
    ],
    [
      ['generation_config.json', 'gen.json'],
      ['weights.bin', 'model.bin'],
    ],
  );
}
