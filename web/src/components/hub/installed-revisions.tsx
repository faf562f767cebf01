/**
 * What of a repo is installed: each cached revision with its files and size, what is known to be missing
 * (docs/api.md, model status), and Delete (all or one).
 */
import type { InstalledModel } from '../../../../src/api-types.js';
import { isFoundInSubFolder } from '../../../../src/sub-folder-local-dir.js';
import { missingFilesLabel } from '../../format/job-labels.js';
import { quantListLabel } from '../../format/quant-labels.js';
import { formatBytes } from '../../format/units.js';
import { SubFolderNote } from '../sub-folder-note.js';

export function InstalledRevisions({
  installed,
  onDelete,
}: {
  installed: InstalledModel;
  /** `all`, or the commit of the one revision to delete. */
  onDelete: (what: string) => void;
}) {
  const missing = missingFilesLabel(installed);
  return (
    <section className="card" aria-labelledby="repo-installed-title">
      <h2 id="repo-installed-title" className="card__title">
        Installed
      </h2>
      {installed.revisions.map((revision) => (
        <div key={revision.commit} className="revision-row">
          <span className="mono">{revision.commit.slice(0, 12)}</span>
          <span>{revision.refs.join(', ') || 'no branch'}</span>
          <span className="num">
            {revision.files} files, {formatBytes(revision.sizeOnDisk)}
          </span>
          {installed.revisions.length > 1 ? (
            <button
              type="button"
              className="button button--small button--danger-quiet"
              aria-label={`Delete revision ${revision.commit.slice(0, 12)}`}
              onClick={() => onDelete(revision.commit)}
            >
              Delete
            </button>
          ) : null}
        </div>
      ))}
      {installed.quants.length > 0 ? <p>Quantizations: {quantListLabel(installed.quants)}</p> : null}
      <p className="num">Total on disk: {formatBytes(installed.sizeOnDisk)}</p>
      {missing ? <p className="callout callout--warning">Partial: {missing}.</p> : null}
      {isFoundInSubFolder(installed) ? (
        <SubFolderNote installed={installed} />
      ) : (
        <button type="button" className="button button--danger-quiet" onClick={() => onDelete('all')}>
          Delete
        </button>
      )}
    </section>
  );
}
