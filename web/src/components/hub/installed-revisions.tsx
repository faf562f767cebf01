/**
 * What of a repo is installed: where that copy is (the HF cache or a folder under the models dir), each
 * revision with its files, size and the folder that holds them (its snapshot folder in the HF cache), what is known to be missing (docs/api-models.md, model status: a
 * warning, unless a download of its own is on its way), Delete (all, one
 * revision of the HF cache's, or one GGUF quantization), Verify files (verify-files.tsx), and where else the repo is installed (the Models list has a row per copy).
 */
import './installed.css';
import type { InstalledModel, JobView } from '../../../../src/api-types.js';
import { isFoundInSubFolder } from '../../../../src/sub-folder-local-dir.js';
import { jobStateLabel, missingFilesLabel, onDiskLabel } from '../../format/job-labels.js';
import { quantListLabel } from '../../format/quant-labels.js';
import { formatBytes, plural } from '../../format/units.js';
import { Link } from '../../router.js';
import { quantTarget } from '../../state/delete-installed.js';
import { placeOf } from '../../state/model-entries.js';
import { modelsListHref } from '../../state/models-address.js';
import { SubFolderNote } from '../sub-folder-note.js';
import { useVerifyFiles } from './verify-files.js';

export function InstalledRevisions({
  installed,
  others,
  holder,
  onDelete,
}: {
  installed: InstalledModel;
  /** The repo's other installed copies (`otherCopies`), which this card does not show. */
  others: readonly InstalledModel[];
  /**
   * The download of its own that holds this copy (`downloadHoldingCopy`): no Delete while there is one (the
   * server refuses it), but what to do instead.
   */
  holder: JobView | null;
  /** `all`, the commit of the one revision to delete, or one quantization (`quantTarget`). */
  onDelete: (what: string) => void;
}) {
  const missing = missingFilesLabel(installed);
  // Delete and Verify files in one row, what it found under it; no Verify while a download of its own fills the copy
  // (its files are still arriving), nor for a sub-folder's (the server reads only those directly under the models dir).
  const verify = useVerifyFiles(installed);
  // One revision of several goes only from the HF cache: a folder is deleted whole
  // (DELETE /api/models/local/:folder takes no revision, and refuses one).
  const deletesRevisions = installed.location === 'cache' && installed.revisions.length > 1 && !holder;
  // One quantization goes from the HF cache's copy (src/cache/delete-quant.ts) or a folder's
  // (delete-local-quant.ts); not from a folder found in a sub-folder, which the server does not delete in.
  const deletesQuants = !holder && !isFoundInSubFolder(installed);
  return (
    <section className="card" aria-labelledby="repo-installed-title">
      <h2 id="repo-installed-title" className="card__title">
        Installed
      </h2>
      <p>
        Where: <strong title={installed.path}>{placeOf(installed)}</strong>
      </p>
      {others.length > 0 ? (
        <p className="small">
          Also in: {others.map(placeOf).join(', ')} (
          <Link to={modelsListHref(installed.repoId)}>every copy in Models</Link>)
        </p>
      ) : null}
      {installed.revisions.map((revision) => (
        <div key={revision.commit} className="revision-row">
          <span className="mono">{revision.commit.slice(0, 12)}</span>
          <span>{revision.refs.join(', ') || 'no branch'}</span>
          <span className="num">
            {plural(revision.files, 'file')}, {formatBytes(revision.sizeOnDisk)}
          </span>
          {deletesRevisions ? (
            <button
              type="button"
              className="button button--small button--danger-quiet"
              aria-label={`Delete revision ${revision.commit.slice(0, 12)}`}
              onClick={() => onDelete(revision.commit)}
            >
              Delete
            </button>
          ) : null}
          {/* Where its files are, to point llama.cpp or ComfyUI at (selected whole with one click). */}
          <span className="mono revision-row__path">{revision.path}</span>
        </div>
      ))}
      {installed.quants.length === 0 ? null : deletesQuants ? (
        // Each quantization goes on its own.
        <ul className="quant-rows" aria-label="Quantizations">
          <li>Quantizations:</li>
          {installed.quants.map((quant) => (
            <li key={quant} className="revision-row">
              <span className="mono">{quant}</span>
              <button
                type="button"
                className="button button--small button--danger-quiet"
                aria-label={`Delete ${quant}`}
                onClick={() => onDelete(quantTarget(quant))}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p>Quantizations: {quantListLabel(installed.quants)}</p>
      )}
      <p className="num">Total on disk: {onDiskLabel(installed)}</p>
      {/*
        Files missing while a download of its own is on its way are still to come, not a fault: said in the
        download's state word ("Downloading: 3 of 4 files missing …"), without the warning's colour and box.
      */}
      {missing && holder ? (
        <p>
          {jobStateLabel(holder)}: {missing}.
        </p>
      ) : missing ? (
        <p className="callout callout--warning">Partial: {missing}.</p>
      ) : null}
      {isFoundInSubFolder(installed) ? (
        <SubFolderNote installed={installed} />
      ) : holder ? (
        <p className="small">
          The {holder.state} download “{holder.name}” keeps its partial files here: cancel it (
          <Link to="/downloads">Downloads</Link>) to delete this copy.
        </p>
      ) : (
        <div className="installed-actions">
          <button type="button" className="button button--danger-quiet" onClick={() => onDelete('all')}>
            Delete
          </button>
          {verify.button}
        </div>
      )}
      {/* Kept while a repair's download holds the copy: it says what was queued. */}
      {verify.findings}
    </section>
  );
}
