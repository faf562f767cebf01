/**
 * The one hash worker thread of the process (large files: the main thread is what limits an uncapped
 * transfer, docs/transfer-faults.md, Integrity) and `WorkerHash`, a hash kept on it. PrefixHasher
 * (prefix-hasher.ts) hands it ranges of the temp file in order; the worker reads them itself.
 */

import { Worker } from 'node:worker_threads';
import { HubgetError } from '../errors.js';
import type { HashState } from './hash-state.js';
import type { TempHandle } from './temp-handle.js';

/**
 * Worker thread code (CommonJS, evaluated: no separate file to find from src/ under tsx or from the build).
 * It reads with the transfer's own file descriptor (fds belong to the process) in blocks into one reused
 * buffer. Messages are handled in order, so a hash disposed and replaced by a new one never mixes.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { readSync } = require('node:fs');
const hashes = new Map();
let buffer = Buffer.alloc(0);
parentPort.on('message', (m) => {
  if (m.op === 'open') {
    const hash = createHash(m.algorithm);
    if (m.prefix) hash.update(m.prefix);
    hashes.set(m.id, hash);
    return;
  }
  if (m.op === 'dispose') { hashes.delete(m.id); return; }
  try {
    const hash = hashes.get(m.id);
    if (!hash) throw new Error('unknown hash ' + m.id);
    if (m.op === 'digest') {
      hashes.delete(m.id);
      parentPort.postMessage({ call: m.call, value: hash.digest('hex') });
      return;
    }
    if (buffer.length < m.blockBytes) buffer = Buffer.allocUnsafe(m.blockBytes);
    for (let done = 0; done < m.length; ) {
      const want = Math.min(m.blockBytes, m.length - done);
      let filled = 0;
      while (filled < want) {
        const read = readSync(m.fd, buffer, filled, want - filled, m.position + done + filled);
        if (read === 0) {
          const error = new Error('Temp file ended at byte ' + (m.position + done + filled) + ' while hashing');
          error.code = 'SIZE_MISMATCH';
          throw error;
        }
        filled += read;
      }
      hash.update(buffer.subarray(0, want));
      done += want;
    }
    parentPort.postMessage({ call: m.call });
  } catch (error) {
    parentPort.postMessage({ call: m.call, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

interface WorkerReply {
  call: number;
  value?: string;
  error?: { message: string; code?: string };
}

/** The one hash worker of the process, started on first use; it never keeps the process alive when idle. */
let hashWorker: Worker | undefined;
const pendingCalls = new Map<number, { resolve: (value: string) => void; reject: (error: Error) => void }>();
let nextCall = 0;
let nextHashId = 0;

function sharedWorker(): Worker {
  if (hashWorker) return hashWorker;
  // The worker allocates almost nothing on its JS heap (a message per 8 MiB): small limits keep its
  // isolate lean, since every MB here adds to the process's peak RSS.
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16, stackSizeMb: 1 },
  });
  worker.unref();
  worker.on('message', (reply: WorkerReply) => {
    const pending = pendingCalls.get(reply.call);
    if (!pending) return;
    pendingCalls.delete(reply.call);
    if (pendingCalls.size === 0) worker.unref();
    if (reply.error === undefined) pending.resolve(reply.value ?? '');
    else if (reply.error.code === 'SIZE_MISMATCH')
      pending.reject(new HubgetError('SIZE_MISMATCH', reply.error.message));
    else pending.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
  });
  const fail = (error: Error) => {
    if (hashWorker === worker) hashWorker = undefined;
    for (const pending of pendingCalls.values()) pending.reject(error);
    pendingCalls.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`Hash worker exited with code ${code}`)));
  hashWorker = worker;
  return worker;
}

function callWorker(message: Record<string, unknown>): Promise<string> {
  const worker = sharedWorker();
  const call = nextCall++;
  return new Promise((resolve, reject) => {
    // Referenced while a call is pending: an awaited digest must keep the process alive.
    if (pendingCalls.size === 0) worker.ref();
    pendingCalls.set(call, { resolve, reject });
    worker.postMessage({ ...message, call });
  });
}

/** Reads and hashes on the shared worker thread (large files). */
export class WorkerHash implements HashState {
  readonly #id = nextHashId++;
  readonly #blockBytes: number;
  #disposed = false;

  constructor(algorithm: string, prefix: string, blockBytes: number) {
    this.#blockBytes = blockBytes;
    sharedWorker().postMessage({ op: 'open', id: this.#id, algorithm, prefix });
  }

  async update(handle: TempHandle, position: number, length: number): Promise<void> {
    await callWorker({
      op: 'update',
      id: this.#id,
      fd: handle.fd,
      position,
      length,
      blockBytes: this.#blockBytes,
    });
  }

  async digest(): Promise<string> {
    this.#disposed = true;
    return callWorker({ op: 'digest', id: this.#id });
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    hashWorker?.postMessage({ op: 'dispose', id: this.#id });
  }
}
