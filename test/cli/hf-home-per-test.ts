/**
 * The set-up of a CLI test file that runs against one test hub: each test gets an empty HF_HOME of its own
 * (removed after it) and a hub without the faults an earlier test set.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { TestHub } from '../hub/test-hub.js';
import { cliEnv } from './run-cli.js';

export interface HfHomePerTest {
  /** This test's HF_HOME. */
  readonly path: string;
  /** The CLI's environment for this test (cliEnv), with `extra` variables. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
}

/** Registers the hooks; `hub` is read when a test runs (it is started in the file's beforeAll). */
export function hfHomePerTest(prefix: string, hub: () => TestHub): HfHomePerTest {
  let path = '';
  beforeEach(async () => {
    path = await mkdtemp(join(tmpdir(), prefix));
    hub().resetFaults();
  });
  afterEach(async () => {
    await rm(path, { recursive: true, force: true });
  });
  return {
    get path() {
      return path;
    },
    env: (extra = {}) => cliEnv(hub().url, path, extra),
  };
}
