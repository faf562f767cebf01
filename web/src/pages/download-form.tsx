/**
 * "Download any repo": repo id, revision, include / exclude patterns, destination, then Preview (what will
 * be fetched, what is already there, free disk, gated: preview-summary.tsx) and Download. A folder's free disk is
 * said before any Preview, as the model page says it (use-folder-disk.ts: asked once its name stops changing), and
 * whether the selection fits it once a Preview said the selection's size, of another folder too (selection-fit.tsx). A pasted Hub address
 * (`https://huggingface.co/datasets/org/name/tree/v1`) or a `datasets/` prefix fills the id, type and
 * revision fields (src/hub/hub-address.ts), on paste, on leaving the field and on submit; editing the id
 * afterwards puts the type and revision the address set back (state/address-fields.ts). A field the form or the
 * server refuses is said with the field's label (api/field-labels.ts: "Destination folder: …", not the API's
 * `Invalid body field "localDir": …`), marked invalid and described by the error, and what was typed stays.
 */
import { type FormEvent, type MouseEvent, useId, useState } from 'react';
import type { ApiRepoType, NewJobRequest, PreviewResponse } from '../../../src/api-types.js';
import { isDownloadRefusal } from '../../../src/download-refusals.js';
import { messageOf, UiError } from '../api/errors.js';
import { FIELD_LABELS, type FormField } from '../api/field-labels.js';
import { DownloadButton } from '../components/download-button.js';
import { invalidMarks } from '../components/field.js';
import { PreviewSummary } from '../components/preview-summary.js';
import { FolderFitNote, selectionFit } from '../components/selection-fit.js';
import { folderDiskWords, useFolderDisk } from '../components/use-folder-disk.js';
import { useAddressFields } from '../state/address-fields.js';
import { FOLDER_NAME_MISSING, useDestinationChoice } from '../state/destination-choice.js';
import { useLive } from '../state/live-store.js';
import { parsePatterns, repoIdProblem } from '../state/model-entries.js';
import { createdNotice } from '../state/notices.js';

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
  // The selection (not the destination) and its size, as the last Preview said: kept when only the destination changes.
  const selection = JSON.stringify([repoId, repoType, revision, include, exclude]);
  const [sized, setSized] = useState<{ selection: string; totalBytes: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The field the error is about (the form's check, or the server's answer), marked invalid; null for none. */
  const [invalid, setInvalid] = useState<FormField | null>(null);
  const refuse = (message: string | null, field: FormField | null) => {
    setError(message);
    setInvalid(field);
  };
  const refuseCaught = (caught: unknown) =>
    refuse(messageOf(caught), caught instanceof UiError ? caught.field : null);
  /** A field's marks while the error is about it: aria-invalid, and the error as its description. */
  const errorId = `${id}-error`;
  const marks = (field: FormField, describedBy?: string) =>
    invalidMarks(describedBy, invalid === field ? errorId : undefined);
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
      refuse(problem, 'repoId');
      return null;
    }
    if (destination === 'local' && !folder.trim()) {
      refuse(FOLDER_NAME_MISSING, 'localDir');
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
    refuse(null, null);
    setPreviewRefused(false);
  };

  const onPreview = async () => {
    const request = buildRequest();
    if (!request) return;
    setBusy('preview');
    refuse(null, null);
    setPreviewRefused(false);
    try {
      const answer = await api.preview(request);
      setPreview(answer);
      if (answer.commit !== '') setSized({ selection, totalBytes: answer.totalBytes });
    } catch (caught) {
      setPreview(null);
      refuseCaught(caught);
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
    refuse(null, null);
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
      refuseCaught(caught);
    } finally {
      setBusy(null);
    }
  };

  const fit = selectionFit(
    preview,
    sized?.selection === selection ? sized.totalBytes : null,
    destination === 'local' ? folderDisk.freeBytes : null,
  );

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
          <span className="field__label">{FIELD_LABELS.repoId}</span>
          <input
            type="text"
            name="repoId"
            value={repoId}
            placeholder="org/model-name, or paste its huggingface.co address"
            autoComplete="off"
            spellCheck={false}
            {...marks('repoId', addressNote ? `${id}-address` : undefined)}
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
          <span className="field__label">{FIELD_LABELS.repoType}</span>
          <select
            value={repoType}
            {...marks('repoType')}
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
          <span className="field__label">{FIELD_LABELS.revision} (optional)</span>
          <input
            type="text"
            value={revision}
            {...marks('revision')}
            placeholder="main"
            spellCheck={false}
            onChange={(event) => {
              editRevision(event.target.value);
              clearResult();
            }}
          />
        </label>
        <label className="field">
          <span className="field__label">{FIELD_LABELS.include} (optional)</span>
          <input
            type="text"
            value={include}
            {...marks('include')}
            placeholder="*.safetensors, config.json"
            spellCheck={false}
            onChange={(event) => {
              setInclude(event.target.value);
              clearResult();
            }}
          />
        </label>
        <label className="field">
          <span className="field__label">{FIELD_LABELS.exclude} (optional)</span>
          <input
            type="text"
            value={exclude}
            {...marks('exclude')}
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
              aria-label={FIELD_LABELS.localDir}
              value={folder}
              {...marks('localDir')}
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
          <FolderFitNote fit={fit} />
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
        <p id={errorId} className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {preview ? <PreviewSummary preview={preview} fit={fit} /> : null}
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
