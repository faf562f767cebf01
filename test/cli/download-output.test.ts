/**
 * End-to-end: what `hubget download` says on stderr when it is not a terminal, against the test hub —
 * reconnects summarised, waits told, and interrupted waits ended.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { closedPort } from '../support/closed-port.js';
import { hfHomePerTest } from './hf-home-per-test.js';
import { collect, runCli, startCli } from './run-cli.js';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({
    repoId: 'org/flaky',
    files: [
      { path: 'a.bin', size: 1_500_000 },
      { path: 'b.bin', size: 1_500_000 },
    ],
  });
});

afterAll(async () => {
  await hub.close();
});

const home = hfHomePerTest('hubget-cli-output-', () => hub);
const env = home.env;

describe('connections dropped along the way', () => {
  it('says the first drop of each file in words, counts the others in the summary; --json has every retry', async () => {
    // Every response breaks off after 100 kB: each file's connections are re-opened many times, and it succeeds.
    hub.setFaults({ dropAfterBytes: { bytes: 100_000, times: 8 } });
    const run = await runCli(['download', 'org/flaky', '--connections', '2'], env());
    expect(run.status, run.stderr).toBe(0);
    const notices = run.stderrLines.filter((line) => line.startsWith('Notice:'));
    expect(notices.length).toBeGreaterThanOrEqual(1);
    expect(notices.length).toBeLessThanOrEqual(2);
    for (const line of notices)
      expect(line).toMatch(/^Notice: [ab]\.bin — connection dropped; reconnecting /);
    expect(run.stderr).not.toMatch(/\[TRANSFER_FAILED\]|Warning:/);
    const summary = run.stderrLines.find((line) => line.startsWith('Download complete:'));
    const reconnects = Number(/; (\d+) connections? re-established$/.exec(summary ?? '')?.[1]);
    expect(reconnects, summary).toBeGreaterThan(notices.length);

    await rm(home.path, { recursive: true, force: true });
    hub.setFaults({ dropAfterBytes: { bytes: 100_000, times: 8 } });
    const json = await runCli(['download', 'org/flaky', '--connections', '2', '--json'], env());
    expect(json.status, json.stderr).toBe(0);
    const retries = json.stdoutLines.filter((line) => JSON.parse(line).type === 'retry');
    expect(retries.length).toBeGreaterThan(2);
  });
});

describe('log lines that say something new', () => {
  it('no 0% line right after the plan, and no 100% line when everything is already present', async () => {
    const first = await runCli(['download', 'org/flaky'], env());
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).not.toMatch(/Download progress: 0% /);
    const again = await runCli(['download', 'org/flaky'], env());
    expect(again.status, again.stderr).toBe(0);
    expect(again.reportLines).toEqual([
      expect.stringMatching(/^All 2 files \(3\.00 MB\) of org\/flaky@[0-9a-f]{7} already present$/),
      'Download complete: everything was already present',
    ]);
  });
});

describe('the wait before the first byte', () => {
  it('says "Listing org/name…" when the listing is slow, then goes on as usual', async () => {
    hub.setFaults({ latency: { ms: 2500, times: 1 } });
    const run = await runCli(['download', 'org/flaky', '--revision', 'main'], env());
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderrLines[0]).toBe('Listing org/flaky@main…');
    expect(run.stderrLines[1]).toMatch(/^Fetching 2 files /);
  });

  it('exits 130 within seconds even while the listing request hangs', async () => {
    hub.setFaults({ latency: { ms: 20_000 } });
    const seen = hub.requests.length;
    const child = startCli(['download', 'org/flaky'], env());
    const finished = collect(child);
    // Interrupt once the CLI is waiting on the listing (the hub holds every answer for 20 s).
    await vi.waitFor(
      () => expect(hub.requests.slice(seen).some((r) => r.path.includes('/api/models/org/flaky'))).toBe(true),
      { timeout: 15_000, interval: 20 },
    );
    const interruptedAt = Date.now();
    child.kill('SIGINT');
    const run = await finished;
    expect(run.status).toBe(130);
    expect(run.stderr).toContain('Interrupted — run the same command again to resume');
    // Not a performance assertion: only that it did not wait for the 20 s response.
    expect(Date.now() - interruptedAt).toBeLessThan(15_000);
  });

  it('tells each retry of an unreachable Hub before the error line', async () => {
    const port = await closedPort();
    const run = await runCli(['download', 'org/flaky', '--endpoint', `http://127.0.0.1:${port}`], env());
    expect(run.status).toBe(1);
    expect(run.stderrLines[0]).toBe('Listing org/flaky…');
    expect(run.stderrLines[1]).toMatch(
      /^Notice: listing org\/flaky — server unreachable; attempt 2 of 5 (now|in \d+ s) \(Cannot reach 127\.0\.0\.1:\d+: .*ECONNREFUSED/,
    );
    expect(run.stderrLines.slice(2, -1)).toEqual(
      Array.from({ length: 3 }, (_, index) =>
        expect.stringMatching(
          new RegExp(
            `^Notice: listing org/flaky — still server unreachable; attempt ${index + 3} of 5 (now|in \\d+ s)$`,
          ),
        ),
      ),
    );
    expect(run.stderrLines.at(-1)).toMatch(/^error \[NETWORK_UNREACHABLE\]: /);
  });
});
