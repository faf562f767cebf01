/** Repositories, commits and blobs the test hub serves. */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { contentKey } from './deterministic-bytes.js';
import { type FileSource, gitBlobSha1, hashSource, lfsPointer, readWhole } from './file-source.js';

export type TestRepoType = 'model' | 'dataset' | 'space';

export interface TestFileSpec {
  /** Path from the repo root, `/`-separated. */
  path: string;
  content?: Buffer | string;
  /** Deterministic pseudo-random bytes (from seed + path), generated streaming, never all in memory. */
  size?: number;
  /** Serve this file from disk (big benchmark files). */
  sourceFile?: string;
  /** Stored with LFS (302 to the CDN). Default: size >= 10 KiB. */
  lfs?: boolean;
  /** Override the seed for generated content. */
  seed?: string;
}

export interface TestRevisionSpec {
  /** Branch or tag name, e.g. `v1.0` or `refs/pr/1`. */
  name: string;
  /** Files of that revision; omitted: same commit as main. */
  files?: TestFileSpec[];
}

export interface TestRepoSpec {
  repoId: string;
  repoType?: TestRepoType;
  /** Gated: listing is public, downloads need a valid token (401 GatedRepo otherwise). */
  gated?: boolean;
  /** With `gated`: whether a valid token has been granted access (false → 403 GatedRepo). Default true. */
  gatedAccess?: boolean;
  /** Private: everything needs a valid token (401 RepoNotFound otherwise). */
  private?: boolean;
  /** Extra branches/tags: names pointing at main's commit, or revisions with their own files. */
  revisions?: Array<string | TestRevisionSpec>;
  files: TestFileSpec[];
  /** What search (GET /api/models) and revision info report; defaults 0 / none. */
  meta?: Partial<TestRepoMeta>;
}

export interface TestRepoMeta {
  downloads: number;
  likes: number;
  trendingScore: number;
  tags: string[];
  pipelineTag: string | null;
  libraryName: string | null;
}

export interface TestRepoFile {
  path: string;
  size: number;
  sha256: string;
  /** Git blob sha1 of the content (integrity hash of a regular file). */
  gitSha1: string;
  /** What the tree lists as `oid`: gitSha1 for regular files, the pointer's blob sha1 for LFS files. */
  oid: string;
  lfs: boolean;
}

export interface TestRepo {
  repoId: string;
  repoType: TestRepoType;
  /** Commit of `main`. */
  commit: string;
  /** Commit of every revision name (`main` included). */
  refs: Record<string, string>;
  files: TestRepoFile[];
  contentOf(path: string): Buffer;
}

export interface StoredFile extends TestRepoFile {
  source: FileSource;
  pointerSize: number;
}

export interface StoredCommit {
  sha: string;
  files: Map<string, StoredFile>;
  date: string;
}

export interface StoredRepo {
  repoId: string;
  repoType: TestRepoType;
  gated: boolean;
  gatedAccess: boolean;
  private: boolean;
  refs: Map<string, string>;
  commits: Map<string, StoredCommit>;
  meta: TestRepoMeta;
}

const LFS_THRESHOLD_BYTES = 10 * 1024;

export class RepoStore {
  readonly repos = new Map<string, StoredRepo>();
  /** sha256 → file, for the CDN (content-addressed like the real LFS/Xet bridge). */
  readonly blobs = new Map<string, StoredFile>();

  constructor(private readonly seed: string) {}

  static key(repoType: TestRepoType, repoId: string): string {
    return `${repoType}:${repoId}`;
  }

  get(repoType: TestRepoType, repoId: string): StoredRepo | undefined {
    return this.repos.get(RepoStore.key(repoType, repoId));
  }

