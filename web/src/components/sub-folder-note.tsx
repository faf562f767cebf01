/**
 * Says why a local dir found in a sub-folder of the models dir has no Delete, and what deletes it
 * (src/sub-folder-local-dir.ts; the server refuses that delete too).
 */
import type { InstalledModel } from '../../../src/api-types.js';
import { subFolderDeleteCommand } from '../../../src/sub-folder-local-dir.js';

export function SubFolderNote({ installed }: { installed: Pick<InstalledModel, 'path'> }) {
  return (
    <p className="sub-folder-note">
      Found in a sub-folder; delete it with{' '}
      <code className="mono">{subFolderDeleteCommand(installed.path)}</code>
    </p>
  );
}
