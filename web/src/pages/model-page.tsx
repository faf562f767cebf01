/**
 * A repo's page (`/models/{org}/{name}`, `/datasets/{org}/{name}`): facts, the model card, the files
 * grouped with sizes, a revision picker, what is installed, free disk, Download of exactly what is
 * selected (a GGUF quantization picker for GGUF repos), and Delete. Data: GET /api/hub/repos/…; when that
 * fails though the server answered (the Hub is unreachable, say), what is installed comes from GET
 * /api/models, which needs no Hub, and only the Hub's part is missing.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { RepoPageResponse } from '../../../src/api-types.js';
import { machineMemoryWords } from '../../../src/format/machine-memory.js';
import { diskState, installedCopy, leadingJob, modelStatus } from '../../../src/model-status.js';
import { asSentence, hubDidNotAnswer, messageOf, UiError } from '../api/errors.js';
import { DownloadButton } from '../components/download-button.js';
import { destinationHolds } from '../components/hub/destination-holds.js';
import { DestinationPicker } from '../components/hub/destination-picker.js';
import { downloadSelection } from '../components/hub/download-selection.js';
import { downloadVerdict } from '../components/hub/download-verdict.js';
import { FileGroups } from '../components/hub/file-groups.js';
import { GatedNote } from '../components/hub/gated-note.js';
import { HubUnavailableDownload, hubUnavailableText } from '../components/hub/hub-unavailable.js';
import { InstalledRevisions } from '../components/hub/installed-revisions.js';
import { ModelCard } from '../components/hub/model-card.js';
import { QuantPicker } from '../components/hub/quant-picker.js';
import {
  projectorsOfSelection,
  quantDownloadPaths,
  quantOfSelection,
} from '../components/hub/quant-selection.js';
import { RepoDownloads } from '../components/hub/repo-downloads.js';
import { RepoHead } from '../components/hub/repo-head.js';
import { RevisionPicker } from '../components/hub/revision-picker.js';
import { selectionRequest } from '../components/hub/selection-request.js';
import { useDeleteInstalled } from '../components/hub/use-delete-installed.js';
import { useRepairReload } from '../components/hub/use-repair-reload.js';
import { useRepoDestination } from '../components/hub/use-repo-destination.js';
import { folderDiskWords } from '../components/use-folder-disk.js';
import { licenseOfTags } from '../format/hub-values.js';
import { modelStatusLabel, modelStatusTone } from '../format/job-labels.js';
import { formatBytes, formatCount, formatDay } from '../format/units.js';
import { useLocation } from '../router.js';
import { jobStatesKey } from '../state/job-states-key.js';
import { type SeenStates, someJobEnded, statesOf } from '../state/jobs-ended.js';
import { isActive } from '../state/jobs-reducer.js';
import { useLive } from '../state/live-store.js';
import { downloadHoldingCopy, otherCopies } from '../state/model-entries.js';
import { createdNotice } from '../state/notices.js';
import { repoDownloads } from '../state/repo-downloads.js';
import '../components/hub/hub.css';

/** `/models/org/name` → repo type and id (segments decoded). */
export function repoOfPath(pathname: string): { repoType: 'model' | 'dataset'; repoId: string } | null {
  const match = /^\/(models|datasets)\/([^/]+)(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!match) return null;
  try {
    const parts = [match[2], match[3]]
      .filter((part): part is string => part !== undefined)
      .map(decodeURIComponent);
    return { repoType: match[1] === 'datasets' ? 'dataset' : 'model', repoId: parts.join('/') };
  } catch {
    return null;
  }
}

/** What to tell the user when the page cannot load, by error code. */
export function loadErrorText(error: unknown): string {
  const code = error instanceof UiError ? error.code : '';
  const message = messageOf(error);
  // The server's message says what the token has to do with it; where this UI keeps the token, it does not.
  // The refusals the CLI's hint names the token's source for (src/cli/token-hint.ts), a rejected token too.
  if (code === 'GATED_REPO' || code === 'REPO_NOT_FOUND' || code === 'UNAUTHORIZED') {
    return `${asSentence(message)} The Hub token is set in Settings.`;
  }
  return message;
}

