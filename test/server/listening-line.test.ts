/**
 * `hubget serve` says once where it listens: one log line with the URL, the data dir, the models dir and the HF
 * cache (src/server/serve.ts). Fastify's own `Server listening at …` said the URL again just above it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './server-harness.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

describe('the listening line', () => {
  it('is logged once, with the URL and the folders', async () => {
    harness = await startHarness();
    const logs = harness
      .logs()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const listening = logs.filter((log) => /listening/i.test(String(log.msg)));
    expect(listening.map((log) => log.msg)).toEqual([`hubget listening on ${harness.server.url}`]);
    expect(listening[0]).toMatchObject({
      url: harness.server.url,
      dataDir: harness.config.dataDir,
      modelsDir: harness.config.modelsDir,
      hubCacheDir: harness.config.hubCacheDir,
    });
  });
});
