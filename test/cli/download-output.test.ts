/**
 * End-to-end: what `hubget download` says on stderr when it is not a terminal, against the test hub —
 * reconnects summarised, waits told.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { cliEnv, runCli } from './run-cli.js';

let hub: TestHub;
let hfHome: string;

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

beforeEach(async () => {
  hfHome = await mkdtemp(join(tmpdir(), 'hubget-cli-output-'));
  hub.resetFaults();
});

afterEach(async () => {
  await rm(hfHome, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => cliEnv(hub.url, hfHome, extra);

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
      expect(line).toMatch(/^Notice: [ab]\.bin: connection dropped - reconnecting /);
    expect(run.stderr).not.toMatch(/\[TRANSFER_FAILED\]|Warning:/);
    const summary = run.stderrLines.find((line) => line.startsWith('Download complete:'));
    const reconnects = Number(/; (\d+) connections? re-established$/.exec(summary ?? '')?.[1]);
    expect(reconnects, summary).toBeGreaterThan(notices.length);

    await rm(hfHome, { recursive: true, force: true });
    hub.setFaults({ dropAfterBytes: { bytes: 100_000, times: 8 } });
    const json = await runCli(['download', 'org/flaky', '--connections', '2', '--json'], env());
    expect(json.status, json.stderr).toBe(0);
    const retries = json.stdoutLines.filter((line) => JSON.parse(line).type === 'retry');
    expect(retries.length).toBeGreaterThan(2);
  });
});
