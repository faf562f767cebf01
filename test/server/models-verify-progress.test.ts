/**
 * POST /api/models/verify's progress on the live event stream (src/server/model-verifications.ts,
 * docs/api-hub-system.md `verification`): while a model in the HF cache is hashed, every client hears the bytes and
 * files hashed, a client that connects meanwhile (a reload, another tab) gets the running verification in its
 * snapshot, a second request of the same model joins the first (one hashing, the same answer), and the stream tells
 * the end with that answer. The hashing is held until the test lets it go, so the run is surely on its way.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServerEvent } from '../../src/api-types.js';
import type { ModelVerification, VerificationProgress } from '../../src/api-verify-types.js';
import { buildApp } from '../../src/server/app.js';
import { ModelVerifications } from '../../src/server/model-verifications.js';
import { verifyItems } from '../../src/transfer/verify-installed.js';
import { writeHashedRepo } from '../support/cache/hub-cache-tree.js';
import { fakeDeps } from './fake-services.js';
import { connectSse } from './sse-client.js';

let app: FastifyInstance | undefined;
let dir: string | undefined;
/** Lets a held hashing go (a failed test's too, so that the server can close). */
let release = () => {};
afterEach(async () => {
  release();
  await app?.close();
  app = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The verifications, counting the requests that reach them. */
class CountedVerifications extends ModelVerifications {
  asked = 0;
  override verify(...args: Parameters<ModelVerifications['verify']>) {
    this.asked += 1;
    return super.verify(...args);
  }
}

const verificationsOf = (events: ServerEvent[]): VerificationProgress[] =>
  events.flatMap((event) => (event.type === 'verification' ? [event.verification] : []));

describe('verification progress on GET /api/events', () => {
  it('tells every client the bytes hashed and the end; a second request joins the first', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hubget-verify-progress-'));
    const hubCacheDir = join(dir, 'cache');
    writeHashedRepo(hubCacheDir, 'org/big', { 'config.json': '{}', 'a.bin': 4_000_000, 'b.bin': 3_000_000 });
    const deps = fakeDeps({ hubCacheDir, modelsDir: join(dir, 'models') });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let hashings = 0;
    const verifications = new CountedVerifications({
      jobs: deps.jobs,
      modelsDir: deps.config.modelsDir,
      hubCacheDir,
      // Every read told: the test sees progress between start and end however fast the disk.
      progressIntervalMs: 0,
      hash: async (items, options) => {
        hashings += 1;
        await gate;
        return verifyItems(items, options);
      },
    });
    deps.verifications = verifications;
    app = await buildApp(deps);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const ask = () =>
      fetch(`${base}/api/models/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ repoId: 'org/big' }),
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as ModelVerification,
      }));

    const watching = await connectSse(`${base}/api/events`);
    const first = ask();
    await watching.waitFor((events) => verificationsOf(events).some((event) => event.state === 'running'));
    // A client that connects meanwhile (a reload, another tab) gets the running verification in its snapshot.
    const later = await connectSse(`${base}/api/events`);
    await later.waitFor((events) => verificationsOf(events).length > 0);
    expect(verificationsOf(later.events)[0]).toMatchObject({
      key: 'cache:model/org/big',
      model: { repoType: 'model', repoId: 'org/big' },
      state: 'running',
      hashedBytes: 0,
      totalBytes: 7_000_002,
      totalFiles: 3,
    });
    const second = ask();
    // The second request is in before the first one's hashing may go on.
    await vi.waitFor(() => expect(verifications.asked).toBe(2));
    release();
    const [one, two] = await Promise.all([first, second]);
    expect(one.status).toBe(200);
    expect(two).toEqual(one);
    expect(one.body).toMatchObject({ intact: true, files: 3, bytes: 7_000_002 });
    expect(hashings).toBe(1);

    await watching.waitFor((events) => verificationsOf(events).some((event) => event.state !== 'running'));
    const told = verificationsOf(watching.events);
    expect(told.some((event) => event.hashedBytes > 0 && event.hashedBytes < 7_000_002)).toBe(true);
    expect(new Set(told.map((event) => event.id)).size).toBe(1);
    expect(told.at(-1)).toMatchObject({
      state: 'done',
      hashedBytes: 7_000_002,
      doneFiles: 3,
      result: one.body,
    });
    watching.close();
    later.close();
  });
});
