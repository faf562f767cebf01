/**
 * Layout in Chromium against the real server and the bundled catalog: long repo names and long error
 * messages (a sha256 mismatch) wrap or ellipsize, with the full name in a tooltip; no page scrolls
 * sideways at phone width; the download panel never cuts off a row's state badge, bar or percent, and,
 * expanded on a wide screen, stands at the top of its own column and never covers the page's buttons, even with
 * no download; expanded on a phone, the
 * page scrolls its last buttons up above it. The Models list's progress bars end level on every row, and its buttons
 * other than Download are of one size.
 * Screenshots go to test-results/web (layout-*).
 */
import { describe, expect, it } from 'vitest';
import type { JobView } from '../../src/api-types.js';
import type { TestHub } from '../hub/test-hub.js';
import { newPhoneContext, openPage, screenshot } from './browser.js';
import {
  buttonsUnderPanel,
  clippedPanelRows,
  modelBarEnds,
  modelButtonHeights,
  panelPlacement,
} from './layout-checks.js';
import { expectNoSidewaysScroll } from './no-sideways-scroll.js';
import { uiTestPerFile, waitUntil } from './ui-server.js';

/** 96 characters without a place to break: the longest name the Hub allows. */
const UNBROKEN = `org/${'Averyveryverylongmodelname'.repeat(4).slice(0, 96)}`;
const HYPHENATED =
  'an-organisation-with-a-long-name/Meta-Llama-3.1-405B-Instruct-abliterated-GGUF-imatrix-i1';
const CORRUPT = 'org/corrupt-weights';

const ui = uiTestPerFile({ label: 'layout', prepare: addRepos });

async function addRepos(hub: TestHub): Promise<void> {
  await hub.addRepo({ repoId: UNBROKEN, files: [{ path: 'model.safetensors', size: 200_000 }] });
  await hub.addRepo({ repoId: CORRUPT, files: [{ path: 'model.safetensors', size: 200_000 }] });
  await hub.addRepo({ repoId: HYPHENATED, files: [{ path: 'model.safetensors', size: 900_000_000 }] });
  // The corrupt repo fails its sha256 check; the hyphenated one is paced (32 connections × 1 MB/s at most:
  // 900 MB take over 28 s), so it stays running with the widest figures ("123.45 MB / 900.00 MB").
  hub.setFaults({
    corrupt: { path: `${CORRUPT}/model.safetensors` },
    perStreamBytesPerSecond: { path: `${HYPHENATED}/model.safetensors`, bytesPerSecond: 1_000_000 },
  });
}

const jobs = async () => (await (await fetch(`${ui.server.url}/api/downloads`)).json()) as JobView[];

