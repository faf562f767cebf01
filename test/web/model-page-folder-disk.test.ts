/**
 * The model page's Folder destination on another disk, in Chromium against the real server: the folder `big` is
 * a mount point below the models folder with 60 kB free (the server's disk reader says so: another-disk.ts), and
 * holds 50 kB of Q8_0 (90 kB) from another program's unfinished download. While no download preview into it has
 * answered (the Hub holds every call), Free disk already says the folder's own 60 kB, not the models folder's,
 * and what does not fit it whole, Q6_K (70 kB) and Q8_0, is "checking disk…": only the preview says what the folder
 * holds. Once one answers (of the selection, and of the rest of the listing: `otherFiles`), every quantization has
 * its verdict, picked or not: Q6_K "disk: needs 70.00 kB, 60.00 kB free", Q8_0 "fits with what is there"
 * (40 kB left to write), the others nothing; each verdict on one line at 1280 px and on a phone (on a line of its own
 * under the row's tags: beside them, "not enough disk: needs …" took three).
 * Screenshots: test-results/web/model-page-folder-disk-checking-1280.png, …-verdicts-1280.png, …-verdicts-390.png.
 */
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { localTempPrefix } from '../../src/cache/local-dir-layout.js';
import { foreignPartialPath } from '../../src/transfer/foreign-partials.js';
import { ggufRepoSpec } from '../hub/gguf-fixtures.js';
import { diskWithMountAt } from '../support/another-disk.js';
import { openPage, PHONE_VIEWPORT, phoneOptions, screenshot } from './browser.js';
import { uiTestPerFile } from './ui-server.js';

const ui = uiTestPerFile({
  label: 'folder-disk',
  prepare: async (hub, dir) => {
    const repo = await hub.addRepo(ggufRepoSpec('org/tiny-gguf'));
    const big = join(dir, 'models', 'big');
    await mkdir(big, { recursive: true });
    // 50 of Q8_0's 90 kB, left by another program's download that stopped an hour ago (a fetched prefix).
    const q8 = repo.files.find((file) => file.path === 'Tiny-Q8_0.gguf')!;
    const partial = foreignPartialPath(localTempPrefix(big, q8.path, q8.sha256));
    await mkdir(dirname(partial), { recursive: true });
    await writeFile(partial, repo.contentOf(q8.path).subarray(0, 50_000));
    const old = new Date(Date.now() - 3_600_000);
    await utimes(partial, old, old);
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

/**
 * How many lines the text of the quantization's disk verdict takes (the line boxes of its text), and whether it
 * stays inside its row (a verdict kept on one line by pushing past the row's edge does not count).
 */
const verdictLayout = (page: Page, quant: string, verdict: RegExp) =>
  page
    .locator('label.quant', { has: page.getByRole('radio', { name: new RegExp(`^${quant}`) }) })
    .locator('.chip', { hasText: verdict })
    .evaluate((chip) => {
      const range = document.createRange();
      range.selectNodeContents(chip);
      const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      const row = chip.closest('label')!.getBoundingClientRect();
      const box = chip.getBoundingClientRect();
      return { lines, inside: box.left >= row.left && box.right <= row.right + 0.5 };
    });
const ONE_LINE = { lines: 1, inside: true };

/** The model page with Folder `big` chosen. */
async function openFolderBig(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Destination' }).selectOption('local');
  await page.getByRole('textbox', { name: 'Destination folder' }).fill('big');
}

describe("the model page's Folder on another disk", () => {
  it("says the folder's free disk at once, and every quantization's verdict once a preview answers", async () => {
    const page = await openPage(ui, '/models/org/tiny-gguf', { viewport: { width: 1280, height: 900 } });
    try {
      await page.getByRole('radio', { name: /^Q8_0/ }).waitFor();
      // From now on the Hub answers nothing: no preview into the folder can answer.
      ui.hub.setFaults({ latency: { ms: 600_000 } });
      await openFolderBig(page);
      await expect.poll(() => freeDisk(page).textContent(), PATIENCE).toBe('60.00 kB');
      // Q6_K (70 kB) and Q8_0 (90 kB) fit the folder's 60 kB only if it holds part of them: the preview says.
      await expect.poll(() => chipsOf(page, 'Q8_0'), PATIENCE).toContain('checking disk…');
      expect(await chipsOf(page, 'Q6_K')).toContain('checking disk…');
      expect(await chipsOf(page, 'Q4_K_M')).not.toContain('checking disk…');
      expect(await page.getByText(/needs .* free/).count()).toBe(0);
      expect(await page.getByText(/into folder big \(checking…\)/).count()).toBe(1);
      await screenshot(page, 'model-page-folder-disk-checking-1280');
      // The Hub answers again: the preview of another selection (Q2_K) says what the folder holds of every file.
      ui.hub.resetFaults();
      await page.getByRole('radio', { name: /^Q2_K/ }).check();
      await page.getByText(/into folder big \(.* to fetch\)/).waitFor();
      await expect
        .poll(() => chipsOf(page, 'Q6_K'), PATIENCE)
        .toContain('disk: needs 70.00 kB, 60.00 kB free');
      expect(await chipsOf(page, 'Q8_0')).toContain('fits with what is there');
      expect(await chipsOf(page, 'Q4_K_M')).not.toContain('fits with what is there');
      expect(await page.getByText(/checking disk…|may lack disk/).count()).toBe(0);
      expect(await freeDisk(page).textContent()).toBe('60.00 kB');
      expect(await verdictLayout(page, 'Q6_K', /needs 70.00 kB/)).toEqual(ONE_LINE);
      expect(await verdictLayout(page, 'Q8_0', /fits with what is there/)).toEqual(ONE_LINE);
      await screenshot(page, 'model-page-folder-disk-verdicts-1280');
    } finally {
      ui.hub.resetFaults();
      await page.context().close();
    }
  });

  it('says the same verdicts on a phone', async () => {
    const page = await openPage(ui, '/models/org/tiny-gguf', phoneOptions(PHONE_VIEWPORT));
    try {
      await page.getByRole('radio', { name: /^Q8_0/ }).waitFor();
      await openFolderBig(page);
      await expect
        .poll(() => chipsOf(page, 'Q6_K'), PATIENCE)
        .toContain('disk: needs 70.00 kB, 60.00 kB free');
      expect(await chipsOf(page, 'Q8_0')).toContain('fits with what is there');
      expect(await verdictLayout(page, 'Q6_K', /needs 70.00 kB/)).toEqual(ONE_LINE);
      expect(await verdictLayout(page, 'Q8_0', /fits with what is there/)).toEqual(ONE_LINE);
      await page.locator('.quant-list').scrollIntoViewIfNeeded();
      await screenshot(page, 'model-page-folder-disk-verdicts-390');
    } finally {
      await page.context().close();
    }
  });
});
