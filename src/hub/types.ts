/** Shapes shared by the Hub client, the cache layouts and the transfer engine. */

export type RepoType = 'model' | 'dataset' | 'space';

/** Every repository type, in the Hub's order (the CLI's `--repo-type` choices, a marker's and a catalog's check). */
export const REPO_TYPES: readonly RepoType[] = ['model', 'dataset', 'space'];

export interface RepoRef {
  /** `org/name` or a canonical `name` (e.g. `gpt2`). */
  repoId: string;
  repoType: RepoType;
}

/** One file of a repository at a commit, as the tree API lists it (docs/hub-protocol.md §2.2). */
export interface RepoFile {
  /** Path from the repo root, `/`-separated. Untrusted until validated by src/cache/safe-path.ts. */
  path: string;
  /** Real content size in bytes (for LFS files the content size, not the pointer size). */
  size: number;
  /** Git blob sha1 (40 hex). Blob name and integrity hash for regular files. */
  oid: string;
  /** Present for LFS/Xet files: sha256 of the content (64 hex) = blob name and integrity hash. */
  lfs?: { oid: string; size: number };
  xetHash?: string;
}

/** Where the Hub is and how to talk to it. Built once from flags/env (src/hub/config.ts). */
export interface HubConfig {
  /** Without trailing slash, e.g. `https://huggingface.co`. */
  endpoint: string;
  /** Bearer token; sent to the endpoint host only, never to a CDN host. */
  token?: string;
  /**
   * Where `token` came from, in words the user can act on (`--token`, `HF_TOKEN`, `the token file
   * /root/.cache/huggingface/token`): named when the Hub rejects it (src/cli/token-hint.ts).
   */
  tokenFrom?: string;
  userAgent?: string;
  /** Honour HF_HUB_OFFLINE: refuse network access. */
  offline?: boolean;
}

/** A revision resolved to a commit, with the file listing at that commit. */
export interface ResolvedSnapshot {
  repo: RepoRef;
  /** What the user asked for (`main`, a tag, a short or full hash). */
  revision: string;
  /** Full 40-hex commit all files are fetched at. */
  commit: string;
  files: RepoFile[];
  /**
   * Whether the repo is gated, when the revision info was asked (a branch or tag); undefined when it was not
   * (a full commit lists by the tree alone, offline the snapshot on disk).
   */
  gated?: boolean;
}

/** The sha256 (LFS) or git sha1 (regular) that names the blob and verifies the content. */
export function blobIdOf(file: RepoFile): string {
  return file.lfs?.oid ?? file.oid;
}
