/**
 * What the Models page's download form shows of a Preview (POST /api/downloads/preview): the counts, free disk, the
 * destination, whether the repo is gated or needs a token, that the download does not fit the disk (the form's
 * SelectionFit: src/format/disk-fit.ts's rule), and the file list (the first PREVIEW_FILE_LIMIT files).
 */
import type { PreviewResponse } from '../../../src/api-types.js';
import { notEnoughSpaceMessage } from '../../../src/format/disk-fit.js';
import { printableLine } from '../format/printable.js';
import { copyPlacesWords, formatBytes } from '../format/units.js';
import type { SelectionFit } from './selection-fit.js';

const PREVIEW_FILE_LIMIT = 200;

export function PreviewSummary({ preview, fit }: { preview: PreviewResponse; fit: SelectionFit }) {
  const notEnoughSpace = fit?.verdict === 'short';
  // Nothing listed: not found, or private or gated without a token (the Hub does not say which).
  if (preview.commit === '') {
    return (
      <section className="preview" aria-label="Preview">
        <p className="callout callout--danger" role="status">
          {preview.message ?? `${preview.repoId} could not be listed.`}
        </p>
      </section>
    );
  }
  const shown = preview.files.slice(0, PREVIEW_FILE_LIMIT);
  return (
    <section className="preview" aria-label="Preview">
      <dl className="stats-grid">
        <div>
          <dt>Files</dt>
          <dd className="num">{preview.files.length}</dd>
        </div>
        <div>
          <dt>Total size</dt>
          <dd className="num">{formatBytes(preview.totalBytes)}</dd>
        </div>
        <div>
          <dt>Already present</dt>
          <dd className="num">{formatBytes(preview.presentBytes)}</dd>
        </div>
        <div>
          <dt>To download</dt>
          <dd className="num">{formatBytes(preview.bytesToFetch)}</dd>
        </div>
        {preview.copiedBytes > 0 ? (
          // A whole row: the place is a folder's path or a repo's name, which a 140 px column at 390 px squeezed
          // into a label of five lines beside its figure.
          <div className="stats-grid__row">
            <dt>To copy</dt>
            <dd>
              <span className="num">{formatBytes(preview.copiedBytes)}</span>{' '}
              <span className="stats-grid__place">from {copyPlacesWords(preview.copiedFrom)}</span>
            </dd>
          </div>
        ) : null}
        {(preview.linkedBytes ?? 0) > 0 ? (
          // A fork's weights another repo's folder holds: hard-linked, they take no room (docs/cache-hard-links.md).
          <div>
            <dt>Of it linked: no room taken</dt>
            <dd className="num">{formatBytes(preview.linkedBytes ?? 0)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Free disk</dt>
          <dd className={`num${notEnoughSpace ? ' text-danger' : ''}`}>{formatBytes(preview.freeBytes)}</dd>
        </div>
        <div>
          <dt>Revision</dt>
          <dd className="mono" title={preview.commit}>
            {preview.revision} · {preview.commit.slice(0, 10)}
          </dd>
        </div>
      </dl>
      <p className="preview__destination">
        Destination: <span className="mono">{preview.destination}</span>
      </p>
      {preview.gated || preview.needsToken ? (
        <p
          className={preview.needsToken ? 'callout callout--danger' : 'callout callout--warning'}
          role="status"
        >
          {preview.needsToken
            ? (preview.message ??
              'This repository is gated: accept its terms on the Hub, then set a token in Settings.')
            : 'This repository is gated; your token gives access.'}
        </p>
      ) : null}
      {fit?.verdict === 'short' ? (
        <p className="callout callout--danger" role="status">
          {notEnoughSpaceMessage(fit.needBytes, fit.freeBytes, preview.destination)}
        </p>
      ) : null}
      <details className="preview__files">
        <summary>
          File list ({preview.files.length} file{preview.files.length === 1 ? '' : 's'})
        </summary>
        <ul>
          {shown.map((file) => (
            <li key={file.path}>
              <span className="mono preview__path">{printableLine(file.path)}</span>
              <span className="num">{formatBytes(file.size)}</span>
              <span className={file.present ? 'chip chip--success' : 'chip chip--neutral'}>
                {file.present ? 'present' : 'to fetch'}
              </span>
            </li>
          ))}
          {preview.files.length > shown.length ? (
            <li className="muted">…and {preview.files.length - shown.length} more</li>
          ) : null}
        </ul>
      </details>
    </section>
  );
}
