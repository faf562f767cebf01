/**
 * The download the model page asks for (POST /api/downloads, and its preview): exactly the selected files at
 * the page's revision (the whole repo when every file is selected), named after the quantization of a GGUF
 * repo, into the HF cache or into `localDir`, a folder under the models dir.
 */
import type { NewJobRequest, RepoPageFile, RepoPageResponse } from '../../../../src/api-types.js';

export function selectionRequest(
  page: Pick<RepoPageResponse, 'repoId' | 'repoType' | 'revision' | 'files' | 'gguf'>,
  files: readonly Pick<RepoPageFile, 'pattern'>[],
  quant: string | null,
  localDir: string | null,
): NewJobRequest {
  const everything = files.length === page.files.length;
  return {
    repoId: page.repoId,
    repoType: page.repoType,
    ...(page.revision === 'main' ? {} : { revision: page.revision }),
    ...(everything ? {} : { include: files.map((file) => file.pattern) }),
    ...(page.gguf && quant ? { name: `${page.repoId.split('/').pop()} ${quant}` } : {}),
    ...(localDir === null ? {} : { localDir }),
  };
}
