/**
 * What deletions made together free (docs/cache-hard-links.md). Alone, each plan counts a blob another name links
 * (a fork's weights hard-linked between two repos' folders: scan-cached-repo.ts isSharedBlob) as freeing nothing:
 * the other name keeps it. Deleted together with every other name linking it (`hubget rm org/base other/fork`), the
 * set frees it. Each such blob is counted once, for the last plan in the set that names it: deletions carried out
 * in order see its last name go there (that plan, made again before it deletes, counts it as its own).
 */
import { type CachedFile, isSharedBlob } from './scan-cached-repo.js';

/** A blob a deletion removes one name of while another name links it: it stays, unless that name goes too. */
export interface SharedBlob {
  /** The file itself (`dev:ino`), one under all its names. */
  fileId: string;
  /** This name of it (the repo's `blobs/<id>`, or a snapshot file in no-symlink mode). */
  path: string;
  size: number;
  /** Names it has (`st_nlink`). */
  links: number;
}

/** The blobs of `files` another name links too (isSharedBlob), as a deletion plan records them. */
export function sharedBlobsOf(files: Iterable<CachedFile>): SharedBlob[] {
  const shared: SharedBlob[] = [];
  for (const file of files) {
    if (isSharedBlob(file)) {
      shared.push({ fileId: file.fileId, path: file.blobPath, size: file.size, links: file.links });
    }
  }
  return shared;
}

/** Of one plan in a set: `alsoFrees`, shared bytes the set frees counted for it; `keeps`, shared bytes that stay. */
export interface FreedTogether {
  alsoFrees: number;
  keeps: number;
}

/**
 * For plans carried out together, in order: per plan, the bytes of its shared blobs the set frees that are counted
 * for it (add them to its `freedBytes`), and those that stay, since a name outside the set links them (its
 * `sharedBytes` in the set). Their `freedBytes` summed with every `alsoFrees` is what the set frees.
 */
export function freedTogether(plans: readonly { sharedBlobs: readonly SharedBlob[] }[]): FreedTogether[] {
  const names = new Map<string, Set<string>>();
  const last = new Map<string, number>();
  plans.forEach((plan, index) => {
    for (const blob of plan.sharedBlobs) {
      const going = names.get(blob.fileId) ?? new Set<string>();
      going.add(blob.path);
      names.set(blob.fileId, going);
      last.set(blob.fileId, index);
    }
  });
  const freed = (blob: SharedBlob) => (names.get(blob.fileId)?.size ?? 0) >= blob.links;
  return plans.map((plan, index) => {
    let alsoFrees = 0;
    let keeps = 0;
    const counted = new Set<string>();
    for (const blob of plan.sharedBlobs) {
      if (counted.has(blob.fileId)) continue;
      counted.add(blob.fileId);
      if (!freed(blob)) keeps += blob.size;
      else if (last.get(blob.fileId) === index) alsoFrees += blob.size;
    }
    return { alsoFrees, keeps };
  });
}
