/**
 * End-to-end: `hubget download --retry-for` against the test hub answering 503 (Retry-After: 0, so a try a
 * second) for longer than five tries: the download rides the outage out, the listing's as the transfer's, and
 * its notices say for how long; `--retry-for 0` gives up after five tries, as huggingface_hub.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RequestKind } from '../hub/faults.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { hfHomePerTest } from './hf-home-per-test.js';
import { collect, runCli, startCli } from './run-cli.js';

let hub: TestHub;
let repo: TestRepo;

beforeAll(async () => {
  hub = await startTestHub();
  // One LFS file (served by the CDN), small enough for one connection.
  repo = await hub.addRepo({ repoId: 'org/outage', files: [{ path: 'weights.bin', size: 600_000 }] });
});

afterAll(async () => {
  await hub.close();
});

const home = hfHomePerTest('hubget-cli-retry-for-', () => hub);
const env = home.env;

/** More 503s than the five tries the CLI had: the answers since `seen` on `host`. */
const OUTAGE_ANSWERS = 7;
const answered503 = (host: 'hub' | 'cdn', seen: number) =>
  hub.requests.slice(seen).filter((request) => request.host === host && request.status === 503).length;

/**
 * Runs `args` while the hub answers 503 on `on` until it did OUTAGE_ANSWERS times (or the CLI gave up before),
 * then serves again.
 */
async function throughOutage(args: string[], on: RequestKind) {
  const seen = hub.requests.length;
  hub.setFaults({ status: { status: 503, on, retryAfterSeconds: 0 } });
  const finished = collect(startCli(args, env()));
  const host = on === 'api' ? 'hub' : 'cdn';
  const outageOver = vi.waitFor(
    () => expect(answered503(host, seen)).toBeGreaterThanOrEqual(OUTAGE_ANSWERS),
    {
      timeout: 30_000,
      interval: 50,
    },
  );
  await Promise.race([outageOver, finished]);
  hub.setFaults({ status: undefined });
  return finished;
}

describe('hubget download --retry-for', () => {
  it('rides out a CDN answering 503 for longer than five tries, and says for how long it would', async () => {
    const run = await throughOutage(['download', 'org/outage', '--retry-for', '1m'], 'cdn');
    expect(run.status, run.stderr).toBe(0);
    const snapshot = join(home.path, 'hub', 'models--org--outage', 'snapshots', repo.commit);
    expect(run.stdoutLines.at(-1)).toBe(snapshot);
    expect((await readFile(join(snapshot, 'weights.bin'))).equals(repo.contentOf('weights.bin'))).toBe(true);
    expect(run.stderr).toContain(
      'Notice: weights.bin waits 1 s for the Hub (503), then try 2, for up to 1 min without progress (Server answered 503',
    );
  }, 40_000);

  it('rides out the listing answering 503 too, its notices saying the time, not a count', async () => {
    const run = await throughOutage(['download', 'org/outage', '--retry-for', '90'], 'api');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /^Notice: listing org\/outage — server error; retrying in 1 s, for up to 1 min 30 s \(.*503/m,
    );
    expect(run.stderr).toMatch(
      /^Notice: listing org\/outage — still server error after \d+ s; retrying in 1 s, for up to 1 min 30 s$/m,
    );
    expect(run.stderr).not.toMatch(/attempt \d+ of/);
  }, 40_000);

  it('without the flag rides out a CDN outage of more than five tries too (a minute), its listing counting 5', async () => {
    // The listing first, while no snapshot is on disk to answer from.
    const listed = await throughOutage(['download', 'org/outage', '--dry-run'], 'api');
    expect(listed.status).toBe(1);
    expect(listed.stderr).toMatch(/^Notice: listing org\/outage — server error; attempt 2 of 5 in 1 s \(/m);
    expect(listed.stderrLines.at(-1)).toMatch(/^error \[HUB_HTTP_ERROR\]: /);
    const run = await throughOutage(['download', 'org/outage'], 'cdn');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      'Notice: weights.bin waits 1 s for the Hub (503), then try 2, for up to 1 min without progress (Server answered 503',
    );
  }, 60_000);

  it('with 0 gives up after five tries without progress, as huggingface_hub', async () => {
    hub.setFaults({ status: { status: 503, on: 'cdn', retryAfterSeconds: 0 } });
    const run = await runCli(['download', 'org/outage', '--retry-for', '0'], env());
    expect(run.status).toBe(1);
    expect(run.stderrLines.at(-1)).toMatch(
      /^error \[TRANSFER_FAILED\]: weights\.bin — gave up on bytes 0-\d+ after 5 failures without progress/,
    );
  }, 40_000);

  it('is a usage error (exit 2) when the value is no duration', async () => {
    const run = await runCli(['download', 'org/outage', '--retry-for', '5 min'], env());
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      "error: option '--retry-for <duration>' argument '5 min' is invalid. expected seconds, or a whole number with s, m or h (90, 30s, 5m, 1h), from 0 to 24h.",
    );
  });
});
