/**
 * "Download any repo": repo id, revision, include / exclude patterns, destination, then Preview (what will
 * be fetched, what is already there, free disk, gated) and Download. A folder's free disk is said before any Preview,
 * as the model page says it (use-folder-disk.ts: asked once its name stops changing). A pasted Hub address
 * (`https://huggingface.co/datasets/org/name/tree/v1`) or a `datasets/` prefix fills the id, type and
 * revision fields (src/hub/hub-address.ts), on paste, on leaving the field and on submit; editing the id
 * afterwards puts the type and revision the address set back (state/address-fields.ts).
 */
import { type FormEvent, type MouseEvent, useId, useState } from 'react';
import type { ApiRepoType, NewJobRequest, PreviewResponse } from '../../../src/api-types.js';
import { isDownloadRefusal } from '../../../src/download-refusals.js';
import { fitsOnDisk, notEnoughSpaceMessage } from '../../../src/format/disk-fit.js';
import { messageOf, UiError } from '../api/errors.js';
import { DownloadButton } from '../components/download-button.js';
import { folderDiskWords, useFolderDisk } from '../components/use-folder-disk.js';
import { printableLine } from '../format/printable.js';
import { copyPlacesWords, formatBytes } from '../format/units.js';
import { useAddressFields } from '../state/address-fields.js';
import { FOLDER_NAME_MISSING, useDestinationChoice } from '../state/destination-choice.js';
import { useLive } from '../state/live-store.js';
import { parsePatterns, repoIdProblem } from '../state/model-entries.js';
import { createdNotice } from '../state/notices.js';

const PREVIEW_FILE_LIMIT = 200;

