/**
 * A repo page's revision picker: branches (main first), tags, pull requests (newest first, "PR #7"), and
 * the revision shown if it is none of those (a commit). Picking one opens the page at it (`?revision=`).
 */
import type { RepoPageResponse } from '../../../../src/api-types.js';
import { pullRequestLabel } from '../../../../src/hub/pull-request-ref.js';
import { navigate, useLocation } from '../../router.js';

export function RevisionPicker({
  page,
}: {
  page: Pick<RepoPageResponse, 'revision' | 'branches' | 'gitTags' | 'pullRequests'>;
}) {
  const location = useLocation();
  const branchNames = [...new Set(['main', ...page.branches.map((branch) => branch.name)])];
  const knownRevisions = new Set([
    ...branchNames,
    ...page.gitTags.map((tag) => tag.name),
    ...page.pullRequests.map((pr) => pr.name),
  ]);
  return (
    <label className="field">
      <span className="field__label">Revision</span>
      <select
        value={page.revision}
        onChange={(event) => {
          const value = event.target.value;
          const base = location.pathname;
          navigate(value === 'main' ? base : `${base}?revision=${encodeURIComponent(value)}`);
        }}
      >
        <optgroup label="Branches">
          {branchNames.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </optgroup>
        {page.gitTags.length > 0 ? (
          <optgroup label="Tags">
            {page.gitTags.map((tag) => (
              <option key={tag.name} value={tag.name}>
                {tag.name}
              </option>
            ))}
          </optgroup>
        ) : null}
        {page.pullRequests.length > 0 ? (
          <optgroup label="Pull requests">
            {page.pullRequests.map((pr) => (
              <option key={pr.name} value={pr.name}>
                {pullRequestLabel(pr.name)}
              </option>
            ))}
          </optgroup>
        ) : null}
        {knownRevisions.has(page.revision) ? null : <option value={page.revision}>{page.revision}</option>}
      </select>
    </label>
  );
}
