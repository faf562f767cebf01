/**
 * `hubget download` of a gated repo pinned to a commit (`org/x@<sha>`, `--revision <sha>`) against the test
 * hub: the plan lists the tree at that commit and never reads the revision info, yet a repo the token has no
 * access to is refused before the run starts, as for a branch (download.test.ts): no refs, lock folder, temp
 * file, resume map or snapshot folder.
 */
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { hfHomePerTest } from './hf-home-per-test.js';
import { runCli } from './run-cli.js';

let hub: TestHub;
let gated: TestRepo;
let denied: TestRepo;

beforeAll(async () => {
  hub = await startTestHub();
  gated = await hub.addRepo({
    repoId: 'org/gated',
    gated: true,
    files: [{ path: 'model.bin', size: 20_000 }],
  });
  denied = await hub.addRepo({
    repoId: 'org/gated-denied',
    gated: true,
    gatedAccess: false,
    files: [{ path: 'model.bin', size: 20_000 }],
  });
});

afterAll(async () => {
  await hub.close();
});

const home = hfHomePerTest('hubget-cli-gated-', () => hub);

/** The requests since the last clearRequests, commit and query left out. */
const requests = () =>
  hub.requests.map((entry) => `${entry.method} ${entry.path.split('?')[0]!.replace(/[0-9a-f]{40}/, 'C')}`);

async function refused(args: string[], extraEnv: Record<string, string> = {}) {
  hub.clearRequests();
  const run = await runCli(['download', ...args], home.env(extraEnv));
  expect(run.status, run.stderr).toBe(1);
  // The plan's line (`Fetching 1 file …`) never came: refused before the run started.
  expect(run.stderr).not.toContain('Fetching');
  // One error line, the last (a slow listing may say `Listing …` first).
  expect(
    run.stderrLines.filter((line) => /^(error|Failed)/i.test(line)),
    run.stderr,
  ).toHaveLength(1);
  // Not a file's body asked for: only the HEAD of the check reached `/resolve/`.
  expect(requests().filter((line) => line.includes('/resolve/') && !line.startsWith('HEAD'))).toEqual([]);
  // No refs, lock folder, temp file, resume map or snapshot folder: nothing for `hubget rm` to find.
  expect(await readdir(home.path, { recursive: true })).toEqual([]);
  return run;
}

describe('hubget download of a gated repo pinned to a commit', () => {
  it('without a token: refused before anything is written, no HEAD asked', async () => {
    const run = await refused([`org/gated@${gated.commit}`]);
    expect(run.stderrLines.at(-1)).toBe(
      `error [GATED_REPO]: Model org/gated is gated: request access at ${hub.url}/org/gated and use a token ` +
        'of the account that has access (pass a token with --token or HF_TOKEN)',
    );
    expect(requests()).toEqual(['GET /api/models/org/gated/tree/C', 'GET /api/models/org/gated/revision/C']);
  });

  it("with a token whose account has no access: the branch's refusal, after one HEAD", async () => {
    for (const args of [
      [`org/gated-denied@${denied.commit}`],
      ['org/gated-denied', '--revision', denied.commit],
    ]) {
      const run = await refused(args, { HF_TOKEN: hub.token });
      expect(run.stderrLines.at(-1)).toBe(
        `error [GATED_REPO]: Model org/gated-denied is gated: your token has not been granted access yet: ` +
          `request access at ${hub.url}/org/gated-denied`,
      );
      expect(requests()).toEqual([
        'GET /api/models/org/gated-denied/tree/C',
        'GET /api/models/org/gated-denied/revision/C',
        'HEAD /org/gated-denied/resolve/C/model.bin',
      ]);
    }
  });

  it('with a wrong token: refused before anything is written, naming where the token came from', async () => {
    const run = await refused([`org/gated@${gated.commit}`], { HF_TOKEN: 'hf_not_the_right_one' });
    expect(run.stderrLines.at(-1)).toMatch(
      /^error \[(GATED_REPO|UNAUTHORIZED)\]: .*\(the token came from HF_TOKEN\)$/,
    );
  });

  it('with a token that has access: downloads (control for the cases above)', async () => {
    const run = await runCli(
      ['download', `org/gated@${gated.commit}`, '-q'],
      home.env({ HF_TOKEN: hub.token }),
    );
    expect(run.status, run.stderr).toBe(0);
  });
});
