import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.js';
import { mayNeedServe } from './client-commands.js';
import { createProgram, runProgram } from './program.js';

/** `columns`: stdout and stderr are a terminal that wide; else they are piped. */
function fakeIo(columns?: number, env: NodeJS.ProcessEnv = {}) {
  const terminal = columns === undefined ? {} : { isTTY: true, columns };
  const stdout = Object.assign(new PassThrough(), terminal);
  const stderr = Object.assign(new PassThrough(), terminal);
  const text = { stdout: '', stderr: '' };
  stdout.on('data', (chunk: Buffer) => {
    text.stdout += chunk.toString();
  });
  stderr.on('data', (chunk: Buffer) => {
    text.stderr += chunk.toString();
  });
  const io: CliIo = { stdout, stderr, env, onSignal: () => () => {} };
  return { io, text };
}

async function run(
  args: string[],
  options: { columns?: number; includeServe?: boolean; env?: NodeJS.ProcessEnv } = {},
) {
  const { io, text } = fakeIo(options.columns, options.env);
  let reported: number | undefined;
  const program = await createProgram(
    io,
    (status) => {
      reported = status;
    },
    { includeServe: options.includeServe ?? false },
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
      // An unset "$DIR": the current folder, where the whole model went.
      [
        ['download', 'org/x', '--local-dir', ''],
        'error: --local-dir needs a folder: an empty value would mean',
      ],
      [['rm', '--local-dir', ' '], 'error: --local-dir needs a folder'],
      [['verify', '--cache-dir', ''], 'error: --cache-dir needs a folder'],
      [['ls', '--models-dir', ''], 'error: --models-dir needs a folder'],
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

  it('wraps --help to a narrow terminal (60 columns), every command; piped, to 80', async () => {
    const commands = ['download', 'search', 'info', 'ls', 'rm', 'serve'];
    for (const args of [['--help'], ...commands.map((command) => [command, '--help'])]) {
      const narrow = await run(args, { columns: 60, includeServe: true });
      expect(narrow.status, args.join(' ')).toBe(0);
      const lines = narrow.text.stdout.split('\n');
      for (const line of lines) expect(line.length, `${args.join(' ')}: ${line}`).toBeLessThanOrEqual(60);
      const piped = await run(args, { includeServe: true });
      for (const line of piped.text.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    }
    // The command list names the commands when their usage leaves no room beside it; their own help has it.
    const top = (await run(['--help'], { columns: 60, includeServe: true })).text.stdout;
    expect(top).toMatch(/^ {2}download {2,}Download files of a Hub repository into$/m);
    expect(top).toMatch(/^ {2}info\|show {2,}Show a Hub repository/m);
    // Nor a strip of 21 or 31 columns beside it (70, 80 columns).
    for (const columns of [70, 80]) {
      const list = (await run(['--help'], { columns, includeServe: true })).text.stdout;
      expect(list, String(columns)).toMatch(/^ {2}download {2,}Download files of a Hub repository into/m);
    }
    const wide = (await run(['--help'], { columns: 120, includeServe: true })).text.stdout;
    expect(wide).toMatch(/^ {2}download \[options\] <REPO_ID> \[FILENAMES\.\.\.\] {2}Download files/m);
    // A description wrapped beside its option, its rest indented under it.
    const download = (await run(['download', '--help'], { columns: 60 })).text.stdout;
    expect(download).toMatch(
      /^ {2}--stall-timeout <seconds> {2}reconnect a range that received\n {29}no data/m,
    );
  });

  it('fits --help to 40 and 50 columns, every command: descriptions under their terms, wrapped at words', async () => {
    const commands = ['download', 'search', 'info', 'ls', 'rm', 'serve'];
    const helps = [['--help'], ...commands.map((command) => [command, '--help'])];
    for (const columns of [40, 45, 50, 55]) {
      for (const args of helps) {
        const { status, text } = await run(args, { columns, includeServe: true });
        expect(status, args.join(' ')).toBe(0);
        for (const line of text.stdout.split('\n')) {
          expect(line.length, `${columns}: ${args.join(' ')}: ${line}`).toBeLessThanOrEqual(columns);
        }
      }
    }
    const download = (await run(['download', '--help'], { columns: 40 })).text.stdout;
    // The usage wrapped under itself; a description under its option, its words whole.
    expect(download).toMatch(/^Usage: hubget download \[options\]\n {7}<REPO_ID> \[FILENAMES\.\.\.\]$/m);
    expect(download).toMatch(
      /^ {2}--stall-timeout <seconds>\n {6}reconnect a range that received no\n {6}data/m,
    );
    // At 50 columns 21 are left beside the options, fewer than `XDG_CACHE_HOME/huggingface/hub,` takes.
    const fifty = (await run(['download', '--help'], { columns: 50 })).text.stdout;
    expect(fifty).toMatch(/^ {2}--cache-dir <dir>\n {6}Hub cache folder \(default: HF_HUB_CACHE,$/m);
  });

  it('says --connections is a most per file, below which the count adapts, as docs/cli.md does', async () => {
    const help = (await run(['download', '--help'], { env: { COLUMNS: '300' } })).text.stdout;
    // "range connections per file (default: 32)" read as 32 connections, where a download showed 8, or 1.
    expect(help).toMatch(
      /--connections <n> +most range connections per file: each starts with 8 and adds more while they carry more \(default: 32\)$/m,
    );
    expect(help).toMatch(/--max-connections <n> +most range connections in total across files/);
  });

  it('fits --help to COLUMNS when it is set, piped or not', async () => {
    const piped = await run(['download', '--help'], { env: { COLUMNS: '40' } });
    for (const line of piped.text.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(40);
    expect(piped.text.stdout).toMatch(/^ {2}--stall-timeout <seconds>\n {6}reconnect/m);
    const terminal = await run(['download', '--help'], { columns: 120, env: { COLUMNS: '40' } });
    expect(terminal.text.stdout).toBe(piped.text.stdout);
    const unset = await run(['download', '--help'], { env: { COLUMNS: '' } });
    expect(unset.text.stdout).toMatch(
      /^ {2}--stall-timeout <seconds> {2}reconnect a range that received no data for/m,
    );
  });

  it("breaks a usage error at spaces on a terminal, commander's and hubget's own; piped, one line", async () => {
    const invalid = ['search', '--sort', 'foo'];
    const onTerminal = await run(invalid, { columns: 50 });
    expect(onTerminal.status).toBe(2);
    expect(onTerminal.text.stderr).toBe(
      [
        "error: option '--sort <key>' argument 'foo' is",
        '  invalid. Allowed choices are downloads, likes,',
        '  trending, updated.',
        '',
      ].join('\n'),
    );
    const piped = await run(invalid);
    expect(piped.text.stderr).toBe(
      "error: option '--sort <key>' argument 'foo' is invalid. Allowed choices are downloads, likes, trending, updated.\n",
    );
    const twoRevisions = await run(['download', 'org/x@v1', '--revision', 'v2'], { columns: 50 });
    for (const line of twoRevisions.text.stderr.split('\n')) expect(line.length, line).toBeLessThan(50);
    expect(twoRevisions.text.stderr).toMatch(/^error: two revisions: /);
    // A bad value hubget's parser names itself is named once, in one sentence that says what a valid one is.
    const endpoint = await run(['download', 'org/x', '--endpoint', 'huggingface.co']);
    expect(endpoint.text.stderr).toBe(
      'error: --endpoint "huggingface.co" is not an http(s) URL like https://huggingface.co\n',
    );
    const folder = await run(['info', 'http://127.0.0.1:9/org/a/tree/main/sub']);
    expect(folder.text.stderr).toMatch(
      /^error: Cannot read "http:\/\/127\.0\.0\.1:9\/org\/a\/tree\/main\/sub" as a/,
    );
    expect(folder.text.stderr.split('127.0.0.1').length).toBe(2);
    // A suggestion stays on its own line.
    const typo = await run(['dowload'], { columns: 50 });
    expect(typo.text.stderr).toBe("error: unknown command 'dowload'\n(Did you mean download?)\n");
  });

  it('says a default once, in its own parentheses: no `(1 to 100) (default: 20)` in any help', async () => {
    const commands = ['download', 'search', 'info', 'ls', 'rm', 'serve'];
    for (const args of [['--help'], ...commands.map((command) => [command, '--help'])]) {
      const help = (await run(args, { columns: 300, includeServe: true })).text.stdout;
      expect(help, args.join(' ')).not.toContain(') (');
    }
    const search = (await run(['search', '--help'], { columns: 300 })).text.stdout;
    expect(search).toMatch(/--limit <n> +results to show, 1 to 100 \(default: 20\)$/m);
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
