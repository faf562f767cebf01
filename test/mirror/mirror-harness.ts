/**
 * A test hub (the upstream) and a hubget server in mirror mode in front of it, plus helpers to compare
 * HF caches (every file, link and ref, by content) and to count what the test hub served.
 */
import { mkdtemp, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { RetryPolicy } from '../../src/hub/index.js';
import { type RunningServer, startServer } from '../../src/server/serve.js';
import { createServerConfig } from '../../src/server/server-config.js';
import { startTestHub, type TestHub, type TestHubOptions } from '../hub/test-hub.js';
import { testServerInput } from '../server/server-harness.js';
import { type ClientNamespaces, createClientNamespaces } from './netns.js';

export const API_TOKEN = 'mirror-test-api-token';

export interface MirrorHarness {
  hub: TestHub;
  server: RunningServer;
  dir: string;
  /** `http://host:port/hf` */
  mirrorUrl: string;
  cacheDir: string;
  close(): Promise<void>;
}

export interface MirrorOptions {
  host?: string;
  offline?: boolean;
  hub?: TestHub;
  hubOptions?: TestHubOptions;
  token?: string;
  webDir?: string;
  /** Another mirror's `/hf` URL as this mirror's upstream (two tiers); default the test hub. */
  upstream?: string;
  /** Overrides of the retry policy of the mirror's pull jobs (ServerRuntime.retryPolicy); default none. */
  retryPolicy?: Partial<RetryPolicy>;
  /**
   * The folder of a mirror closed before (its cache and data dir): a restart over them. Left in place by close();
   * default a new folder, removed by close().
   */
  dir?: string;
  /** The server's log lines (warnings and up, or `logLevel`) go here; default none (silent). */
  logStream?: NodeJS.WritableStream;
  /** The lowest level of the lines `logStream` gets; default 'warn'. */
  logLevel?: 'warn' | 'info' | 'debug';
}

export async function startMirror(options: MirrorOptions = {}): Promise<MirrorHarness> {
  const hub = options.hub ?? (await startTestHub(options.hubOptions));
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'hubget-mirror-')));
  const cacheDir = join(dir, 'mirror-cache');
  const host = options.host ?? '127.0.0.1';
  const endpoint = options.upstream ?? hub.url;
  const server = await startServer(
    createServerConfig({
      ...testServerInput(dir, endpoint),
      host,
      hubCacheDir: cacheDir,
      ...(host.startsWith('127.') ? {} : { apiToken: API_TOKEN }),
      logLevel: options.logStream === undefined ? 'silent' : (options.logLevel ?? 'warn'),
      ...(options.webDir === undefined ? {} : { webDir: options.webDir }),
      // A token as a mirror host's HF_TOKEN (docs/mirror.md).
      hub:
        options.token === undefined
          ? { endpoint }
          : { endpoint, token: options.token, tokenOrigin: { kind: 'env', variable: 'HF_TOKEN' } },
      mirror: { offline: options.offline ?? false },
    }),
    {
      ...(options.retryPolicy === undefined ? {} : { retryPolicy: options.retryPolicy }),
      ...(options.logStream === undefined ? {} : { logStream: options.logStream }),
    },
  );
  return {
    hub,
    server,
    dir,
    cacheDir,
    mirrorUrl: `http://${host}:${server.port}/hf`,
    async close() {
      await server.close();
      if (!options.hub) await hub.close();
      if (options.dir === undefined) await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until the mirror's pulls have finished (no download job queued or running): a client that has read
 * every byte of a pulled file can be done before the pull's job has verified and committed it (a request then
 * still joins the pull, counted a `hit` as its bytes are all on disk), and a job that failed retries on.
 */
export async function pullsSettled(harness: MirrorHarness, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const busy = () =>
    harness.server.jobs.list().some((job) => job.state === 'queued' || job.state === 'running');
  while (busy()) {
    if (Date.now() > deadline) throw new Error('mirror pulls still running');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every entry of an HF cache folder: links by target, files by content hash-free bytes, refs by content. */
export async function cacheListing(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = join(dir, entry.name);
      const key = relative(root, full);
      if (key.startsWith('.locks') || entry.name === 'CACHEDIR.TAG' || key.startsWith('.')) continue;
      if (entry.isDirectory()) await walk(full);
      else if (entry.isSymbolicLink()) out[key] = `-> ${await readlink(full)}`;
      else if (entry.isFile()) {
        const info = await stat(full);
        out[key] = `${info.size}:${(await readFile(full)).subarray(0, 64).toString('hex')}`;
      }
    }
  }
  await walk(root);
  return out;
}

/** A mirror on the bridge address that `clients` network namespaces reach, and a scratch folder. */
export interface NamespacedMirror {
  ns: ClientNamespaces;
  mirror: MirrorHarness;
  work: string;
  /** Closes the mirror (and a hub passed in), removes the namespaces and the scratch folder. */
  close(): Promise<void>;
}

export async function startNamespacedMirror(
  clients: number,
  workPrefix: string,
  options: Omit<MirrorOptions, 'host'> = {},
): Promise<NamespacedMirror> {
  const ns = await createClientNamespaces(clients);
  let mirror: MirrorHarness | undefined;
  try {
    mirror = await startMirror({ ...options, host: ns.hostIp });
    const work = await mkdtemp(join(tmpdir(), workPrefix));
    const started = mirror;
    return {
      ns,
      mirror: started,
      work,
      async close() {
        await started.close();
        await options.hub?.close();
        await ns.cleanup();
        await rm(work, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await mirror?.close();
    await ns.cleanup();
    throw error;
  }
}

/** Every byte of `reader` until its body ends or is cut: the bytes, and whether it was cut. */
export async function readUntilCut(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<{ bytes: Buffer; cut: boolean }> {
  const chunks: Buffer[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes: Buffer.concat(chunks), cut: false };
      chunks.push(Buffer.from(value));
    }
  } catch {
    return { bytes: Buffer.concat(chunks), cut: true };
  }
}
