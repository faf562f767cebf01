/**
 * End-to-end: how a `hubget download` process stops and what it leaves — Ctrl-C with its resume hint and a
 * resume that fetches only what is missing; a stdout that closes (`--json | head -1`) or cannot be written.
 */
import { open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { hfHomePerTest } from './hf-home-per-test.js';
import { collect, runCli, startCli } from './run-cli.js';

let hub: TestHub;
let slowRepo: TestRepo;

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({
    repoId: 'org/tiny',
    files: [
      { path: 'config.json', content: '{"model_type":"tiny"}' },
      { path: 'tokenizer.json', content: '{"vocab":{}}' },
      { path: 'model.safetensors', size: 300_000 },
      { path: 'extra/notes.txt', content: 'hello' },
    ],
  });
  slowRepo = await hub.addRepo({ repoId: 'org/slow', files: [{ path: 'weights.bin', size: 2_000_000 }] });
  await hub.addRepo({
    repoId: 'org/several',
    files: [1, 2, 3, 4].map((index) => ({ path: `model-${index}.bin`, size: 1_000_000 })),
  });
});

afterAll(async () => {
  await hub.close();
});

const home = hfHomePerTest('hubget-cli-stop-', () => hub);
const env = home.env;

async function expectContent(filePath: string, testRepo: TestRepo, path: string): Promise<void> {
  expect((await readFile(filePath)).equals(testRepo.contentOf(path)), path).toBe(true);
}

describe('interrupting', () => {
  it('Ctrl-C exits 130 with a resume hint, and the next run fetches only what is missing', async () => {
    const size = slowRepo.files[0]!.size;
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 200_000 } });
    hub.clearRequests();
    const child = startCli(['download', 'org/slow', '--connections', '2', '--json'], env());
    const finished = collect(child);
    await new Promise<void>((resolve) => {
      let seen = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        // Wait until some bytes are on disk (a progress event with downloaded > 0).
        if (/"type":"progress","downloaded":[1-9]/.test(seen)) resolve();
      });
    });
    child.kill('SIGINT');
    const interrupted = await finished;
    expect(interrupted.status).toBe(130);
    // What the last progress event saw on disk.
    expect(interrupted.stderrLines.at(-1)).toMatch(
      /^Interrupted: \d+(\.\d\d)? [kM]?B of 2\.00 MB kept — run the same command again to resume$/,
    );
    const servedBefore = hub.bytesServed('weights.bin');
    expect(servedBefore).toBeLessThan(size);

    hub.resetFaults();
    const resumed = await runCli(['download', 'org/slow', '-q'], env());
    expect(resumed.status).toBe(0);
    await expectContent(resumed.stdoutLines.at(-1)!.concat('/weights.bin'), slowRepo, 'weights.bin');
    // Resumed: this run fetched less than the whole file.
    expect(hub.bytesServed('weights.bin') - servedBefore).toBeLessThan(size);
  });
});

describe('an interrupted --local-dir download', () => {
  it('is listed by `hubget ls` under its repo id, not its folder name (the marker is written first)', async () => {
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 200_000 } });
    const modelsDir = join(home.path, 'models');
    const localDir = join(modelsDir, 'slow-copy');
    const child = startCli(['download', 'org/slow', '--local-dir', localDir, '--json'], env());
    const finished = collect(child);
    await new Promise<void>((resolve) => {
      let seen = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (/"type":"progress","downloaded":[1-9]/.test(seen)) resolve();
      });
    });
    // As `kill` does: no handler of the CLI's own gets to write anything after this.
    child.kill('SIGKILL');
    await finished;
    const listed = await runCli(['ls', '--json', '--models-dir', modelsDir], env());
    expect(listed.status, listed.stderr).toBe(0);
    const models = listed.stdoutLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(models).toEqual([
      expect.objectContaining({ repoId: 'org/slow', path: localDir, files: 0, unfinishedFiles: 1 }),
    ]);
  });
});

describe('a closed stdout', () => {
  it('stops with status 141 when the reader goes away (`--json | head -1`)', async () => {
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 500_000 } });
    const child = startCli(['download', 'org/slow', '--connections', '2', '--json'], env());
    child.stdout?.once('data', () => child.stdout?.destroy());
    const run = await collect(child);
    expect(run.status).toBe(141);
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });

  it('stops the download as Ctrl-C does first: no temp file is left without its resume map', async () => {
    // Several files: those waiting for a fetch slot have their temp files open (empty) already.
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 500_000 } });
    const child = startCli(['download', 'org/several', '--max-workers', '2', '--json'], env());
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      // The reader goes away once a file is being fetched.
      if (seen.includes('"type":"file-start"')) child.stdout?.destroy();
    });
    const run = await collect(child);
    expect(run.status).toBe(141);
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at |error/);
    const blobs = join(home.path, 'hub', 'models--org--several', 'blobs');
    const names = await readdir(blobs).catch(() => [] as string[]);
    for (const name of names.filter((entry) => entry.endsWith('.incomplete')))
      expect(names, name).toContain(`${name}.hubget-ranges`);

    // The next run resumes them and leaves no temp file behind.
    hub.resetFaults();
    const again = await runCli(['download', 'org/several', '-q'], env());
    expect(again.status, again.stderr).toBe(0);
    expect((await readdir(blobs)).filter((name) => name.includes('.incomplete'))).toEqual([]);
  });
});

describe('a stdout that cannot be written', () => {
  // /dev/full: every write fails with ENOSPC, as on a full disk behind `> file`.
  const toFullDevice = async (args: string[]) => {
    const full = await open('/dev/full', 'w');
    try {
      return await runCli(args, env(), { stdout: full.fd });
    } finally {
      await full.close();
    }
  };

  it('ends with one error line and status 1: NDJSON events, the path, a dry run, ls', async () => {
    for (const args of [
      ['download', 'org/tiny', '--json'],
      ['download', 'org/tiny'],
      ['download', 'org/tiny', '--dry-run'],
      ['ls'],
    ]) {
      const run = await toFullDevice(args);
      const what = args.join(' ');
      expect(run.status, `${what}\n${run.stderr}`).toBe(1);
      expect(run.stderrLines.at(-1), what).toBe(
        'error [DISK_FULL]: Cannot write to standard output: No space left on device',
      );
      expect(run.stderr, what).not.toMatch(/\n\s+at |ENOSPC/);
    }
  });

  it('is not an error for a command that writes nothing there', async () => {
    const run = await toFullDevice(['download', 'org/tiny', '--json', '--quiet']);
    expect(run.status).toBe(2);
    expect(run.stderr).not.toContain('Cannot write');
  });
});
