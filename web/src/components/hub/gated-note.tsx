/**
 * What the model page of a gated repo says about access. Whether the Hub serves its files to the current
 * token is the page's `accessDenied` (src/hub/gated-access.ts); what to do about a refusal depends on
 * whether a token is set (`hfTokenSet`): without one, request access and set it; with one, its account has
 * no access yet, so only the request is left to do.
 */
import type { RepoPageResponse } from '../../../../src/api-types.js';
import { repoPageUrl } from '../../../../src/hub/urls.js';

interface GatedNoteProps {
  page: Pick<RepoPageResponse, 'repoId' | 'repoType' | 'accessDenied'>;
  /** Whether an HF token is stored; undefined while the settings are not known. */
  tokenSet: boolean | undefined;
  /** The Hub's address (settings), for the link to the repo's page. */
  endpoint: string | undefined;
}

export function GatedNote({ page, tokenSet, endpoint }: GatedNoteProps) {
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
  return tokenSet ? (
    <p className="callout callout--warning">
      This repository is gated and your token's account has no access to it yet: request access on {hubPage}.
    </p>
  ) : (
    <p className="callout callout--warning">
      This repository is gated: request access on {hubPage}, then set your token in Settings.
    </p>
  );
}
