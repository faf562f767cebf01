/**
 * What the model page of a gated repo says about access. Whether the Hub serves its files to the current
 * token is the page's `accessDenied` (src/hub/gated-access.ts); what to do about a refusal is its
 * `accessDenial`, the case the server took from the Hub's answer by the CLI's rule (src/hub/gated-denial.ts):
 * without a token, request access and set one; with a token the Hub did not accept, set a valid one; with a
 * token whose account has no access yet, only the request is left to do.
 */
import type { RepoPageResponse } from '../../../../src/api-types.js';
import { repoPageUrl } from '../../../../src/hub/urls.js';

interface GatedNoteProps {
  page: Pick<RepoPageResponse, 'repoId' | 'repoType' | 'accessDenied' | 'accessDenial'>;
  /** The Hub's address (settings), for the link to the repo's page. */
  endpoint: string | undefined;
}

export function GatedNote({ page, endpoint }: GatedNoteProps) {
  if (!page.accessDenied) {
    return <p className="callout">This repository is gated; your token gives access.</p>;
  }
  const hubPage = endpoint ? (
    <a href={repoPageUrl(endpoint, page)} target="_blank" rel="noreferrer">
      its Hugging Face page
    </a>
  ) : (
    'its Hugging Face page'
  );
  switch (page.accessDenial) {
    case 'no-access':
      return (
        <p className="callout callout--warning">
          This repository is gated and your token's account has no access to it yet: request access on{' '}
          {hubPage}.
        </p>
      );
    case 'token-rejected':
      return (
        <p className="callout callout--warning">
          This repository is gated and the Hub did not accept your token: set a valid one in Settings, of an
          account that has access (request it on {hubPage}).
        </p>
      );
    default:
      return (
        <p className="callout callout--warning">
          This repository is gated: request access on {hubPage}, then set your token in Settings.
        </p>
      );
  }
}
