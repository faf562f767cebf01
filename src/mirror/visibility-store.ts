/**
 * Whether a repo is gated or private, as the upstream said when the mirror last asked (with its own token).
 * Kept on disk so a restarted mirror that cannot reach the upstream still refuses a gated repo's cached
 * files to clients without a token (docs/mirror.md "Gated and private repos"). A repo never seen is unknown:
 * the mirror then treats cached files as restricted.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RepoRef } from '../hub/index.js';
import { makeDirectory } from '../make-directory.js';
import { replaceFile } from '../replace-file.js';

export interface Visibility {
  gated: boolean;
  private: boolean;
}

interface Entry extends Visibility {
  at: number;
}

export function isRestricted(visibility: Visibility): boolean {
  return visibility.gated || visibility.private;
}

export class VisibilityStore {
  readonly #path: string;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #entries = new Map<string, Entry>();
  #writing: Promise<void> = Promise.resolve();

  constructor(options: { path: string; ttlMs?: number; now?: () => number }) {
    this.#path = options.path;
    this.#ttlMs = options.ttlMs ?? 5 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  async load(): Promise<void> {
    try {
      const data = JSON.parse(await readFile(this.#path, 'utf8')) as Record<string, Entry>;
      for (const [key, value] of Object.entries(data)) {
        if (typeof value?.gated === 'boolean' && typeof value.private === 'boolean') {
          this.#entries.set(key, { gated: value.gated, private: value.private, at: 0 });
        }
      }
    } catch {
      // First start, or an unreadable file: every repo is unknown until the upstream answers.
    }
  }

  get(repo: RepoRef): Visibility | undefined {
    const entry = this.#entries.get(keyOf(repo));
    return entry && { gated: entry.gated, private: entry.private };
  }

  isStale(repo: RepoRef): boolean {
    const entry = this.#entries.get(keyOf(repo));
    return entry === undefined || this.#now() - entry.at >= this.#ttlMs;
  }

  async set(repo: RepoRef, visibility: Visibility): Promise<void> {
    const key = keyOf(repo);
    const before = this.#entries.get(key);
    this.#entries.set(key, { ...visibility, at: this.#now() });
    if (before?.gated === visibility.gated && before.private === visibility.private) return;
    const snapshot = JSON.stringify(Object.fromEntries(this.#entries));
    this.#writing = this.#writing.then(() => this.#write(snapshot)).catch(() => undefined);
    await this.#writing;
  }

  async #write(text: string): Promise<void> {
    await makeDirectory(dirname(this.#path));
    await replaceFile(this.#path, text);
  }
}

function keyOf(repo: RepoRef): string {
  return `${repo.repoType}:${repo.repoId}`;
}
