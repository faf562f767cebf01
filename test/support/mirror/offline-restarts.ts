/**
 * One mirror server restarted over the same data dir, online or with `--mirror-offline`, in front of one test hub
 * that stays up: the scaffolding of the tests of what an offline mirror answers from what an earlier server left
 * (test/mirror/mirror-offline-*.test.ts). `heardWhileOffline` is what the test hub heard since the last offline
 * start: none, ever, for those tests. Loopback only.
 */
import { rm } from 'node:fs/promises';
import type { TestHub } from '../../hub/test-hub.js';
import { type MirrorHarness, type MirrorOptions, startMirror } from '../../mirror/mirror-harness.js';

/** What each start adds to the test hub, the mode and the data dir (made again per start: a log stream). */
export type RestartOptions = () => Omit<MirrorOptions, 'hub' | 'offline' | 'dir'>;

export class MirrorRestarts {
  readonly #hub: TestHub;
  readonly #options: RestartOptions;
  #mirror: MirrorHarness | undefined;
  #dir: string | undefined;
  #up = false;
  /** How many requests the test hub had heard when the last offline server started. */
  #heardBeforeOffline = 0;

  constructor(hub: TestHub, options: RestartOptions = () => ({})) {
    this.#hub = hub;
    this.#options = options;
  }

  /** Starts a server over the data dir of the first one (a new dir the first time). */
  async start(offline: boolean): Promise<MirrorHarness> {
    if (offline) this.#heardBeforeOffline = this.#hub.requests.length;
    const dir = this.#dir;
    this.#mirror = await startMirror({ ...this.#options(), hub: this.#hub, offline, ...(dir && { dir }) });
    this.#dir = this.#mirror.dir;
    this.#up = true;
    return this.#mirror;
  }

  /** Closes the server running, if any; its data dir stays for the next start. */
  async stop(): Promise<void> {
    if (this.#up) await this.#mirror?.server.close();
    this.#up = false;
  }

  /** The paths of the requests the test hub heard since the last offline server started. */
  heardWhileOffline(): string[] {
    return this.#hub.requests.slice(this.#heardBeforeOffline).map((request) => request.path);
  }

  /** Stops the server and removes the data dir. */
  async close(): Promise<void> {
    await this.stop();
    if (this.#dir) await rm(this.#dir, { recursive: true, force: true });
  }
}
