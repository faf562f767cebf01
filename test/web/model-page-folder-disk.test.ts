/**
 * The model page's Folder destination on another disk, in Chromium against the real server: the folder `big` is
 * a mount point below the models folder with 60 kB free (the server's disk reader says so: another-disk.ts).
 * While no download preview into it has answered (the Hub holds every call), Free disk already says the
 * folder's own 60 kB, not the models folder's, and the quantization picker's disk hints weigh the same figure: what
 * does not fit it unless the folder holds part of it already (only a preview listing it says) "may lack disk";
 * a quantization picked is "checking disk…" while its preview is held; the preview, once the Hub answers, says the
 * same disk, and of the quantization it lists, "not enough disk".
 * Screenshots: test-results/web/model-page-folder-disk-1280.png, …-checking-1280.png, …-previewed-1280.png.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ggufRepoSpec } from '../hub/gguf-fixtures.js';
import { diskWithMountAt } from '../support/another-disk.js';
import { openPage, screenshot } from './browser.js';
import { uiTestPerFile } from './ui-server.js';

const ui = uiTestPerFile({
  label: 'folder-disk',
  prepare: async (hub, dir) => {
    await hub.addRepo(ggufRepoSpec('org/tiny-gguf'));
    await mkdir(join(dir, 'models', 'big'), { recursive: true });
  },
  serverRuntime: (dir) => ({
    diskStats: diskWithMountAt(join(dir, 'models', 'big'), { freeBytes: 60_000, totalBytes: 1_000_000 }),
  }),
});

/** A loaded machine's wait for the page's answer (expect.poll's own is 1 s). */
const PATIENCE = { timeout: 20_000 };

const freeDisk = (page: Page) => page.locator('.field', { hasText: 'Free disk' }).locator('.num');
/** The chips of a quantization's row in the picker. */
const chipsOf = (page: Page, quant: string) =>
  page
    .locator('label.quant', { has: page.getByRole('radio', { name: new RegExp(`^${quant}`) }) })
    .locator('.chip')
    .allTextContents();

describe("the model page's Folder on another disk", () => {
  it("says the folder's free disk and what does not fit it before the preview answers", async () => {
    const page = await openPage(ui, '/models/org/tiny-gguf', { viewport: { width: 1280, height: 900 } });
    try {
      await page.getByRole('radio', { name: /^Q8_0/ }).waitFor();
      // From now on the Hub answers nothing: no preview into the folder can answer.
      ui.hub.setFaults({ latency: { ms: 600_000 } });
      await page.getByRole('combobox', { name: 'Destination' }).selectOption('local');
      await page.getByRole('textbox', { name: 'Folder under the models folder' }).fill('big');
      await expect.poll(() => freeDisk(page).textContent(), PATIENCE).toBe('60.00 kB');
      // Q6_K (70 kB) and Q8_0 (90 kB) fit the folder's 60 kB only if it holds part of them, Q4_K_M (50 kB) fits.
      await expect.poll(() => chipsOf(page, 'Q8_0'), PATIENCE).toContain('may lack disk');
      expect(await chipsOf(page, 'Q6_K')).toContain('may lack disk');
      expect(await chipsOf(page, 'Q4_K_M')).not.toContain('may lack disk');
      expect(await page.getByText('not enough disk', { exact: true }).count()).toBe(0);
      // All of it while the preview is still asked.
      expect(await page.getByText(/into folder big \(checking…\)/).count()).toBe(1);
      await screenshot(page, 'model-page-folder-disk-1280');
      // Q8_0 picked: its preview is asked (and held), which will say what the folder holds of it.
      await page.getByRole('radio', { name: /^Q8_0/ }).check();
      await expect.poll(() => chipsOf(page, 'Q8_0'), PATIENCE).toContain('checking disk…');
      await screenshot(page, 'model-page-folder-disk-checking-1280');
      // The Hub answers again: a preview into the folder (of Q8_0, asked anew) says the same disk, and that the
      // folder holds none of Q8_0: not enough disk.
      ui.hub.resetFaults();
      await page.getByRole('radio', { name: /^Q2_K/ }).check();
      await page.getByRole('radio', { name: /^Q8_0/ }).check();
      await expect.poll(() => chipsOf(page, 'Q8_0'), PATIENCE).toContain('not enough disk');
      await page.getByText(/into folder big \(.* to fetch\)/).waitFor();
      expect(await freeDisk(page).textContent()).toBe('60.00 kB');
      await screenshot(page, 'model-page-folder-disk-previewed-1280');
    } finally {
      ui.hub.resetFaults();
      await page.context().close();
    }
  });
});
