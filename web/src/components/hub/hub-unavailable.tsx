import type { JobView } from '../../../../src/api-types.js';
import { DownloadButton } from '../download-button.js';
import { RepoDownloads } from './repo-downloads.js';

/**
 * The model page's Download card while the Hub does not answer: no file list, so nothing to select or to
 * size, and Download stays off with the reason beside it. What is installed is local and shows as usual
 * (installed-revisions.tsx); the page takes it from GET /api/models. So are the repo's own downloads (`jobs`:
 * repoDownloads), with their buttons: a paused one can be resumed or cancelled without the Hub's details.
 */
export function HubUnavailableDownload({ jobs }: { jobs: readonly JobView[] }) {
  return (
    <section className="card" aria-labelledby="repo-download-title">
      <h2 id="repo-download-title" className="card__title">
        Download
      </h2>
      <RepoDownloads jobs={jobs} />
      <div className="repo-download">
        <DownloadButton refusal="Not downloadable right now: the Hub does not answer, so its file list is unknown." />
      </div>
    </section>
  );
}

/** The note above it: what is missing, and why (the error the repo page's request ended with). */
export function hubUnavailableText(error: string): string {
  return `The Hub's details (the card, the file list, the sizes to download) are unavailable right now: ${error} What is installed is shown from disk.`;
}
