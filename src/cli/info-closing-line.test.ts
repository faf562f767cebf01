/** `hubget info`'s closing line: the download command it offers, or that every file is here (src/cli/info-text.ts). */
import { describe, expect, it } from 'vitest';
import { CACHED, details, inputs, LOCAL } from '../../test/support/cli/info-inputs.js';
import type { RepoDetails } from '../hub/index.js';
import { infoReport } from './info-report.js';
import { formatInfo } from './info-text.js';

describe('info: the closing line', () => {
  it('says every file is here instead of offering the download, when nothing is left to fetch', () => {
    const plain: RepoDetails = {
      ...details,
      repo: { repoId: 'org/plain', repoType: 'model' },
      libraryName: 'transformers',
      files: [
        { path: 'model.safetensors', size: 5_000, oid: 'a'.repeat(40) },
        { path: 'config.json', size: 20, oid: 'd'.repeat(40) },
      ],
    };
    const all = ['model.safetensors', 'config.json'];
    const lastLines = (onDisk: string[], partialBytes: number, location: 'cache' | 'local', width: number) =>
      formatInfo(
        infoReport(
          inputs({
            details: plain,
            installed: { location, path: location === 'cache' ? CACHED : LOCAL, partialBytes },
            copies: [],
            onDisk: new Set(onDisk),
          }),
        ),
        width,
      );
    const plainReport = (onDisk: string[], partialBytes: number, location: 'cache' | 'local' = 'cache') =>
      lastLines(onDisk, partialBytes, location, 200).at(-1);
    expect(plainReport(all, 0)).toBe('Every file is here; hubget download org/plain prints its path');
    // Narrow, the command on a line of its own, whole (not broken at its spaces).
    expect(lastLines(all, 0, 'local', 40).slice(-2)).toEqual([
      '  path:',
      `  hubget download org/plain --local-dir ${LOCAL}`,
    ]);
    // A local dir's copy: the command that checks it there.
    expect(plainReport(all, 0, 'local')).toBe(
      `Every file is here; hubget download org/plain --local-dir ${LOCAL} prints its path`,
    );
    // A local dir whose path a shell would split (a space, a quote): quoted, so the pasted command finds it.
    const spaced = formatInfo(
      infoReport(
        inputs({
          details: plain,
          installed: { location: 'local', path: "/home/ada/my models/ada's plain", partialBytes: 0 },
          copies: [],
          onDisk: new Set(all),
        }),
      ),
      200,
    ).at(-1);
    expect(spaced).toBe(
      `Every file is here; hubget download org/plain --local-dir '/home/ada/my models/ada'\\''s plain' prints its path`,
    );
    // A file missing, or an unfinished download beside the files: the download still has work.
    expect(plainReport(['config.json'], 0)).toBe('Download it with: hubget download org/plain');
    expect(plainReport(all, 10)).toBe('Download it with: hubget download org/plain');
  });

  it('offers the download with a token that has access when the Hub refuses this caller the files', () => {
    const gated: RepoDetails = { ...details, gated: 'manual', accessDenied: true, accessDenial: 'no-token' };
    const closing = (repo: RepoDetails) =>
      formatInfo(
        infoReport(
          inputs({
            details: repo,
            installed: null,
            copies: [],
            onDisk: new Set(),
          }),
        ),
        200,
      ).at(-1);
    expect(closing(gated)).toBe(
      '* the default; with a token that has access: hubget download bartowski/Some-Long-Model-Name-Instruct-GGUF:Q4_K_M',
    );
    const plain = {
      ...gated,
      libraryName: 'transformers',
      files: [{ path: 'model.safetensors', size: 5, oid: 'a'.repeat(40) }],
    };
    expect(closing(plain)).toBe(
      'With a token that has access: hubget download bartowski/Some-Long-Model-Name-Instruct-GGUF',
    );
    expect(closing({ ...plain, accessDenied: false, accessDenial: null })).toBe(
      'Download it with: hubget download bartowski/Some-Long-Model-Name-Instruct-GGUF',
    );
  });
});
