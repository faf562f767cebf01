/**
 * The web UI in Chromium against the real server (startServer on port 0, temp dirs) and the test hub
 * (per-connection bandwidth cap so a download lasts a few seconds): preview, download with a moving bar
 * and a non-zero speed badge, pause holds the bar still, resume, cancel another job, completion toast,
 * history chart, network page. Screenshots of every page at 1280×800 and 375 wide go to test-results/web.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../src/api-types.js';
import type { TestHub } from '../hub/test-hub.js';
import { newPhoneContext, openPage, openWatchedPage, screenshot } from './browser.js';
import { expectNoSidewaysScroll } from './no-sideways-scroll.js';
import { uiTestPerFile, waitUntil } from './ui-server.js';

const MB = 1_000_000;

const catalog: CatalogEntry[] = [
  {
    id: 'tiny',
    repoId: 'org/tiny-catalog',
    repoType: 'model',
    name: 'Tiny Catalog Model',
    description: 'A small model from the catalog, for the Model Manager list.',
    include: [],
    target: 'cache',
    approxBytes: 300_000,
  },
];

const ui = uiTestPerFile({
  label: 'manager',
  prepare: addReposAndCatalog,
  serverInput: (dir) => ({ catalogPath: join(dir, 'catalog.json') }),
});

async function addReposAndCatalog(hub: TestHub, dir: string): Promise<void> {
  await hub.addRepo({
    repoId: 'org/demo-model',
    files: [
      { path: 'config.json', content: '{"model_type":"demo"}' },
      { path: 'model.safetensors', size: 10 * MB },
    ],
  });
  await hub.addRepo({ repoId: 'org/other-model', files: [{ path: 'weights.bin', size: 10 * MB }] });
  await hub.addRepo({ repoId: 'org/tiny-catalog', files: [{ path: 'model.safetensors', size: 300_000 }] });
  await hub.addRepo({ repoId: 'org/stall-model', files: [{ path: 'stall.bin', size: 4 * MB }] });
  await hub.addRepo({ repoId: 'org/queue-a', files: [{ path: 'a.bin', size: 2 * MB }] });
  await hub.addRepo({ repoId: 'org/queue-b', files: [{ path: 'b.bin', size: 2 * MB }] });
  // Each range stream is paced: ~8 connections × 250 kB/s ≈ 2 MB/s, a 10 MB file takes ~5 s.
  hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 250_000 } });
  await writeFile(join(dir, 'catalog.json'), JSON.stringify(catalog));
}

const panel = (page: Page) => page.getByRole('complementary', { name: 'Downloads in progress' });

async function barValue(page: Page, name: string): Promise<number> {
  const value = await panel(page).getByRole('progressbar', { name }).getAttribute('aria-valuenow');
  return Number(value);
}

describe('web UI against the real server', () => {
  it('downloads with live progress, pauses, resumes, cancels, notifies and charts', async () => {
    const { page, pageErrors: consoleErrors } = await openWatchedPage(ui, '/');
    await page.getByText('Tiny Catalog Model').waitFor();
    await screenshot(page, 'models-1280');

    // Preview: files, total size, what is present, free disk.
    await page.getByLabel('Hugging Face repo id').fill('org/demo-model');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.waitFor();
    expect(await preview.textContent()).toContain('10.00 MB');
    await screenshot(page, 'models-preview-1280');

    // Download: the bar moves from the start, the badge shows hubget's speed.
    await page.getByRole('button', { name: 'Download', exact: true }).click();
    const name = 'demo-model';
    await panel(page).getByRole('progressbar', { name }).waitFor();
    const seen: number[] = [await barValue(page, name)];
    let badgeWhileRunning = '';
    await waitUntil(
      async () => {
        seen.push(await barValue(page, name));
        const badge = (await panel(page).locator('.badge').textContent()) ?? '';
        if (!/↓ 0 B\/s/.test(badge)) badgeWhileRunning = badge;
        return (seen.at(-1) ?? 0) >= 20 && badgeWhileRunning !== '';
      },
      30_000,
      'progress and a non-zero speed',
    );
    expect(seen[0]).toBeLessThan(20);
    expect(badgeWhileRunning).toMatch(/↓ \d+(\.\d)? (kB|MB)\/s/);
    expect(await panel(page).textContent()).toMatch(/Downloading Models \(1\)/);
    await screenshot(page, 'panel-downloading-1280');

    // Pause: the bar stops.
    await panel(page)
      .getByRole('button', { name: `Pause ${name}` })
      .click();
    await panel(page)
      .getByRole('button', { name: `Resume ${name}` })
      .waitFor();
    await page.waitForTimeout(500);
    const atPause = await barValue(page, name);
    await page.waitForTimeout(2000);
    expect(await barValue(page, name)).toBe(atPause);
    expect(atPause).toBeLessThan(100);

    // A second job, cancelled from the panel.
    await page.getByLabel('Hugging Face repo id').fill('org/other-model');
    await page.getByRole('button', { name: 'Download', exact: true }).click();
    await panel(page).getByRole('progressbar', { name: 'other-model' }).waitFor();
    await panel(page).getByRole('button', { name: 'Cancel other-model' }).click();
    // With bytes of it on disk already, the cancel is asked first (cancel-confirm.tsx); else it is at once.
    const confirm = page.getByRole('alertdialog', { name: 'Cancel other-model?' });
    await Promise.race([
      confirm
        .waitFor()
        .then(() => confirm.getByRole('button', { name: 'Cancel and delete' }).click())
        .catch(() => {}),
      panel(page).getByText('Cancelled').waitFor(),
    ]);
    await panel(page).getByText('Cancelled').waitFor();

    // Resume: runs to 100 and the completion toast appears.
    await panel(page)
      .getByRole('button', { name: `Resume ${name}` })
      .click();
    await waitUntil(async () => (await barValue(page, name)) === 100, 45_000, 'the download to complete');
    await page
      .getByRole('status')
      .filter({ hasText: 'Download complete' })
      .first()
      .waitFor({ timeout: 10_000 });
    await screenshot(page, 'panel-complete-1280');
    const values = seen.concat(await barValue(page, name));
    expect(values).toEqual([...values].sort((a, b) => a - b));

    // Downloads page: history with duration, average speed and a speed chart.
    await page.getByRole('link', { name: 'Downloads' }).click();
    await page.getByRole('heading', { name: /History/ }).waitFor();
    await page.getByRole('button', { name: `Speed chart for ${name}` }).click();
    await page
      .getByRole('figure', { name: `Download speed over time for ${name}` })
      .locator('canvas')
      .waitFor();
    await screenshot(page, 'downloads-1280');
    expect(await page.locator('main').textContent()).toMatch(/fetched in \d[\d.]* (ms|s|min)/);

    // Network page: chart and interfaces (or a clear "unsupported").
    await page.getByRole('link', { name: 'Network' }).click();
    await page.getByRole('heading', { name: 'Network', level: 1 }).waitFor();
    await page.locator('figure.chart canvas, .callout').first().waitFor({ timeout: 10_000 });
    await screenshot(page, 'network-1280');

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Hugging Face token' }).waitFor();
    await screenshot(page, 'settings-1280');

    expect(consoleErrors).toEqual([]);
    await page.context().close();
  }, 150_000);

  it('shows a stall, reorders the queue and applies the parallel limit live (dark theme)', async () => {
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${ui.server.url}${path}`, {
        method,
        ...(body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      return response.json() as Promise<Record<string, unknown>>;
    };
    await api('PUT', '/api/settings', { maxParallel: 1, stallTimeoutMs: 5000 });
    ui.hub.setFaults({
      perStreamBytesPerSecond: { bytesPerSecond: 250_000 },
      stallAfterBytes: { path: 'org/stall-model/stall.bin', bytes: 200_000, stallMs: 15_000 },
    });
    await api('POST', '/api/downloads', { repoId: 'org/stall-model' });
    await api('POST', '/api/downloads', { repoId: 'org/queue-a' });
    await api('POST', '/api/downloads', { repoId: 'org/queue-b' });

    const page = await openPage(ui, '/downloads', {
      viewport: { width: 1280, height: 800 },
      colorScheme: 'dark',
    });
    const warning = panel(page).locator('.job-row__warning');
    await warning.waitFor({ timeout: 20_000 });
    expect(await warning.textContent()).toMatch(/No data for \d+ s/);
    await screenshot(page, 'downloads-stalled-dark-1280');

    const queueNames = () => page.locator('.queue__name').allTextContents();
    expect(await queueNames()).toEqual(['queue-a', 'queue-b']);
    await page.getByRole('button', { name: 'Move queue-b up' }).click();
    await waitUntil(
      async () => (await queueNames()).join() === 'queue-b,queue-a',
      5000,
      'the queue to reorder',
    );

    await page.getByRole('button', { name: 'More parallel downloads' }).click();
    // A second slot opens at once: the head of the queue (queue-b) starts without waiting for the first job.
    await waitUntil(async () => !(await queueNames()).includes('queue-b'), 10_000, 'queue-b to start');
    expect((await api('GET', '/api/settings')).maxParallel).toBe(2);
    await page.context().close();

    ui.hub.resetFaults();
    for (const job of (await api('GET', '/api/downloads')) as unknown as { id: string; state: string }[]) {
      if (['queued', 'running', 'paused'].includes(job.state))
        await api('POST', `/api/downloads/${job.id}/cancel`);
    }
  }, 90_000);

  it('fits a 375-wide phone screen on every page', async () => {
    const context = await newPhoneContext(ui.browser, { width: 375, height: 812 });
    const page = await context.newPage();
    for (const [path, heading] of [
      ['/models', 'Model Manager'],
      ['/downloads', 'Downloads'],
      ['/network', 'Network'],
      ['/settings', 'Settings'],
    ] as const) {
      await page.goto(`${ui.server.url}${path}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.waitForTimeout(300);
      await screenshot(page, `${path.slice(1)}-375`);
      await expectNoSidewaysScroll(page, `${path} at 375`);
    }
    await context.close();
  }, 60_000);
});
