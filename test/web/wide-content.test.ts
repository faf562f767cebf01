/**
 * Wide content at 1280 and 390 px in Chromium: a model card's wide table and the Network page's interfaces
 * table scroll sideways inside their card, with a hint, instead of squeezing their words apart or being cut
 * off; the Model Manager's filter field and state select take the whole width of a phone.
 * Screenshots go to test-results/web (wide-*).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, PHONE_VIEWPORT, phoneOptions, screenshot } from './browser.js';
import { expectNoSidewaysScroll } from './no-sideways-scroll.js';
import { uiTestPerFile } from './ui-server.js';

const HEADERS = [
  'Benchmark',
  'MMLU',
  'GSM8K',
  'HumanEval',
  'MATH',
  'ARC-Challenge',
  'HellaSwag',
  'TruthfulQA',
];
const CARD = `---
license: mit
---
# Wide

| Model | Size |
|---|---|
| a | 7B |

| ${HEADERS.join(' | ')} | Winogrande | AGIEval | BigBenchHard | DROP |
|${'---|'.repeat(HEADERS.length + 4)}
| ThisModelNameIsLong-Instruct-v2 | 71.3 | 82.1 | 55.2 | 33.3 | 60.1 | 85.2 | 50.0 | 78.9 | 44.4 | 55.5 | 66.6 |
`;

const ui = uiTestPerFile({
  label: 'wide',
  prepare: async (hub) => {
    await hub.addRepo({
      repoId: 'org/wide-card',
      files: [
        { path: 'README.md', content: CARD },
        { path: 'model.safetensors', size: 20_000 },
      ],
    });
  },
});

/** How a scrolling region lays out: whether it scrolls, is wider than its box, and shows its hint. */
function region(page: Page, name: string) {
  return page.getByRole('region', { name }).evaluate((element) => ({
    overflowX: getComputedStyle(element).overflowX,
    wider: element.scrollWidth > element.clientWidth + 1,
    hint:
      (element.parentElement?.querySelector('.table-scroll__hint')?.getBoundingClientRect().height ?? 0) > 0,
  }));
}

describe('wide tables scroll sideways in their card', () => {
  it("keeps a model card table's words whole and lets it scroll (1280 and 390 px)", async () => {
    for (const viewport of [{ width: 1280, height: 800 }, PHONE_VIEWPORT]) {
      const page = await openPage(ui, '/models/org/wide-card', { viewport, isMobile: viewport.width < 600 });
      const wide = page.getByRole('region', { name: 'Table' }).nth(1);
      await wide.waitFor();
      await wide.scrollIntoViewIfNeeded();
      await screenshot(page, `wide-card-${viewport.width}`);
      const layout = await wide.evaluate((element) => ({
        wider: element.scrollWidth > element.clientWidth + 1,
        hint:
          (element.parentElement?.querySelector('.table-scroll__hint')?.getBoundingClientRect().height ?? 0) >
          0,
        // Lines each header's text takes: a word broken mid-word takes more than one.
        lines: [...element.querySelectorAll('th')].map((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
          return [cell.textContent ?? '', tops.size] as const;
        }),
      }));
      expect.soft(layout.wider, `${viewport.width}: the wide table is wider than its box`).toBe(true);
      expect.soft(layout.hint, `${viewport.width}: says it scrolls`).toBe(true);
      for (const [text, lines] of layout.lines) {
        if (/^\w+$/.test(text)) expect.soft(lines, `${viewport.width}: "${text}" on one line`).toBe(1);
      }
      await expectNoSidewaysScroll(page, `the model page at ${viewport.width}`, { soft: true });
      await page.context().close();
    }
  });

  it('lets the interfaces table scroll on a phone and says so', async () => {
    const page = await openPage(ui, '/network', phoneOptions());
    const interfaces = page.getByRole('region', { name: 'Network interfaces' });
    await interfaces.waitFor();
    await page.waitForTimeout(300);
    await interfaces.scrollIntoViewIfNeeded();
    await screenshot(page, 'wide-network-390');
    const layout = await region(page, 'Network interfaces');
    expect(layout.overflowX).toBe('auto');
    // Wider than a phone with its five columns: the hint says there is more.
    expect(layout.wider).toBe(true);
    expect(layout.hint).toBe(true);
    await expectNoSidewaysScroll(page, '/network at 390');
    await page.context().close();
  });
});

describe('the Model Manager on a phone', () => {
  it('gives the filter field and the state select the whole width', async () => {
    const page = await openPage(ui, '/models', phoneOptions());
    const filter = page.getByLabel('Filter these models');
    await filter.waitFor();
    await filter.scrollIntoViewIfNeeded();
    await screenshot(page, 'wide-filters-390');
    const widths = await page.evaluate(() => {
      const toolbar = document.querySelector('.toolbar')!.getBoundingClientRect().width;
      const controls = [...document.querySelectorAll('.toolbar__filters input, .toolbar__filters select')];
      return { toolbar, controls: controls.map((control) => control.getBoundingClientRect().width) };
    });
    expect(widths.controls).toHaveLength(2);
    for (const width of widths.controls) expect(width).toBeGreaterThanOrEqual(widths.toolbar - 1);
    await page.context().close();
  });
});