  /** Adding a repo id again moves its refs to new commits; old commits stay reachable by sha. */
  async add(spec: TestRepoSpec): Promise<TestRepo> {
    const repoType = spec.repoType ?? 'model';
    const existing = this.get(repoType, spec.repoId);
    const repo: StoredRepo = existing ?? {
      repoId: spec.repoId,
      repoType,
      gated: false,
      gatedAccess: true,
      private: false,
      refs: new Map(),
      commits: new Map(),
      meta: { downloads: 0, likes: 0, trendingScore: 0, tags: [], pipelineTag: null, libraryName: null },
    };
    repo.meta = { ...repo.meta, ...spec.meta };
    repo.gated = spec.gated ?? false;
    repo.gatedAccess = spec.gatedAccess ?? true;
    repo.private = spec.private ?? false;
    const main = await this.buildCommit(repo, 'main', spec.files);
    repo.refs.set('main', main.sha);
    for (const revision of spec.revisions ?? []) {
      const revisionSpec = typeof revision === 'string' ? { name: revision } : revision;
      const commit = revisionSpec.files
        ? await this.buildCommit(repo, revisionSpec.name, revisionSpec.files)
        : main;
      repo.refs.set(revisionSpec.name, commit.sha);
    }
    this.repos.set(RepoStore.key(repoType, spec.repoId), repo);
    return {
      repoId: repo.repoId,
      repoType,
      commit: main.sha,
      refs: Object.fromEntries(repo.refs),
      files: [...main.files.values()].map(({ path, size, sha256, gitSha1, oid, lfs }) => ({
        path,
        size,
        sha256,
        gitSha1,
        oid,
        lfs,
      })),
      contentOf: (path: string) => {
        const file = main.files.get(path);
        if (!file) throw new Error(`no file ${path} in ${spec.repoId}`);
        return readWhole(file.source);
      },
    };
  }

  private async buildCommit(
    repo: StoredRepo,
    revision: string,
    specs: TestFileSpec[],
  ): Promise<StoredCommit> {
    const files = new Map<string, StoredFile>();
    for (const spec of specs) {
      const file = await this.buildFile(spec);
      files.set(file.path, file);
    }
    const digest = createHash('sha1').update(
      `${repo.repoType}:${repo.repoId}:${revision}:${repo.commits.size}`,
    );
    for (const file of files.values()) digest.update(`${file.path}\0${file.oid}\0`);
    const commit: StoredCommit = { sha: digest.digest('hex'), files, date: new Date().toISOString() };
    repo.commits.set(commit.sha, commit);
    return commit;
  }

  private async buildFile(spec: TestFileSpec): Promise<StoredFile> {
    let source: FileSource;
    if (spec.content !== undefined) {
      source = {
        kind: 'buffer',
        buffer: Buffer.isBuffer(spec.content) ? spec.content : Buffer.from(spec.content),
      };
    } else if (spec.sourceFile !== undefined) {
      source = { kind: 'disk', filePath: spec.sourceFile, size: (await stat(spec.sourceFile)).size };
    } else {
      source = {
        kind: 'generated',
        key: contentKey(spec.seed ?? this.seed, spec.path),
        size: spec.size ?? 0,
      };
    }
    const size = source.kind === 'buffer' ? source.buffer.length : source.size;
    const { sha256, gitSha1 } = await hashSource(source);
    const lfs = spec.lfs ?? size >= LFS_THRESHOLD_BYTES;
    const pointer = lfsPointer(sha256, size);
    const file: StoredFile = {
      path: spec.path,
      size,
      sha256,
      gitSha1,
      oid: lfs ? gitBlobSha1(pointer) : gitSha1,
      lfs,
      source,
      pointerSize: Buffer.byteLength(pointer),
    };
    if (lfs) this.blobs.set(sha256, file);
    return file;
  }
}

/** Resolve a revision name, `HEAD`, a full commit or a unique commit prefix (≥ 7 hex) of a repo. */
export function resolveRevision(repo: StoredRepo, revision: string): StoredCommit | undefined {
  const name = revision === 'HEAD' ? 'main' : revision;
  const byRef = repo.refs.get(name);
  if (byRef) return repo.commits.get(byRef);
  if (/^[0-9a-f]{40}$/.test(name)) return repo.commits.get(name);
  if (/^[0-9a-f]{7,39}$/.test(name)) {
    const matches = [...repo.commits.keys()].filter((sha) => sha.startsWith(name));
    if (matches.length === 1) return repo.commits.get(matches[0]!);
  }
  return undefined;
}
