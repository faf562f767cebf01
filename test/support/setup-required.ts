/**
 * Tests that need something from the machine (a pseudo-terminal via `script`, a tmpfs mount as root) skip
 * where it is missing, on a developer's laptop. In CI (`CI` set, as every CI service does and as `.ci/run`
 * does) the machine is prepared for them, so a missing setup is a failure, never a silent skip.
 */
import { describe, it } from 'vitest';

/** `CI` set to anything but empty, `0` or `false`. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

export type SetupDecision = 'run' | 'skip' | 'fail';

export function setupDecision(available: boolean, env: NodeJS.ProcessEnv = process.env): SetupDecision {
  if (available) return 'run';
  return isCi(env) ? 'fail' : 'skip';
}

/**
 * `describe` when the setup is available; otherwise `describe.skip`, and in CI also a failing test that
 * says what is missing and who should have provided it.
 */
export function describeWithSetup(available: boolean, missing: string): typeof describe.skip {
  const decision = setupDecision(available);
  if (decision === 'run') return describe.skipIf(false);
  if (decision === 'fail') {
    it(`has its setup: ${missing}`, () => {
      throw new Error(
        `${missing}. CI must provide it (.ci/run installs it and runs as root); a skip would hide it.`,
      );
    });
  }
  return describe.skip;
}