export function DownloadForm({ onStarted }: { onStarted?: () => void }) {
  const { api, dispatch, refreshJobs } = useLive();
  const id = useId();
  const {
    repoId,
    repoType,
    revision,
    note: addressNote,
    readAddress,
    editId,
    editType,
    editRevision,
  } = useAddressFields();
  const [include, setInclude] = useState('');
  const [exclude, setExclude] = useState('');
  const { destination, choose: chooseDestination } = useDestinationChoice();
  const [folder, setFolder] = useState('');
  const folderDisk = useFolderDisk(destination === 'local' ? folder.trim() : null, null);
  const [preview, setPreview] = useState<PreviewResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The preview failed as POST /api/downloads would (isDownloadRefusal): Download refuses, as after needsToken. */
  const [previewRefused, setPreviewRefused] = useState(false);
  const [busy, setBusy] = useState<'preview' | 'download' | null>(null);

  const buildRequest = (): NewJobRequest | null => {
    const address = readAddress(repoId);
    const targetId = address?.repoId ?? repoId;
    const targetType = address?.repoType ?? repoType;
    const wanted = address?.revision ?? revision;
    const problem = repoIdProblem(targetId, targetType);
    if (problem) {
      setError(problem);
      return null;
    }
    if (destination === 'local' && !folder.trim()) {
      setError(FOLDER_NAME_MISSING);
      return null;
    }
    const request: NewJobRequest = { repoId: targetId.trim(), repoType: targetType };
    if (wanted.trim()) request.revision = wanted.trim();
    const includePatterns = parsePatterns(include);
    const excludePatterns = parsePatterns(exclude);
    if (includePatterns.length) request.include = includePatterns;
    if (excludePatterns.length) request.exclude = excludePatterns;
    if (destination === 'local') request.localDir = folder.trim();
    return request;
  };

  const clearResult = () => {
    setPreview(null);
    setError(null);
    setPreviewRefused(false);
  };

  const onPreview = async () => {
    const request = buildRequest();
    if (!request) return;
    setBusy('preview');
    setError(null);
    setPreviewRefused(false);
    try {
      setPreview(await api.preview(request));
    } catch (caught) {
      setPreview(null);
      setError(messageOf(caught));
      setPreviewRefused(caught instanceof UiError && isDownloadRefusal(caught.code));
    } finally {
      setBusy(null);
    }
  };

  // The preview says the Hub will not serve this download with the current token (not found, private, gated
  // without access): Download refuses rather than queue a job that can only fail when its turn comes.
  const refusal = previewRefused
    ? 'Not downloadable: see what the preview says.'
    : preview?.needsToken
      ? preview.commit === ''
        ? 'Not downloadable: the Hub does not list this repo (see the preview).'
        : 'Not downloadable: no access to this gated repo yet (see the preview).'
      : null;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (refusal) return;
    const request = buildRequest();
    if (!request) return;
    setBusy('download');
    setError(null);
    try {
      const { job, joined } = await api.create(request);
      if (job && typeof job === 'object' && 'id' in job) {
        dispatch({
          type: 'job-created',
          job,
          notice: createdNotice(job, joined),
        });
      }
      void refreshJobs();
      onStarted?.();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(null);
    }
  };

  const notEnoughSpace = preview !== null && !fitsOnDisk(preview.bytesToWrite, preview.freeBytes);

  return (
    <form
      className="card download-form"
      onSubmit={onSubmit}
      onMouseDown={keepFocusOnPress}
      aria-labelledby={`${id}-title`}
      noValidate
    >
      <h2 id={`${id}-title`} className="card__title">
        Download from the Hub
      </h2>
      <div className="form-grid">
        <label className="field field--wide">
          <span className="field__label">Hugging Face repo id</span>
          <input
            type="text"
            name="repoId"
            value={repoId}
            placeholder="org/model-name, or paste its huggingface.co address"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={addressNote ? `${id}-address` : undefined}
            onChange={(event) => {
              editId(event.target.value);
              clearResult();
            }}
            onPaste={(event) => {
              // A whole address pasted into the field: read it at once (a paste inside an id is left alone).
              const input = event.currentTarget;
              const replacesAll = input.selectionStart === 0 && input.selectionEnd === input.value.length;
              if ((replacesAll || input.value === '') && readAddress(event.clipboardData.getData('text'))) {
                event.preventDefault();
                clearResult();
              }
            }}
            onBlur={() => {
              if (readAddress(repoId)) clearResult();
            }}
          />
          {addressNote ? (
            <span id={`${id}-address`} className="field__hint" role="status">
              {addressNote}
            </span>
          ) : null}
        </label>
        <label className="field">
          <span className="field__label">Type</span>
          <select
            value={repoType}
            onChange={(event) => {
              editType(event.target.value as ApiRepoType);
              clearResult();
            }}
          >
            <option value="model">Model</option>
            <option value="dataset">Dataset</option>
            <option value="space">Space</option>
          </select>
        </label>
        <label className="field">
          <span className="field__label">Revision (optional)</span>
          <input
            type="text"
            value={revision}
            placeholder="main"
            spellCheck={false}
            onChange={(event) => {
              editRevision(event.target.value);
              clearResult();
            }}
          />
        </label>
        <label className="field">
          <span className="field__label">Include patterns (optional)</span>
          <input
            type="text"
            value={include}
            placeholder="*.safetensors, config.json"
            spellCheck={false}
            onChange={(event) => {
              setInclude(event.target.value);
              clearResult();
            }}
          />
        </label>
        <label className="field">
          <span className="field__label">Exclude patterns (optional)</span>
          <input
            type="text"
            value={exclude}
            placeholder="*.bin, original/*"
            spellCheck={false}
            onChange={(event) => {
              setExclude(event.target.value);
              clearResult();
            }}
          />
        </label>
        <fieldset className="field field--wide destination">
          <legend className="field__label">Destination</legend>
          <label className="radio">
            <input
              type="radio"
              name={`${id}-destination`}
              checked={destination === 'cache'}
              onChange={() => {
                chooseDestination('cache');
                clearResult();
              }}
            />
            Hugging Face cache
          </label>
          <label className="radio">
            <input
              type="radio"
              name={`${id}-destination`}
              checked={destination === 'local'}
              onChange={() => {
                chooseDestination('local');
                clearResult();
              }}
            />
            Folder
          </label>
          {destination === 'local' ? (
            <input
              type="text"
              aria-label="Destination folder"
              value={folder}
              placeholder="my-model or /abs/path"
              spellCheck={false}
              onChange={(event) => {
                setFolder(event.target.value);
                clearResult();
              }}
            />
          ) : null}
          {destination === 'local' && folder.trim() ? (
            <span className="field__hint">
              Free disk:{' '}
              <span className="num">{folderDiskWords(folderDisk.freeBytes, folderDisk.checking)}</span>
            </span>
          ) : null}
        </fieldset>
      </div>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => void onPreview()} disabled={busy !== null}>
          {busy === 'preview' ? 'Checking…' : 'Preview'}
        </button>
        <DownloadButton type="submit" refusal={refusal} disabled={busy !== null}>
          {busy === 'download' ? 'Starting…' : 'Download'}
        </DownloadButton>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {preview ? <PreviewSummary preview={preview} notEnoughSpace={notEnoughSpace} /> : null}
    </form>
  );
}

/**
 * Leaving the id field reads an address typed there, and its note ("Read from the address: …") appears under
 * the field, moving every control below it down a line. A press on a button or a destination radio took the
 * focus from the field at mousedown, so the note pushed the control away before mouseup: the click landed
 * beside it and was lost (Download or Preview did nothing, seen clicking the upper half of Download after
 * typing `org/a@nobranch`). Pressing these keeps the focus where it is; the click acts, and Download and Preview
 * read the address themselves (`buildRequest`). Text fields and selects still take the focus as usual.
 */
function keepFocusOnPress(event: MouseEvent<HTMLFormElement>): void {
  const target = event.target as Element;
  if (target.closest('button, .radio')) event.preventDefault();
}

function PreviewSummary({ preview, notEnoughSpace }: { preview: PreviewResponse; notEnoughSpace: boolean }) {
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
          <div>
            <dt>To copy from {copyPlacesWords(preview.copiedFrom)}</dt>
            <dd className="num">{formatBytes(preview.copiedBytes)}</dd>
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
      {notEnoughSpace ? (
        <p className="callout callout--danger" role="status">
          {notEnoughSpaceMessage(preview.bytesToWrite, preview.freeBytes, preview.destination)}
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
