/**
 * The download form against the real server in Chromium, at 1280 and 390 px: a folder the server refuses (its schema:
 * a ".." segment; the jobs service: a nested folder) is said with the form's label, "Destination folder: …", the
 * folder field marked invalid and what was typed kept. It read `Invalid body field "localDir": …` and `localDir "a/b"
 * must be …`, the API's words. Screenshots: test-results/web/form-refusal-{1280,390}.png.
 */
import { describe, expect, it } from 'vitest';
import { openPage, phoneOptions, screenshot } from './browser.js';
import { uiTestPerFile } from './ui-server.js';

const ui = uiTestPerFile({
  label: 'form-refusals',
  prepare: async (hub) => {
    await hub.addRepo({ repoId: 'org/a', files: [{ path: 'config.json', content: '{}' }] });
  },
});

const VIEWPORTS = [
  { name: '1280', options: { viewport: { width: 1280, height: 900 } } },
  { name: '390', options: phoneOptions() },
] as const;

describe('the download form', () => {
  for (const { name, options } of VIEWPORTS) {
    it(`says a refused folder in its own words at ${name} px`, async () => {
      const page = await openPage(ui, '/models', options);
      try {
        const form = page.locator('form.download-form');
        await form.getByLabel('Hugging Face repo id').fill('org/a');
        await form.getByLabel('Folder', { exact: true }).check();
        const folder = form.getByRole('textbox', { name: 'Destination folder' });
        await folder.fill('../x');
        await form.getByRole('button', { name: 'Preview' }).click();
        const error = form.getByRole('alert');
        await error.waitFor();
        expect(await error.textContent()).toBe(
          'Destination folder: expected a folder name or an absolute path without ".." segments',
        );
        expect(await folder.getAttribute('aria-invalid')).toBe('true');

        await folder.fill('a/b');
        await form.getByRole('button', { name: 'Download', exact: true }).click();
        await page.waitForFunction(() =>
          document.querySelector('form.download-form [role="alert"]')?.textContent?.includes('"a/b"'),
        );
        expect(await error.textContent()).toBe(
          'Destination folder: "a/b" must be one folder directly under the models folder (a name such as "my-model"), not a nested one',
        );
        expect([
          await folder.inputValue(),
          await form.getByLabel('Hugging Face repo id').inputValue(),
        ]).toEqual(['a/b', 'org/a']);
        await error.scrollIntoViewIfNeeded();
        await screenshot(page, `form-refusal-${name}`);
      } finally {
        await page.context().close();
      }
    });
  }
});
