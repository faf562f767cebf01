import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.js';
import { mayNeedServe } from './client-commands.js';
import { createProgram, runProgram } from './program.js';

function fakeIo() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { stdout: '', stderr: '' };
  stdout.on('data', (chunk: Buffer) => {
    text.stdout += chunk.toString();
  });
  stderr.on('data', (chunk: Buffer) => {
    text.stderr += chunk.toString();
  });
  const io: CliIo = { stdout, stderr, env: {}, onSignal: () => () => {} };
  return { io, text };
}

async function run(args: string[]) {
  const { io, text } = fakeIo();
  let reported: number | undefined;
  const program = await createProgram(
    io,
    (status) => {
      reported = status;
    },
    { includeServe: false },
  );
  const usageStatus = await runProgram(program, ['node', 'hubget', ...args]);
  return { status: usageStatus ?? reported, text };
}

describe('hubget program', () => {
  it('prints the package version', async () => {
    const { status, text } = await run(['--version']);
    expect(status).toBe(0);
    expect(text.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('treats unknown commands, unknown flags and bad values as usage errors (exit 2)', async () => {
    for (const args of [
      ['frobnicate'],
      ['download', 'org/x', '--bogus'],
      ['download', 'org/x', '--max-workers', '0'],
      ['download', 'org/x', '--endpoint', 'huggingface.co'],
      ['download', 'org/x', '--stall-timeout', '0'],
      ['search', 'x', '--endpoint', 'ftp://mirror'],
      [],
    ]) {
      const { status, text } = await run(args);
      expect(status, args.join(' ')).toBe(2);
      expect(text.stderr.length, args.join(' ')).toBeGreaterThan(0);
    }
  });

  it('treats what only the command can tell as usage errors too: rm without a target, two revisions', async () => {
    for (const [args, message] of [
      [['rm'], 'error: name what to delete: a REPO[@REVISION][:QUANT] or --local-dir DIR'],
      [['rm', 'org/x', '--local-dir', '/tmp/x'], 'error: give a REPO or --local-dir DIR, not both'],
      [['download', 'org/x@v1', '--revision', 'v2'], 'error: two revisions: "v1" in the repository argument'],
      [['download', 'datasets/org/x', '--repo-type', 'model'], 'error: "org/x" is named as a dataset'],
    ] as const) {
      const { status, text } = await run([...args]);
      expect(status, args.join(' ')).toBe(2);
      expect(text.stderr, args.join(' ')).toContain(message);
    }
  });

  it("names every place download, ls and rm look for the cache, XDG_CACHE_HOME's too", async () => {
    for (const command of ['download', 'ls', 'rm']) {
      const { text } = await run([command, '--help']);
      expect(text.stdout.replace(/\s+/g, ' ')).toContain(
        'HF_HUB_CACHE, HF_HOME/hub, XDG_CACHE_HOME/huggingface/hub, ~/.cache/huggingface/hub',
      );
    }
  });

  it("words every command's description alike in `hubget --help`: a sentence, capital first", async () => {
    const program = await createProgram(fakeIo().io, () => {});
    expect(program.commands.map((command) => command.name())).toContain('serve');
    for (const command of program.commands) {
      expect(command.description(), command.name()).toMatch(/^[A-Z]/);
    }
  });

  it('rejects --quiet together with --json', async () => {
    const { status, text } = await run(['download', 'org/x', '--quiet', '--json']);
    expect(status).toBe(2);
    expect(text.stderr).toContain('cannot be used with');
  });

  it('loads the server only when a command other than download may need it', () => {
    expect(mayNeedServe(['node', 'hubget', 'download', 'org/x', '--json'])).toBe(false);
    expect(mayNeedServe(['node', 'hubget', 'info', 'org/x'])).toBe(false);
    expect(mayNeedServe(['node', 'hubget', 'serve', '--port', '1'])).toBe(true);
    expect(mayNeedServe(['node', 'hubget', '--help'])).toBe(true);
  });
});
