/**
 * kill -9 in the middle of a transfer loses nothing but the chunks in flight: a second run re-fetches only
 * ranges the resume map does not list, and the result is byte-exact.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type RangeServer, startRangeServer } from '../../test/support/transfer/range-server.js';
import { RangeSet } from './range-set.js';
import { readResumeMap } from './resume-map.js';
import { transferFile } from './transfer-file.js';

const KIB = 1024;
const childScript = fileURLToPath(new URL('../../test/support/transfer/transfer-child.ts', import.meta.url));

let dir: string;
const servers: RangeServer[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-crash-'));
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  await rm(dir, { recursive: true, force: true });
});

it('resumes after SIGKILL, re-fetching only the ranges missing from the map', async () => {
  const content = randomBytes(2048 * KIB);
  const expected = {
    size: content.length,
    algorithm: 'sha256' as const,
    hex: createHash('sha256').update(content).digest('hex'),
  };
  const slow = await startRangeServer({
    content,
    fault: () => ({ type: 'throttle', bytesPerSecond: 256 * KIB }),
  });
  servers.push(slow);
  const tempPath = join(dir, 'blob.incomplete');
  const resumeMapPath = join(dir, 'blob.ranges.json');
  const args = {
    url: `${slow.url}/f`,
    expected,
    tempPath,
    resumeMapPath,
    connections: 4,
    resumeMapIntervalMs: 100,
  };

  const child = spawn(process.execPath, ['--import', 'tsx', childScript, JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let reported = 0;
  const killed = new Promise<NodeJS.Signals | null>((resolve) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      for (const line of text.split('\n')) if (/^\d+$/.test(line)) reported = Number(line);
      if (reported >= 512 * KIB && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => resolve(signal));
  });
  expect(await killed).toBe('SIGKILL');

  const map = await readResumeMap(resumeMapPath);
  expect(map).not.toBeNull();
  expect(map!.doneBytes).toBeGreaterThan(0);
  expect(map!.doneBytes).toBeLessThan(content.length);
  // The map lags the disk by at most one throttle interval of bytes; it never claims more.
  expect(map!.doneBytes).toBeLessThanOrEqual(reported);

  const fast = await startRangeServer({ content });
  servers.push(fast);
  const agent = new Agent();
  try {
    const result = await transferFile({
      path: 'crash.bin',
      resolveUrl: async () => ({ url: `${fast.url}/f`, headers: {} }),
      expected,
      tempPath,
      resumeMapPath,
      connections: 4,
      dispatcher: agent,
      tuning: { minSegmentBytes: 64 * KIB },
    });
    expect(result.fetchedBytes).toBe(content.length - map!.doneBytes);
  } finally {
    await agent.close();
  }
  expect((await readFile(tempPath)).equals(content)).toBe(true);
  const missing = new RangeSet(map!.ranges).missing(content.length);
  for (const request of fast.requests) {
    const inside = missing.some(([start, end]) => request.range!.start >= start && request.range!.end < end);
    expect(inside, JSON.stringify(request.range)).toBe(true);
  }
});