export function ModelPage() {
  const { api, dispatch, refreshJobs, state } = useLive();
  const location = useLocation();
  const target = repoOfPath(location.pathname);
  const repoType = target?.repoType;
  const repoId = target?.repoId;
  const revision = new URLSearchParams(location.search).get('revision') ?? undefined;
  const [page, setPage] = useState<RepoPageResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The last load failed because the Hub did not answer, said by the hubget server (not itself down). */
  const [hubDown, setHubDown] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    if (!repoType || !repoId) return;
    try {
      const answer = await api.repoPage(repoType, repoId, revision);
      setPage(answer);
      setError(null);
      return answer;
    } catch (failure) {
      setError(loadErrorText(failure));
      // A Hub that answered (not found, gated, a bad revision) says something else than "unavailable".
      setHubDown(hubDidNotAnswer(failure));
      return undefined;
    }
  }, [api, repoType, repoId, revision]);

  useEffect(() => {
    setPage(null);
    void load().then((answer) => {
      if (!answer) return;
      if (answer.gguf?.defaultQuant) {
        const projectors = answer.gguf.defaultMmproj ? [answer.gguf.defaultMmproj] : [];
        setSelected(new Set(quantDownloadPaths(answer.gguf, answer.gguf.defaultQuant, projectors)));
      } else {
        setSelected(new Set(answer.files.map((file) => file.path)));
      }
    });
  }, [load]);

  // A job of this repo ending (completed, failed, cancelled) changes what is installed: reload, keep the
  // selection. Not when the job list first arrives, nor when a job only starts or pauses (jobs-ended.ts).
  const repoJobs = Object.values(state.jobs.byId).filter(
    (job) => job.repoId === repoId && job.repoType === repoType,
  );
  const jobKey = jobStatesKey(repoJobs);
  const seenStates = useRef<SeenStates>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: jobKey is the trigger, not an input.
  useEffect(() => {
    const ended = someJobEnded(seenStates.current, repoJobs);
    seenStates.current = statesOf(repoJobs);
    if (ended) void load();
  }, [jobKey]);
  useRepairReload(repoType, repoId, load);
  const deletion = useDeleteInstalled(() => void load());

  // The picker shows what the selection is (quant-selection.ts): one selection, no second copy to drift.
  const quant = page?.gguf ? quantOfSelection(page.gguf, selected) : null;
  const mmproj = page?.gguf ? projectorsOfSelection(page.gguf, selected) : [];
  const chooseQuant = (name: string) => {
    if (!page?.gguf) return;
    setSelected(new Set(quantDownloadPaths(page.gguf, name, mmproj)));
  };
  const chooseProjectors = (paths: string[]) => {
    if (!page?.gguf) return;
    const next = new Set(selected);
    for (const file of page.gguf.mmproj) next.delete(file.path);
    for (const path of paths) next.add(path);
    setSelected(next);
  };

  const selection = useMemo(() => downloadSelection(page?.files ?? [], selected), [page, selected]);
  // The HF cache or a folder (Settings' default until picked), and what the folder holds of the selection.
  const where = useRepoDestination(page, selection.files, quant);
  const refusalId = useId(); // the reason beside Download: the folder field's description while it is refused
  const toFolder = where.destination === 'local';

  if (!target) return <p className="callout callout--danger">Not a repository address.</p>;

  // The same status rule as the Model Manager's rows (src/model-status.ts): a download of it going on,
  // else what is on disk (installed, or partial when files are known to be missing).
  const activeJobs = repoJobs.filter(isActive);
  const activeJob = leadingJob(activeJobs);
  const localOnly = !page && error !== null && hubDown;
  // Without the repo page, what is installed is the Models list's (the same choice of copy as the server's),
  // read only then: the page renders on every live job update.
  const installed = page
    ? page.installed
    : localOnly
      ? installedCopy(
          (state.models ?? []).flatMap((entry) => (entry.installed ? [entry.installed] : [])),
          target.repoType,
          target.repoId,
        )
      : null;
  // The repo's other copies (the HF cache's, folders'): the Models list has them, the repo page only one.
  const others = installed ? otherCopies(state.models ?? [], installed) : [];
  const status =
    (page || localOnly) && (installed || activeJob)
      ? modelStatus(activeJob?.state, diskState(installed))
      : null;
  const statusChip = status ? (
    <span className={`chip chip--${modelStatusTone({ status, job: activeJob ?? null })}`}>
      {modelStatusLabel({ status, job: activeJob ?? null, activeJobs })}
    </span>
  ) : null;

  const download = async () => {
    if (!page || selection.files.length === 0 || (toFolder && where.localDir === null)) return;
    setBusy(true);
    try {
      const { job, joined } = await api.create(
        selectionRequest(page, selection.files, quant, where.localDir),
      );
      if (job && typeof job === 'object' && 'id' in job) {
        dispatch({
          type: 'job-created',
          job,
          notice: createdNotice(job, joined, {
            files: selection.files.length,
            bytes: selection.bytes,
          }),
        });
      }
      void refreshJobs();
    } catch (failure) {
      dispatch({
        type: 'toast',
        notice: {
          level: 'error',
          jobId: '',
          title: `Could not download ${page.repoId}`,
          message: messageOf(failure),
        },
      });
    } finally {
      setBusy(false);
    }
  };

  // Its own downloads, with their buttons; Download is off for a selection one of them fetches already.
  const shownJobs = repoDownloads(repoJobs, page);
  const verdict = page ? downloadVerdict(page, selection, quant, shownJobs, where) : null;
  // What the chosen destination holds (the HF cache or the folder): the quantization and file tags follow it.
  const holds = page ? destinationHolds(page, where) : null;
  const cardKind = page?.repoType === 'dataset' ? 'dataset' : 'model';
  const license = page ? licenseOfTags(page.tags) : null;

  return (
    <div className="page">
      <RepoHead title={target.repoId}>
        {page ? (
          <p className="repo-head__meta">
            <span>{page.repoType}</span>
            {page.pipelineTag ? <span>{page.pipelineTag}</span> : null}
            {page.libraryName ? <span>{page.libraryName}</span> : null}
            {license ? <span>license {license}</span> : null}
            <span className="num">{formatCount(page.downloads)} downloads</span>
            <span className="num">{formatCount(page.likes)} likes</span>
            <span className="num">updated {formatDay(page.lastModified)}</span>
            {page.gated ? <span className="chip chip--warning">gated</span> : null}
            {page.private ? <span className="chip chip--neutral">private</span> : null}
            {statusChip}
          </p>
        ) : statusChip ? (
          <p className="repo-head__meta">
            <span>{target.repoType}</span>
            {statusChip}
          </p>
        ) : null}
      </RepoHead>

      {error && !(localOnly && installed) ? (
        <p className="callout callout--danger" role="alert">
          {error}
        </p>
      ) : null}
      {localOnly && installed && error ? (
        <>
          <p className="callout callout--warning" role="alert">
            {hubUnavailableText(asSentence(error))}
          </p>
          <div className="repo-layout">
            <div className="repo-layout__side">
              <HubUnavailableDownload jobs={shownJobs} />
              <InstalledRevisions
                installed={installed}
                others={others}
                holder={downloadHoldingCopy(installed, activeJobs)}
                onDelete={deletion.ask}
              />
            </div>
          </div>
        </>
      ) : null}
      {!page && !error ? <p className="muted">Loading…</p> : null}

      {page ? (
        <div className="repo-layout">
          <div className="repo-layout__side">
            <section className="card" aria-labelledby="repo-download-title">
              <h2 id="repo-download-title" className="card__title">
                Download
              </h2>
              <div className="form-grid">
                <RevisionPicker page={page} />
                <DestinationPicker choice={where} refusalId={refusalId} />
                <div className="field">
                  <span className="field__label">Free disk</span>
                  <span className="num">
                    {toFolder
                      ? folderDiskWords(where.folderFreeBytes, where.folderDiskChecking)
                      : formatBytes(page.freeDiskBytes)}
                  </span>
                </div>
              </div>
              <p className="muted small mono">commit {page.commit.slice(0, 12)}</p>
              {page.gated ? <GatedNote page={page} endpoint={state.settings?.endpoint} /> : null}
              {page.gguf ? (
                <div className="repo-section">
                  <QuantPicker
                    gguf={page.gguf}
                    selected={quant}
                    onSelect={chooseQuant}
                    mmproj={mmproj}
                    onMmprojChange={chooseProjectors}
                    selectedFiles={selected}
                    holds={holds!}
                  />
                  <p className="muted small">
                    Memory: {machineMemoryWords(page.totalRamBytes, page.gpuMemoryBytes)}.
                  </p>
                </div>
              ) : null}
              <RepoDownloads jobs={shownJobs} />
              <div className="repo-download">
                <DownloadButton
                  reasonId={refusalId}
                  refusal={verdict?.refusal ?? null}
                  nothingToDo={verdict?.nothingToDo}
                  waiting={verdict?.waiting}
                  disabled={busy || selection.files.length === 0}
                  onClick={() => void download()}
                  status={
                    <span className="repo-download__summary" role="status">
                      {verdict?.summary}
                    </span>
                  }
                />
              </div>
            </section>

            {installed ? (
              <InstalledRevisions
                installed={installed}
                others={others}
                holder={downloadHoldingCopy(installed, activeJobs)}
                onDelete={deletion.ask}
              />
            ) : null}

            <section className="card" aria-labelledby="repo-files-title">
              <h2 id="repo-files-title" className="card__title">
                Files <span className="muted small num">{formatBytes(page.totalBytes)} in all</span>
              </h2>
              <FileGroups files={page.files} selected={selected} onChange={setSelected} holds={holds!} />
            </section>
          </div>

          <section className="card" aria-labelledby="repo-card-title">
            <h2 id="repo-card-title" className="card__title">
              {cardKind === 'dataset' ? 'Dataset card' : 'Model card'}
            </h2>
            {page.readme ? (
              <ModelCard text={page.readme.text} truncated={page.readme.truncated} kind={cardKind} />
            ) : (
              <p className="muted">
                {page.gated ? 'The card of a gated repository needs access.' : `No ${cardKind} card.`}
              </p>
            )}
          </section>
        </div>
      ) : null}

      {deletion.dialogFor(installed)}
    </div>
  );
}
