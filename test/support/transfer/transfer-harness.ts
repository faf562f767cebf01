/**
 * Shared fixture of the transferFile tests (transfer-file*.test.ts): a temp folder, an undici Agent, range
 * servers closed after each test, and `params()` with small segments and fast retries.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterEach, beforeEach, expect } from 'vitest';
import type { TransferEvent } from '../../../src/progress/events.js';
import { createConnectionBudget } from '../../../src/transfer/connection-budget.js';
import type { TransferFileParams } from '../../../src/transfer/transfer-file.js';
import type { ConnectionBudget } from '../../../src/transfer/types.js';
import {
  type Fault,
  type RangeRequestInfo,
  type RangeServer,
  type RangeServerOptions,
  startRangeServer,
} from './range-server.js';

export const KIB = 1024;
export const MIB = 1024 * KIB;

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export async function expectFileEquals(path: string, content: Buffer) {
  const written = await readFile(path);
  expect(written.length).toBe(content.length);
  expect(written.equals(content)).toBe(true);
}

export async function exists(path: string) {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A connection budget of `limit` slots that counts the slots held now and the most held at once. */
export function countingBudget(limit: number): {
  budget: ConnectionBudget;
  peak: () => number;
  held: () => number;
} {
  const shared = createConnectionBudget(limit);
  let held = 0;
  let peak = 0;
  const budget: ConnectionBudget = {
    get available() {
      return shared.available;
    },
    setLimit: (next) => shared.setLimit(next),
    acquire: async (signal) => {
      const release = await shared.acquire(signal);
      held++;
      peak = Math.max(peak, held);
      let released = false;
      return () => {
        if (!released) held--;
        released = true;
        release();
      };
    },
  };
  return { budget, peak: () => peak, held: () => held };
}

export interface TransferHarness {
  /** This test's temp folder. */
  readonly dir: string;
  /** A range server with any options, closed after the test. */
  start(options: RangeServerOptions): Promise<RangeServer>;
  serve(
    content: Buffer,
    fault?: (info: RangeRequestInfo) => Fault | undefined,
    etag?: string,
  ): Promise<RangeServer>;
  params(
    server: RangeServer,
    content: Buffer,
    overrides?: Partial<TransferFileParams>,
  ): { options: TransferFileParams; events: TransferEvent[]; bytes: () => number };
}

/** Registers beforeEach/afterEach in the calling test file. */
export function transferHarness(): TransferHarness {
  let dir = '';
  let agent: Agent;
  const servers: RangeServer[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hubget-transfer-'));
    agent = new Agent({ keepAliveTimeout: 1000 });
  });
  afterEach(async () => {
    await agent.close();
    for (const server of servers.splice(0)) await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    async start(options) {
      const server = await startRangeServer(options);
      servers.push(server);
      return server;
    },
    serve(content, fault, etag) {
      return this.start({ content, ...(fault ? { fault } : {}), ...(etag ? { etag } : {}) });
    },
    params(server, content, overrides = {}) {
      const events: TransferEvent[] = [];
      let bytes = 0;
      const options: TransferFileParams = {
        path: 'model.bin',
        resolveUrl: async () => ({ url: `${server.url}/file`, headers: {} }),
        expected: { size: content.length, algorithm: 'sha256', hex: sha256(content) },
        tempPath: join(dir, 'blob.incomplete'),
        resumeMapPath: join(dir, 'blob.incomplete.ranges.json'),
        connections: 4,
        dispatcher: agent,
        stallTimeoutMs: 2000,
        tuning: { minSegmentBytes: 128 * KIB, maxSegmentBytes: 1 * MIB, resumeMapIntervalMs: 50 },
        retryPolicy: { delayScale: 0.01 },
        // This process's event loop also runs the test servers: never read as saturated unless a test says so.
        loopBusyMs: () => 0,
        onEvent: (event) => events.push(event),
        onBytes: (count) => {
          bytes += count;
        },
        ...overrides,
      };
      return { options, events, bytes: () => bytes };
    },
  };
}