async function startDownload(repoId: string): Promise<void> {
  const response = await fetch(`${ui.server.url}/api/downloads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ repoId }),
  });
  expect(response.ok, repoId).toBe(true);
}

describe('the download panel beside the page', () => {
  it('hides no button of the page while it has no download (1280×800)', async () => {
    expect(await jobs()).toEqual([]);
    const page = await openPage(ui, '/models');
    await page.getByRole('button', { name: 'Download Qwen2.5 7B Instruct' }).waitFor();
    await page.getByText('No downloads right now.').waitFor();
    await screenshot(page, 'layout-empty-panel-1280');
    expect(await buttonsUnderPanel(page)).toEqual([]);
    // It stands at the top of its column, level with the page's title, not at the foot with the column
    // empty above it; and it ends inside the window.
    const placement = await panelPlacement(page);
    expect(placement.belowTitle).toBeLessThanOrEqual(0);
    expect(placement.aboveFoot).toBeGreaterThanOrEqual(0);
    // Scrolled anywhere, nothing is under it either.
    for (let y = 200; y < 2000; y += 200) {
      await page.mouse.wheel(0, 200);
      await page.waitForTimeout(50);
      expect(await buttonsUnderPanel(page), `scrolled ${y} px`).toEqual([]);
    }
    await page.context().close();
  });
});

// Soft assertions: one run reports every layout problem, not just the first.
describe('layout with long text', () => {
  it('wraps long names and errors, keeps every badge, bar and percent in view', async () => {
    await startDownload(UNBROKEN);
    await startDownload(CORRUPT);
    await startDownload(HYPHENATED);
    await waitUntil(
      async () => {
        const states = new Map((await jobs()).map((job) => [job.repoId, job]));
        return (
          states.get(UNBROKEN)?.state === 'completed' &&
          states.get(CORRUPT)?.state === 'failed' &&
          (states.get(HYPHENATED)?.downloaded ?? 0) >= 100_000_000
        );
      },
      30_000,
      'a completed, a failed and a running job',
    );
    expect((await jobs()).find((job) => job.repoId === CORRUPT)?.error?.message).toMatch(/sha256/);

    const page = await openPage(ui, '/downloads');
    await page.getByRole('heading', { name: /History \(2\)/ }).waitFor();
    await page.locator('.job-row').nth(2).waitFor();
    await screenshot(page, 'layout-downloads-1280');
    await expectNoSidewaysScroll(page, '/downloads at 1280', { soft: true });
    expect.soft(await clippedPanelRows(page)).toEqual([]);
    // A name cut with an ellipsis keeps the whole name in its tooltip.
    const unbrokenName = UNBROKEN.split('/')[1]!;
    expect
      .soft(
        await page.locator('.job-row__name', { hasText: unbrokenName.slice(0, 20) }).getAttribute('title'),
      )
      .toBe(UNBROKEN);
    expect
      .soft(
        await page.locator('.job-item__name', { hasText: unbrokenName.slice(0, 20) }).getAttribute('title'),
      )
      .toBe(UNBROKEN);
    await page.context().close();

    // The Models list's bars end level, whatever the figures beside them say (a running row's bytes and speed,
    // a failed row's "… kept on disk").
    const models = await openPage(ui, '/models');
    await models.locator('.model [role="progressbar"]').nth(1).waitFor();
    await screenshot(models, 'layout-models-1280');
    const ends = await modelBarEnds(models);
    expect.soft(Object.keys(ends).length, JSON.stringify(ends)).toBeGreaterThanOrEqual(2);
    expect.soft(new Set(Object.values(ends)).size, JSON.stringify(ends)).toBe(1);
    // A row's Delete is the size of the other rows' (and its own) Retry, Pause and Cancel.
    const heights = await modelButtonHeights(models);
    expect
      .soft(
        Object.keys(heights).some((name) => name.startsWith('Delete')),
        JSON.stringify(heights),
      )
      .toBe(true);
    expect.soft(new Set(Object.values(heights)).size, JSON.stringify(heights)).toBe(1);
    await models.context().close();

    const mobile = await newPhoneContext(ui.browser);
    const small = await mobile.newPage();
    for (const path of ['/downloads', '/models']) {
      await small.goto(`${ui.server.url}${path}`);
      await small
        .getByText(/sha256/)
        .first()
        .waitFor();
      await small.waitForTimeout(300);
      await screenshot(small, `layout${path.replace('/', '-')}-390`);
      await expectNoSidewaysScroll(small, `${path} at 390`, { soft: true });
    }
    // The panel (a bottom sheet, collapsed at first on phones) clips what overflows it: look inside.
    await small.getByRole('button', { name: /Downloading Models/ }).click();
    await small.locator('.job-row').nth(2).waitFor();
    await screenshot(small, 'layout-panel-390');
    expect.soft(await clippedPanelRows(small)).toEqual([]);
    // Expanded, the sheet covers the screen's lower half: scrolled to the end, the page's last part (the
    // download form's Destination and Download) comes up above it rather than staying under it.
    await small.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await small.waitForTimeout(300);
    await screenshot(small, 'layout-panel-390-page-end');
    expect.soft(await buttonsUnderPanel(small)).toEqual([]);
    await mobile.close();

    const running = (await jobs()).find((job) => job.repoId === HYPHENATED);
    if (running) await fetch(`${ui.server.url}/api/downloads/${running.id}/cancel`, { method: 'POST' });
  }, 90_000);
});
