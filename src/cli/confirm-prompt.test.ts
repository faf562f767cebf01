import { describe, expect, it } from 'vitest';
import { expectWholePaths } from '../../test/support/cli/whole-paths.js';
import { promptLines } from './confirm-prompt.js';

const QUESTION =
  'Delete TheBloke/tiny-GGUF quantization Q4_K_M in local dir /tmp/qacli/models/tiny (1 file; no quantization left): frees 50.00 kB?';

describe('promptLines', () => {
  it('breaks a long question at spaces, never inside a word or `[y/N]`, with room left for the answer', () => {
    const { above, prompt } = promptLines(QUESTION, 100);
    expect(above).toEqual([
      'Delete TheBloke/tiny-GGUF quantization Q4_K_M in local dir /tmp/qacli/models/tiny (1 file; no',
    ]);
    expect(prompt).toBe('  quantization left): frees 50.00 kB? [y/N] ');
    for (const line of [...above, prompt]) expect(line.length, line).toBeLessThanOrEqual(95);
    // At 60 columns `[y/N]` stays whole (the terminal left `]` alone on the next line).
    const narrow = promptLines('Delete org/b (1 revision, whole repo): frees 104.86 MB?', 60);
    expect(narrow).toEqual({
      above: ['Delete org/b (1 revision, whole repo): frees 104.86 MB?'],
      prompt: '  [y/N] ',
    });
  });

  it.each([40, 60])('says the folder it asks about whole on one line at %i columns', (columns) => {
    const folder = '/home/ada/models/a-local-dir-with-a-rather-long-name-for-this-prompt';
    const { above, prompt } = promptLines(
      `Delete TheBloke/tiny-GGUF quantization Q4_K_M in local dir ${folder} (1 file): frees 50.00 kB?`,
      columns,
    );
    // Whole on its line, which the terminal wraps: broken after a `/` or `-`, it was copied with a newline in it.
    expectWholePaths([...above, prompt], columns - 1, [folder]);
    expect(prompt).toMatch(/\[y\/N\] $/);
  });

  it('keeps a question that fits on one line as it is', () => {
    expect(promptLines('Delete org/b (1 revision, whole repo): frees 104.86 MB?', 100)).toEqual({
      above: [],
      prompt: 'Delete org/b (1 revision, whole repo): frees 104.86 MB? [y/N] ',
    });
  });
});
