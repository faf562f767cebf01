import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectFileEquals, MIB, transferHarness } from '../../test/support/transfer/transfer-harness.js';
import { RateLimitWindows } from '../hub/rate-limit-windows.js';
import { hostRateLimitGate } from './host-rate-limit.js';
import { transferFile } from './transfer-file.js';
import type { RequestGate } from './types.js';

const harness = transferHarness();

describe('a 429 to one connection of a file', () => {
  it('holds the file’s other connections: none sends a request before the wait is over', async () => {
    const content = randomBytes(8 * MIB);
    // The second request (one of the three that start once the first located the file) answers 429, retry in 2 s
    // (waited 3 s, + 1 s as huggingface_hub); every body comes at 2 MB/s, so the other connections finish their
    // 1 MiB segments about 0.5 s later and would ask for the next during the wait.
    const server = await harness.start({
      content,
      fault: (info) => {
        return info.index === 1
          ? { type: 'status', status: 429, headers: { 'retry-after': '2' } }
          : { type: 'throttle', bytesPerSecond: 2_000_000 };
      },
    });
    // The gate as the engine asks it, timed on the client: when the 429 was noted, and when each request was let go
    // (the server's own times lag the client's on a loaded machine: both run on this process's one event loop).
    const inner = hostRateLimitGate(() => ({ endpoint: server.url }), undefined, new RateLimitWindows());
    let notedAtMs = Number.POSITIVE_INFINITY;
    const letGoAtMs: number[] = [];
    const gate: RequestGate = {
      heldMs: (url) => {
        const left = inner.heldMs?.(url);
        if (left === undefined) letGoAtMs.push(performance.now());
        return left;
      },
      limited: (url, waitMs) => {
        notedAtMs = Math.min(notedAtMs, performance.now());
        inner.limited?.(url, waitMs);
      },
    };
    const { options, events } = harness.params(server, content, {
      // A second of retries without progress: the 429's wait outlasts it, the held ones' does not count.
      retryPolicy: { delayScale: 1, outageBudgetMs: 1000 },
      requestGate: gate,
    });
    await transferFile(options);
    await expectFileEquals(options.tempPath, content);

    const retries = events.filter((event) => event.type === 'retry');
    const [limited, ...others] = retries.filter((retry) => retry.held !== true);
    expect(others).toEqual([]);
    expect(limited).toMatchObject({ attempt: 1, delayMs: 3000, error: { status: 429 }, lastTry: true });
    const heldRetries = retries.filter((retry) => retry.held === true);
    expect(heldRetries.length).toBeGreaterThan(0);
    for (const held of heldRetries) {
      expect(held).toMatchObject({ attempt: 0, held: true });
      // Its next try is no last one: a held request that never failed has spent none of its time.
      expect(held).not.toHaveProperty('lastTry');
    }
    // Once the 429 was noted, no request went out before its wait was over (those let go before it were on their
    // way already).
    const later = letGoAtMs.filter((at) => at > notedAtMs);
    expect(later.length).toBeGreaterThan(0);
    for (const at of later) expect(at).toBeGreaterThanOrEqual(notedAtMs + 3000 - 20);
  }, 30_000);
});
