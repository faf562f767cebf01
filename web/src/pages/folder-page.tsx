/**
 * The page of a folder under the models dir that names no repo (`/folders/{name}`; InstalledModel.unnamedRepo):
 * huggingface_hub (`hf download --local-dir`) or another tool made it, and its records name each file's commit, never
 * the repo, so there is no Hub page to show. What is on disk shows as on a repo's page (installed-revisions.tsx):
 * where it is, its revisions and files, Delete, and Verify files, whose findings ask which repo it holds before
 * fetching the files not intact again (verify-findings.tsx). Everything comes from the Models list (GET /api/models).
 */
import { folderOfPath, repoPageHrefOf } from '../format/hub-values.js';
import { formatBytes } from '../format/units.js';
import { Link, navigate, useLocation } from '../router.js';
import '../components/hub/hub.css';
import { InstalledRevisions } from '../components/hub/installed-revisions.js';
import { RepoHead } from '../components/hub/repo-head.js';
import { useDeleteInstalled } from '../components/hub/use-delete-installed.js';
import { useLive } from '../state/live-store.js';
import { downloadHoldingCopy } from '../state/model-entries.js';

export function FolderPage() {
  const { state } = useLive();
  const location = useLocation();
  const folder = folderOfPath(location.pathname);
  // Deleted whole: back to the list, where it is gone.
  const deletion = useDeleteInstalled(() => navigate('/models'));
  const installed =
    state.models?.find(
      (entry) => entry.installed?.location === 'local' && entry.installed.localFolder === folder,
    )?.installed ?? null;
  const jobs = Object.values(state.jobs.byId);
  const repoPage = installed ? repoPageHrefOf(installed.repoType, installed.repoId) : null;
  return (
    <div className="page">
      <RepoHead title={folder ?? 'Folder'}>
        {installed ? (
          <p className="repo-head__meta">
            <span>folder</span>
            <span className="num">{formatBytes(installed.sizeOnDisk)}</span>
            {installed.unnamedRepo ? (
              <span>repo not named</span>
            ) : (
              <span className="mono">{installed.repoId}</span>
            )}
          </p>
        ) : null}
      </RepoHead>
      {folder === null ? (
        <p className="callout callout--danger">Not a folder address.</p>
      ) : state.models === null ? (
        <p className="muted">Loading…</p>
      ) : installed === null ? (
        <p className="callout callout--danger" role="alert">
          No download is in the folder {folder} of the models folder (deleted, or moved).{' '}
          <Link to="/models">Models</Link> lists what is installed.
        </p>
      ) : (
        <div className="repo-layout">
          <div className="repo-layout__side">
            {installed.unnamedRepo ? (
              <p className="callout callout--warning">
                No hubget marker names the repo this folder holds: huggingface_hub (
                <span className="mono">hf download --local-dir</span>) or another tool made it, and its
                records name each file’s commit, never the repo. What is on disk is shown here; Verify files
                checks each file against the hash its record names, and asks for the repo before it fetches a
                file again.
              </p>
            ) : (
              <p className="callout">
                It holds <span className="mono">{installed.repoId}</span>
                {repoPage ? (
                  <>
                    : <Link to={repoPage}>its page</Link> shows the repo and what else of it is installed
                  </>
                ) : null}
                .
              </p>
            )}
            <InstalledRevisions
              installed={installed}
              others={[]}
              holder={downloadHoldingCopy(installed, jobs)}
              onDelete={deletion.ask}
            />
          </div>
        </div>
      )}
      {deletion.dialogFor(installed)}
    </div>
  );
}
