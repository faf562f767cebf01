import { describe, expect, it } from 'vitest';
import { isFoundInSubFolder, subFolderDeleteCommand, subFolderDeleteHint } from './sub-folder-local-dir.js';

describe('local dirs in sub-folders', () => {
  it('are local dirs whose folder has a slash', () => {
    expect(isFoundInSubFolder({ location: 'local', localFolder: 'team/x' })).toBe(true);
    expect(isFoundInSubFolder({ location: 'local', localFolder: 'x' })).toBe(false);
    expect(isFoundInSubFolder({ location: 'cache', localFolder: null })).toBe(false);
  });

  it('name the command that deletes them, quoted when the path needs it', () => {
    expect(subFolderDeleteHint('/srv/models/team/x')).toBe(
      'found in a sub-folder; delete it with `hubget rm --local-dir /srv/models/team/x`',
    );
    expect(subFolderDeleteCommand("/srv/my models/ada's x")).toBe(
      "hubget rm --local-dir '/srv/my models/ada'\\''s x'",
    );
  });
});
