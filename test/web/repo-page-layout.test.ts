/**
 * A repo page's layout in Chromium at 1280 px: with the download panel expanded (its own column, leaving the page
 * 812 px), the page is one column, not two of 390 px that wrapped each quantization's tags onto three lines beside a
 * model card column mostly empty; collapsed, two columns, the Download side the wider. The Installed card's
 * quantizations put every Delete at the same place, centred on its name's line (installed.css). Screenshots:
 * test-results/web/repo-layout-{panel,collapsed}-1280.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ggufRepoSpec } from '../hub/gguf-fixtures.js';
import { openPage, screenshot } from './browser.js';
import { uiTestPerFile, waitUntil } from './ui-server.js';

const ui = uiTestPerFile({
  label: 'repo-layout',
  prepare: async (hub) => {
    await hub.addRepo(ggufRepoSpec('org/tiny-gguf'));
  },
});

async function download(include: string): Promise<void> {
  const response = await fetch(`${ui.server.url}/api/downloads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ repoId: 'org/tiny-gguf', include: [include] }),
  });
  const { id } = (await response.json()) as { id: string };
  await waitUntil(
    async () =>
      ((await (await fetch(`${ui.server.url}/api/downloads/${id}`)).json()) as { state: string }).state ===
      'completed',
    30_000,
    `${include} to download`,
  );
}

const widthOf = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((element) => element.getBoundingClientRect().width);

describe("a repo page's columns and its quantizations' Delete buttons", () => {
  it('at 1280 px: one column beside the expanded panel, two without it; every Delete at one place', async () => {
    await download('*Q2_K*.gguf');
    await download('*Q4_K_M*.gguf');
    const withPanel = await openPage(ui, '/models/org/tiny-gguf', { viewport: { width: 1280, height: 900 } });
    try {
      await withPanel.getByRole('button', { name: 'Delete Q4_K_M' }).waitFor();
      await screenshot(withPanel, 'repo-layout-panel-1280');
      const page = await widthOf(withPanel, 'main .page');
      const download = await widthOf(withPanel, 'section[aria-labelledby="repo-download-title"]');
      // One column: the Download card takes the page's width (two columns gave it under half).
      expect(download).toBeGreaterThan(page * 0.9);

      const deletes = await withPanel
        .locator('ul.quant-rows button')
        .evaluateAll((buttons) => buttons.map((button) => Math.round(button.getBoundingClientRect().left)));
      expect(deletes).toHaveLength(2);
      expect(new Set(deletes).size).toBe(1);
      // Centred on the name's line: the name's middle and its Delete's middle on one height.
      const offsets = await withPanel.locator('ul.quant-rows li.revision-row').evaluateAll((rows) =>
        rows.map((row) => {
          const middle = (element: Element) => {
            const box = element.getBoundingClientRect();
            return box.top + box.height / 2;
          };
          return Math.abs(middle(row.querySelector('.mono')!) - middle(row.querySelector('button')!));
        }),
      );
      for (const offset of offsets) expect(offset).toBeLessThan(2);

      await withPanel.getByRole('button', { name: /^Downloading Models/ }).click();
      await withPanel.waitForFunction(() => document.querySelector('.panel--collapsed') !== null);
      await screenshot(withPanel, 'repo-layout-collapsed-1280');
      const wide = await widthOf(withPanel, 'main .page');
      const side = await widthOf(withPanel, 'section[aria-labelledby="repo-download-title"]');
      // Two columns, the Download side the wider of them.
      expect(side).toBeLessThan(wide * 0.6);
      expect(side).toBeGreaterThan(wide * 0.5);
    } finally {
      await withPanel.context().close();
    }
  }, 90_000);
});
