import { describe, expect, it } from 'vitest';
import { suggestedFolder } from './destination-choice.js';

describe('suggestedFolder', () => {
  it("offers the installed copy's folder, else the repo's name", () => {
    expect(suggestedFolder('TheBloke/tiny-GGUF', null)).toBe('tiny-GGUF');
    expect(suggestedFolder('TheBloke/tiny-GGUF', { location: 'cache', localFolder: null })).toBe('tiny-GGUF');
    expect(suggestedFolder('TheBloke/tiny-GGUF', { location: 'local', localFolder: 'quants' })).toBe(
      'quants',
    );
    // A copy in a sub-folder is not one the server writes into (src/jobs/local-dir.ts).
    expect(suggestedFolder('TheBloke/tiny-GGUF', { location: 'local', localFolder: 'team/x' })).toBe(
      'tiny-GGUF',
    );
  });
});
