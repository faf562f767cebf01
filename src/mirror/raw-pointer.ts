/**
 * `/raw/` of an LFS file (docs/mirror.md): the git object the repo stores in its place, the git-lfs pointer file
 * (docs/hub-protocol.md §1.1). The listing says all of it (the file's sha256 and size), so it is answered from the
 * listing alone: no pull, no upstream, the same online and offline. Its `ETag` is its git oid, which the listing
 * names as the file's `oid`; a pointer that would not hash to it is refused rather than answered under that tag.
 */
import { lfsPointerOid, lfsPointerText } from '../cache/cached-snapshot.js';
import type { RepoFile } from '../hub/index.js';
import { conditionalOutcome, notModifiedReply, preconditionFailed } from './conditional-request.js';
import { parseRangeHeader } from './http-range.js';
import { MirrorError } from './mirror-errors.js';
import { fileHeaders, type MirrorReply } from './mirror-replies.js';
import type { MirrorRequest } from './mirror-request.js';

export function lfsPointerReply(
  commit: string,
  file: RepoFile,
  lfs: NonNullable<RepoFile['lfs']>,
  request: MirrorRequest,
): MirrorReply {
  const pointer = Buffer.from(lfsPointerText(lfs.oid, lfs.size));
  if (lfsPointerOid(lfs.oid, lfs.size) !== file.oid) {
    throw new MirrorError(
      502,
      `The pointer file of ${file.path} is not one the mirror can rebuild from the listing: ask /resolve/ for the file`,
    );
  }
  const headers = fileHeaders(commit, { path: file.path, size: pointer.length, oid: file.oid });
  const conditional = conditionalOutcome(request, headers);
  if (conditional.kind === 'precondition-failed') throw preconditionFailed(file.path, headers);
  if (conditional.kind === 'not-modified') return notModifiedReply(headers, pointer.length);
  const range = parseRangeHeader(conditional.range, pointer.length);
  if (range.kind === 'unsatisfiable') {
    return { status: 416, headers: { ...headers, 'content-range': `bytes */${pointer.length}` } };
  }
  const [status, body, extra] =
    range.kind === 'partial'
      ? [
          206,
          pointer.subarray(range.start, range.end + 1),
          { 'content-range': `bytes ${range.start}-${range.end}/${pointer.length}` },
        ]
      : [200, pointer, {}];
  const replyHeaders = { ...headers, ...extra, 'content-length': String(body.length) };
  return request.method === 'HEAD'
    ? { status, headers: replyHeaders }
    : { status, headers: replyHeaders, body };
}
