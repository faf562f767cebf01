/**
 * Hub search and the model page in Chromium against the real server and the test hub: type into
 * "Search the Hugging Face Hub", Load more, open a GGUF result, pick Q4_K_M, Download → only that
 * quantization's file, the mmproj and the small files land in the cache (content verified); the model
 * card's <script> never runs. The search and the list filter stay in the address through Back and reload,
 * and an installed row's name opens its page. Screenshots at 1280 and 375 px wide go to test-results/web.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { JobView } from '../../src/api-types.js';
import { GGUF_MMPROJ, GGUF_QUANT_FILES, GGUF_SMALL_FILES, ggufRepoSpec } from '../hub/gguf-fixtures.js';
import type { TestHub, TestRepo } from '../hub/test-hub.js';
import { openPage, openWatchedPage, SCREENSHOT_DIR, screenshot } from './browser.js';
import { expectNoSidewaysScroll } from './no-sideways-scroll.js';
import { uiTestPerFile, waitUntil } from './ui-server.js';

let gguf: TestRepo;

const ui = uiTestPerFile({ label: 'search', prepare: addRepos }, 180_000);

async function addRepos(hub: TestHub): Promise<void> {
  gguf = await hub.addRepo(ggufRepoSpec('org/tiny-gguf'));
  // More matches than one page (20), so "Load more" has something to load.
  for (let i = 0; i < 24; i++) {
    await hub.addRepo({
      repoId: `community/tiny-model-${String(i).padStart(2, '0')}`,
      gated: i === 1,
      meta: {
        downloads: 100 + i,
        likes: i,
        pipelineTag: 'text-generation',
        libraryName: 'transformers',
        tags: ['text-generation'],
      },
      files: [{ path: 'config.json', content: '{}' }],
    });
  }
}

async function fullScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

async function search(page: Page, query: string): Promise<void> {
  await page.getByLabel('Search the Hugging Face Hub').fill(query);
  await page.getByRole('list', { name: 'Search results' }).getByRole('listitem').first().waitFor();
}

describe('Hub search and the model page', () => {
  it('searches, opens a GGUF repo, downloads exactly the Q4_K_M quantization', async () => {
    const { page, pageErrors } = await openWatchedPage(ui, '/', { viewport: { width: 1280, height: 900 } });
    await page.getByRole('heading', { name: 'Installed and suggested' }).waitFor();

    await search(page, 'tiny');
    const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
    expect(await results.count()).toBe(20);
    // What is installed stays listed below the results.
    expect(await page.getByRole('heading', { name: 'Installed and suggested' }).isVisible()).toBe(true);
    await expect.poll(() => results.first().textContent()).toContain('org/tiny-gguf');
    expect(await results.first().textContent()).toContain('text-generation');
    await screenshot(page, 'hub-search-1280');
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => results.count()).toBe(25);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    await page.getByRole('link', { name: 'org/tiny-gguf' }).click();
    await page.waitForURL(/\/models\/org\/tiny-gguf$/);
    const q4 = page.getByRole('radio', { name: /Q4_K_M/ });
    await q4.waitFor();
    expect(await q4.isChecked()).toBe(true);
    expect(
      await page
        .getByRole('checkbox', { name: /mmproj-Tiny-F16\.gguf/ })
        .first()
        .isChecked(),
    ).toBe(true);
    // Pick another, then Q4_K_M again: the selection follows the picker.
    await page.getByRole('radio', { name: /Q8_0/ }).check();
    await page.getByRole('radio', { name: /Q4_K_M/ }).check();
    expect(await page.getByRole('heading', { name: 'Tiny GGUF' }).isVisible()).toBe(true);
    expect(await page.getByText('apache-2.0').isVisible()).toBe(true);
    expect(
      await page.evaluate(() => (window as { __cardScriptRan?: boolean }).__cardScriptRan),
    ).toBeUndefined();
    expect(await page.locator('.model-card script, .model-card [onerror]').count()).toBe(0);
    await screenshot(page, 'model-page-1280');
    await fullScreenshot(page, 'model-page-full-1280');

    ui.hub.clearRequests();
    await page.getByRole('button', { name: 'Download', exact: true }).click();
    const jobs = async () => (await (await fetch(`${ui.server.url}/api/downloads`)).json()) as JobView[];
    await waitUntil(
      async () => (await jobs()).some((job) => job.state === 'completed'),
      30_000,
      'the download',
    );
    const [job] = await jobs();
    expect(job?.state).toBe('completed');

    const snapshot = join(ui.dir, 'cache', 'models--org--tiny-gguf', 'snapshots', gguf.commit);
    const expected = [...GGUF_QUANT_FILES.Q4_K_M!, GGUF_MMPROJ, ...GGUF_SMALL_FILES].sort();
    expect((await readdir(snapshot)).sort()).toEqual(expected);
    for (const path of expected) {
      expect((await readFile(join(snapshot, path))).equals(gguf.contentOf(path)), path).toBe(true);
    }
    for (const [quant, files] of Object.entries(GGUF_QUANT_FILES)) {
      if (quant === 'Q4_K_M') continue;
      for (const path of files) expect(ui.hub.bytesServed(`org/tiny-gguf/${path}`), path).toBe(0);
    }
    // The page follows the job: once it completes, the repo shows as installed.
    await page.getByRole('heading', { name: 'Installed' }).waitFor();
    expect(await page.getByText('5 files, 70.47 KB').first().isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('keeps the search and the list filter in the address for Back and reload; an installed row opens its page', async () => {
    const page = await openPage(ui, '/', { viewport: { width: 1280, height: 900 } });
    await search(page, 'tiny');
    await page.getByLabel('Tag').selectOption('gguf');
    await page.waitForURL(/\/\?q=tiny&tag=gguf$/, { timeout: 10_000 });
    const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
    await expect.poll(() => results.count()).toBe(1);
    const searchAsLeft = async () => {
      await results.first().waitFor();
      expect(await page.getByLabel('Search the Hugging Face Hub').inputValue()).toBe('tiny');
      expect(await page.getByLabel('Tag').inputValue()).toBe('gguf');
      expect(await results.count()).toBe(1);
      expect(await results.first().textContent()).toContain('org/tiny-gguf');
    };
    await page.getByRole('link', { name: 'org/tiny-gguf' }).click();
    await page.waitForURL(/\/models\/org\/tiny-gguf$/);
    await page.goBack();
    await searchAsLeft();
    await page.reload();
    await searchAsLeft();
    // The search was one history entry, not one per keystroke: Back returns to the page before it.
    await page.goBack();
    await page.waitForURL(`${ui.server.url}/`);
    expect(await page.getByLabel('Search the Hugging Face Hub').inputValue()).toBe('');

    // The first test installed org/tiny-gguf: the list's filter and Show survive a reload, and its name opens its page.
    await page.getByLabel('Filter these models').fill('tiny');
    await page.getByLabel('Show').selectOption('installed');
    await page.reload();
    const list = page.getByRole('region', { name: 'Installed' });
    await list.getByRole('link', { name: 'tiny-gguf' }).waitFor();
    expect(await page.getByLabel('Filter these models').inputValue()).toBe('tiny');
    expect(await page.getByLabel('Show').inputValue()).toBe('installed');
    await list.getByRole('link', { name: 'tiny-gguf' }).click();
    await page.waitForURL(/\/models\/org\/tiny-gguf$/);
    await page.getByRole('heading', { name: 'Installed' }).waitFor();
    await page.context().close();
  });

  it('looks right at 375 px', async () => {
    const page = await openPage(ui, '/', { viewport: { width: 375, height: 800 }, deviceScaleFactor: 2 });
    await search(page, 'tiny');
    await screenshot(page, 'hub-search-375');
    await expectNoSidewaysScroll(page, 'the Hub search at 375');
    await page.goto(`${ui.server.url}/models/org/tiny-gguf`);
    await page.getByRole('radio', { name: /Q4_K_M/ }).waitFor();
    await screenshot(page, 'model-page-375');
    await fullScreenshot(page, 'model-page-full-375');
    await expectNoSidewaysScroll(page, 'the model page at 375');
    await page.context().close();
  });

  it('stays responsive with 10 000 files: the list is paged', async () => {
    await ui.hub.addRepo({
      repoId: 'org/many-files',
      files: Array.from({ length: 10_000 }, (_, i) => ({
        path: `shards/part-${String(i).padStart(5, '0')}.json`,
        content: `${i}`,
      })),
    });
    const page = await openPage(ui, '/models/org/many-files');
    const more = page.getByRole('button', { name: /Show more \(9900 hidden\)/ });
    await more.waitFor({ timeout: 20_000 });
    expect(await page.locator('.file-row').count()).toBe(100);
    await more.click();
    await page.getByRole('button', { name: /Show more \(9400 hidden\)/ }).waitFor();
    // Nothing is hidden from the download: every file is selected, paged or not.
    expect(await page.getByText(/^10000 of 10000 files, /).isVisible()).toBe(true);
    await page.context().close();
  });

  it('offers a pull request as a revision and downloads it into the cache', async () => {
    const repo = await ui.hub.addRepo({
      repoId: 'org/with-pr',
      files: [{ path: 'model.safetensors', size: 2000 }],
      revisions: [{ name: 'refs/pr/3', files: [{ path: 'model-converted.safetensors', size: 1500 }] }],
    });
    const page = await openPage(ui, '/models/org/with-pr');
    const picker = page.getByLabel('Revision');
    await picker.waitFor();
    expect(await picker.locator('optgroup[label="Pull requests"] option').allTextContents()).toEqual([
      'PR #3',
    ]);
    await picker.selectOption('refs/pr/3');
    await page.waitForURL(/\?revision=refs%2Fpr%2F3$/);
    await page.getByText('model-converted.safetensors').first().waitFor();
    await screenshot(page, 'model-page-pull-request-1280');
    await page.getByRole('button', { name: 'Download', exact: true }).click();
    const jobs = async () => (await (await fetch(`${ui.server.url}/api/downloads`)).json()) as JobView[];
    await waitUntil(
      async () => (await jobs()).some((job) => job.repoId === 'org/with-pr' && job.state === 'completed'),
      30_000,
      'the pull request download',
    );
    const commit = repo.refs['refs/pr/3']!;
    const repoDir = join(ui.dir, 'cache', 'models--org--with-pr');
    expect(await readdir(join(repoDir, 'snapshots', commit))).toEqual(['model-converted.safetensors']);
    // The ref nests as huggingface_hub writes it (docs/hub-disk-layout.md §3.5).
    expect(await readFile(join(repoDir, 'refs', 'refs', 'pr', '3'), 'utf8')).toBe(commit);
    await page.context().close();
  });

  it('says clearly when a repo does not exist', async () => {
    const page = await openPage(ui, '/models/org/does-not-exist');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/not found/i);
    await page.context().close();
  });
});
