/**
 * The model page's long tags in Chromium, at 1280 and 390 px: every quantization and file of org/tiny-gguf is in two
 * forks' HF cache folders with very long names, so each row carries "cached as other/… +1" beside its other tags.
 * A quantization row's tags wrap inside the row and keep its size in it (hub.css `.quant__fits`); a file row's tag
 * takes at most part of the row and wraps, so the file's name is not broken inside a word (`.file-row .chip`); and
 * neither row is wider than its box. Screenshots: test-results/web/long-tags-{1280,390}.png.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ggufRepoSpec } from '../hub/gguf-fixtures.js';
import { openPage, PHONE_VIEWPORT, screenshot } from './browser.js';
import { expectNoSidewaysScroll } from './no-sideways-scroll.js';
import { uiTestPerFile } from './ui-server.js';

const FORKS = [
  'other/tiny-gguf-fork-with-an-extraordinarily-long-name-for-its-quantizations',
  'other/tiny-gguf-second-fork',
];
const LONG_TAG = `cached as ${FORKS[0]} +1`;

const ui = uiTestPerFile({
  label: 'long-tags',
  prepare: async (hub, dir) => {
    const repo = await hub.addRepo(ggufRepoSpec('org/tiny-gguf'));
    // The forks' folders in the HF cache hold every weights file's blob (same content, same blob id).
    for (const fork of FORKS) {
      const blobs = join(dir, 'cache', `models--${fork.replace('/', '--')}`, 'blobs');
      await mkdir(blobs, { recursive: true });
      for (const file of repo.files.filter((entry) => entry.path.endsWith('.gguf'))) {
        await writeFile(join(blobs, file.sha256), repo.contentOf(file.path));
      }
    }
  },
});

interface RowLayout {
  text: string;
  /** The row's content is wider than its box. */
  wider: boolean;
  /** Pixels its tags or its size stick out past the row's right edge (0 when inside). */
  outside: number;
  /** The file name's box is narrower than its longest unbreakable part ("Q8_0.gguf"): broken inside a word. */
  nameSqueezed: boolean;
}

/** How each row carrying the long tag lays out (`rowSelector`: the rows; `nameSelector`: the file name in one). */
function rowLayouts(page: Page, rowSelector: string, nameSelector: string | null): Promise<RowLayout[]> {
  return page.evaluate(
    ({ rowSelector, nameSelector, tag }) => {
      const rows = [...document.querySelectorAll<HTMLElement>(rowSelector)].filter((row) =>
        row.textContent?.includes(tag),
      );
      return rows.map((row) => {
        const right = row.getBoundingClientRect().right;
        const parts = [...row.querySelectorAll<HTMLElement>('.chip, .quant__size, .file-row__size')];
        const outside = Math.max(0, ...parts.map((part) => part.getBoundingClientRect().right - right));
        let nameSqueezed = false;
        const name = nameSelector ? row.querySelector<HTMLElement>(nameSelector) : null;
        if (name) {
          // Where a browser may break a file name without breaking a word: after '-' and '/'.
          const words = (name.textContent ?? '').split(/(?<=[-/])/);
          const probe = document.createElement('span');
          probe.style.whiteSpace = 'nowrap';
          probe.style.position = 'absolute';
          probe.className = name.className;
          name.parentElement!.append(probe);
          const widest = Math.max(
            ...words.map((word) => {
              probe.textContent = word;
              return probe.getBoundingClientRect().width;
            }),
          );
          probe.remove();
          nameSqueezed = name.getBoundingClientRect().width + 0.5 < widest;
        }
        return {
          text: row.textContent ?? '',
          wider: row.scrollWidth > row.clientWidth + 1,
          outside: Math.round(outside),
          nameSqueezed,
        };
      });
    },
    { rowSelector, nameSelector, tag: LONG_TAG },
  );
}

describe("the model page's long tags stay inside their rows", () => {
  for (const viewport of [{ width: 1280, height: 900 }, PHONE_VIEWPORT]) {
    it(`at ${viewport.width} px: quantization and file rows keep their tags, sizes and names in their box`, async () => {
      const page = await openPage(ui, '/models/org/tiny-gguf', { viewport, isMobile: viewport.width < 600 });
      try {
        await page.getByText(LONG_TAG).first().waitFor();
        await screenshot(page, `long-tags-${viewport.width}`);
        await page.locator('.file-group').first().scrollIntoViewIfNeeded();
        await screenshot(page, `long-tags-files-${viewport.width}`);

        const quants = await rowLayouts(page, 'label.quant', null);
        // Every quantization but the projector-only rows: Q2_K, Q4_K_M, Q6_K, Q8_0, IQ4_XS.
        expect(quants.length).toBeGreaterThanOrEqual(5);
        for (const row of quants) {
          expect
            .soft(row.wider, `${viewport.width}: quantization row wider than its box: ${row.text}`)
            .toBe(false);
          expect.soft(row.outside, `${viewport.width}: tags or size outside the row: ${row.text}`).toBe(0);
        }
        const files = await rowLayouts(page, '.file-row', '.file-row__path');
        expect(files.length).toBeGreaterThanOrEqual(5);
        for (const row of files) {
          expect.soft(row.wider, `${viewport.width}: file row wider than its box: ${row.text}`).toBe(false);
          expect.soft(row.outside, `${viewport.width}: tag or size outside the row: ${row.text}`).toBe(0);
          expect
            .soft(row.nameSqueezed, `${viewport.width}: file name broken inside a word: ${row.text}`)
            .toBe(false);
        }
        await expectNoSidewaysScroll(page, `the model page with long tags at ${viewport.width}`, {
          soft: true,
        });
      } finally {
        await page.context().close();
      }
    });
  }
});
