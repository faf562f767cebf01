/**
 * The model page's Download into a folder, in Chromium against the real server and the test hub: Destination
 * Folder (prefilled with the repo's name), the preview's word beside Download, and the quantization written as
 * plain files into that folder under the models dir; the page fits a phone's width with the folder's field.
 * Screenshots: test-results/web/model-page-folder-{1280,390}.png.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GGUF_QUANT_FILES, ggufRepoSpec } from '../hub/gguf-fixtures.js';
import { openPage, phoneOptions, screenshot } from './browser.js';
import { expectNoSidewaysScroll } from './no-sideways-scroll.js';
import { uiTestPerFile } from './ui-server.js';

const ui = uiTestPerFile({
  label: 'model-folder',
  prepare: async (hub) => {
    await hub.addRepo(ggufRepoSpec('org/tiny-gguf'));
  },
});

describe('the model page downloads a quantization into a folder', () => {
  it('writes Q4_K_M into models/tiny-gguf and then says the folder holds it', async () => {
    const page = await openPage(ui, '/models/org/tiny-gguf', { viewport: { width: 1280, height: 900 } });
    try {
      await page.getByRole('combobox', { name: 'Destination' }).selectOption('local');
      expect(await page.getByRole('textbox', { name: 'Destination folder' }).inputValue()).toBe('tiny-gguf');
      await page.getByText(/into folder tiny-gguf \(.* to fetch\)/).waitFor();
      await screenshot(page, 'model-page-folder-1280');
      await page.getByRole('button', { name: 'Download', exact: true }).click();
      await page.getByText('Installed: Q4_K_M is in folder tiny-gguf already.').waitFor({ timeout: 30_000 });
      for (const file of GGUF_QUANT_FILES.Q4_K_M!) {
        expect(existsSync(join(ui.dir, 'models', 'tiny-gguf', file))).toBe(true);
      }
    } finally {
      await page.context().close();
    }
  });

  it('fits a phone with Folder chosen', async () => {
    const page = await openPage(ui, '/models/org/tiny-gguf', phoneOptions());
    try {
      await page.getByRole('combobox', { name: 'Destination' }).selectOption('local');
      await page.getByRole('textbox', { name: 'Destination folder' }).waitFor();
      // The preview's answer, not "(checking…)": Free disk is the folder's then.
      await page
        .getByText(/in(to)? folder tiny-gguf/)
        .filter({ hasNotText: 'checking' })
        .first()
        .waitFor();
      await expectNoSidewaysScroll(page, 'the model page with Folder chosen at 390 px');
      await screenshot(page, 'model-page-folder-390');
    } finally {
      await page.context().close();
    }
  });
});
