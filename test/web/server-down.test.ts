/**
 * The server going away mid-download, in Chromium: the UI says it cannot reach the server (banner, panel
 * badge and notice), blanks speeds and ETAs instead of showing the last ones as live, and recovers by
 * itself when the server is back on the same port. Screenshots: test-results/web/server-down-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, phoneOptions, screenshot } from './browser.js';
import { startUiServer, uiTestPerFile, waitUntil } from './ui-server.js';

const REPO = 'org/slow-model';

const ui = uiTestPerFile({
  label: 'down',
  prepare: async (hub) => {
    await hub.addRepo({ repoId: REPO, files: [{ path: 'model.safetensors', size: 50_000_000 }] });
    // At most 32 connections × 50 kB/s: the download outlasts the test.
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 50_000 } });
  },
});

const panel = (page: Page) => page.getByRole('complementary', { name: 'Downloads in progress' });
const badgeText = async (page: Page) =>
  (await panel(page).locator('.panel__header .badge').textContent()) ?? '';
const banner = (page: Page) => page.getByRole('alert').filter({ hasText: 'Cannot reach the hubget server' });

describe('the server going away', () => {
  it('says it is unreachable, shows no live figure, and recovers when it is back', async () => {
    const url = ui.server.url;
    const port = Number(new URL(url).port);
    const desktop = await openPage(ui, '/downloads');
    const phone = await openPage(ui, '/downloads', phoneOptions());
    const response = await fetch(`${url}/api/downloads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ repoId: REPO }),
    });
    expect(response.ok).toBe(true);
    for (const page of [desktop, phone]) {
      await waitUntil(async () => /↓ [1-9]/.test(await badgeText(page)), 20_000, 'a live speed');
    }
    await desktop.getByText(/ETA /).first().waitFor();

    // Like SIGTERM: the server pauses its jobs and closes.
    await ui.server.close();
    for (const page of [desktop, phone]) {
      await banner(page).waitFor({ timeout: 5000 });
      expect(await badgeText(page)).toBe('Unreachable');
    }
    await screenshot(desktop, 'server-down-1280');
    await panel(phone)
      .getByRole('button', { name: /Downloading Models/ })
      .click();
    await screenshot(phone, 'server-down-390');
    const desktopPanel = (await panel(desktop).textContent()) ?? '';
    expect(desktopPanel).toMatch(/Server unreachable/);
    expect(desktopPanel).toContain('server unreachable');
    // No speed, connections or ETA in the panel or the Active list: they would be frozen figures.
    for (const page of [desktop, phone]) {
      for (const text of [
        await panel(page).textContent(),
        await page.locator('.job-item__stats').first().textContent(),
      ]) {
        expect(text).toMatch(/50\.00 MB/);
        expect(text).not.toMatch(/B\/s|ETA \d|\d conns?/);
      }
    }

    // Back on the same port (the same data folder): the UI finds it by itself.
    ui.server = await startUiServer(ui.hub, ui.dir, { port });
    for (const page of [desktop, phone]) {
      await banner(page).waitFor({ state: 'detached', timeout: 15_000 });
      await waitUntil(async () => (await badgeText(page)).startsWith('↓'), 5000, 'the speed badge');
    }
    expect(await panel(desktop).textContent()).not.toMatch(/unreachable/i);
    await screenshot(desktop, 'server-back-1280');
    await desktop.context().close();
    await phone.context().close();
  }, 90_000);
});
