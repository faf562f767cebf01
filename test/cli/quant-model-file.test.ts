/**
 * End-to-end: `hubget download org/name:QUANT` names the quantization in its plan line (and the plan event)
 * and the file to load (llama.cpp `-m`) on stderr, the first part of a split one, while stdout keeps the
 * folder (`hf download`'s last line).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ggufCliFixture } from './gguf-cli.js';
import { runCli } from './run-cli.js';

const cli = ggufCliFixture('hubget-quant-file-');
const { env } = cli;

describe('hubget download repo:QUANT: the model file', () => {
  it('names the file to load on stderr, the first part of a split one; the path on stdout stays the folder', async () => {
    const run = await runCli(['download', 'org/tiny-gguf:Q2_K'], env());
    expect(run.status, run.stderr).toBe(0);
    const snapshot = cli.snapshot();
    expect(run.stdout).toBe(`${snapshot}\n`);
    expect(run.stderrLines.at(-1)).toBe(`Model file (Q2_K): ${join(snapshot, 'Tiny-Q2_K.gguf')}`);
    // The plan line names the quantization, as the repo spells it.
    const source = `org/tiny-gguf@${cli.gguf.commit.slice(0, 7)}:Q2_K`;
    expect(run.reportLines[0]).toMatch(new RegExp(`^Fetching \\d+ files \\(.+\\) from ${source}$`));
    const again = await runCli(['download', 'org/tiny-gguf:q2_k'], env());
    expect(again.reportLines[0]).toMatch(
      new RegExp(`^All \\d+ files \\(.+\\) of ${source} already present$`),
    );
    // --json: the plan event's `quant`; --dry-run --json too.
    const json = await runCli(['download', 'org/tiny-gguf:q2_k', '--json'], env());
    expect(JSON.parse(json.stdoutLines[0] ?? '{}')).toMatchObject({ type: 'plan', quant: 'Q2_K' });
    const dry = await runCli(['download', 'org/tiny-gguf:q2_k', '--dry-run', '--json'], env());
    expect(JSON.parse(dry.stdout)).toMatchObject({ type: 'plan', dryRun: true, quant: 'Q2_K' });
    const table = await runCli(['download', 'org/tiny-gguf:q2_k', '--dry-run'], env());
    expect(table.stdoutLines[0]).toMatch(/^\[dry-run\] model org\/tiny-gguf:Q2_K @ main \(/);

    const folder = join(cli.hfHome, 'tiny-iq4');
    const split = await runCli(['download', 'org/tiny-gguf:IQ4_XS', '--local-dir', folder], env());
    expect(split.status, split.stderr).toBe(0);
    expect(split.stderrLines.at(-1)).toBe(
      `Model file (IQ4_XS, first of 2 parts; llama.cpp loads the rest beside it): ${join(folder, 'IQ4_XS', 'Tiny-00001-of-00002.gguf')}`,
    );

    // --quiet says nothing but the path.
    const quiet = await runCli(['download', 'org/tiny-gguf:Q2_K', '--quiet'], env());
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe('');
  });
});
