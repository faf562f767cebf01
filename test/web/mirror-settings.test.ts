/**
 * Settings → Mirror in Chromium against a real (loopback-bound) mirror: the URL to copy, the client command
 * line, the note that other machines cannot reach it, bytes served and fetched upstream, hit ratio, and a
 * client in the middle of a pull. Screenshot: test-results/web/settings-mirror.png.
 */
import { request } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type MirrorHarness, startMirror } from '../mirror/mirror-harness.js';
import { launchChromium, openPage, phoneOptions, screenshot } from './browser.js';
import { ensureUiBuilt, WEB_DIST } from './build-ui.js';
import { expectNoSidewaysScroll } from './no-sideways-scroll.js';

let mirror: MirrorHarness;
let browser: Browser;

beforeAll(async () => {
  ensureUiBuilt();
  mirror = await startMirror({ webDir: WEB_DIST });
  await mirror.hub.addRepo({
    repoId: 'org/shown',
    files: [
      { path: 'config.json', content: '{}' },
      { path: 'model.safetensors', size: 48_000_000 },
    ],
  });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await mirror?.close();
});

describe('Settings → Mirror', () => {
  it('shows the URL, the command line, the counters and a client pulling', async () => {
    const response = await fetch(`${mirror.mirrorUrl}/org/shown/resolve/main/model.safetensors`);
    expect((await response.arrayBuffer()).byteLength).toBe(48_000_000);
    // A client that reads one chunk and then stalls (48 MB do not fit in socket buffers): it stays in
    // "clients pulling now".
    const stalled = await new Promise<import('node:http').ClientRequest>((resolve) => {
      const req = request(`${mirror.mirrorUrl}/org/shown/resolve/main/model.safetensors`, (response) => {
        response.once('data', () => {
          response.pause();
          resolve(req);
        });
      });
      req.end();
    });

    onTestFinished(() => {
      stalled.destroy();
    });
    const page = await openPage({ browser, server: mirror.server }, '/settings', {
      viewport: { width: 1100, height: 900 },
    });
    const section = page.locator('section[aria-labelledby="mirror-title"]');
    await section.getByText('No client is pulling right now.').or(section.locator('table')).first().waitFor();
    await expect.poll(() => section.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1);
    const text = (await section.textContent()) ?? '';
    expect(text).toContain(`${mirror.server.url}/hf`);
    expect(text).toContain(`HF_ENDPOINT=${mirror.server.url}/hf hf download`);
    // Bound to 127.0.0.1: the URL works here only, and the page says so.
    expect(text).toContain('other machines cannot reach this mirror');
    expect(text).toMatch(/Fetched upstream\s*48\.00 MB/);
    // By bytes: the stalled client's cached copy counts what reached its socket before it paused (buffers).
    const ratio = /Served from cache \(by bytes\)\s*([\d.]+)\s?%/.exec(text);
    expect(ratio, text).not.toBeNull();
    expect(Number(ratio![1])).toBeGreaterThan(0);
    expect(Number(ratio![1])).toBeLessThan(100);
    // The pull-through (miss), the stalled client's cached copy (hit), nothing the mirror could not give.
    expect(text).toMatch(/Requests \(hit \/ miss \/ partial \/ unavailable\)\s*1 \/ 1 \/ 0 \/ 0/);
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: await screenshot(page, 'settings-mirror') });
    await page.context().close();
  }, 60_000);

  it('fits a phone: the command line wraps and its Copy button stays on screen', async () => {
    const page = await openPage({ browser, server: mirror.server }, '/settings', phoneOptions());
    const section = page.locator('section[aria-labelledby="mirror-title"]');
    await section.getByText(/hf download/).waitFor();
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-mirror-390');
    await expectNoSidewaysScroll(page, '/settings at 390');
    const width = await page.evaluate(() => document.documentElement.clientWidth);
    for (const box of await section
      .getByRole('button', { name: 'Copy' })
      .evaluateAll((buttons) =>
        buttons.map((button) => button.getBoundingClientRect().toJSON() as DOMRect),
      )) {
      expect(box.right).toBeLessThanOrEqual(width);
    }
    await page.context().close();
  }, 30_000);
});
