/**
 * The download limits' two fields (components/live-limits.tsx: "Parallel downloads", a fieldset whose label is its
 * legend, and "Total bandwidth limit", a label over an input) on the Downloads page's Limits card and in Settings →
 * Downloads, in Chromium at 1280 and 390 px: side by side, the two labels on one line and the controls under them on
 * another (at 1280 px "Parallel downloads" sat lower than "Total bandwidth limit": the fields were aligned by their
 * bottoms, and the stepper's row is lower than the bandwidth field's). Stacked on a phone, each label above its
 * control. Screenshots: test-results/web/limits-{downloads,settings}-{1280,390}.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, phoneOptions, screenshot } from './browser.js';
import { uiTestPerFile } from './ui-server.js';

const ui = uiTestPerFile({ label: 'limits-layout', prepare: async () => undefined });

interface Box {
  top: number;
  bottom: number;
  left: number;
  middle: number;
}

/** The boxes of the first limits card's labels and controls. */
function limitBoxes(page: Page) {
  return page
    .locator('.limits')
    .first()
    .evaluate((limits) => {
      const box = (element: Element | null): Box => {
        if (!element) throw new Error('missing element');
        const rect = element.getBoundingClientRect();
        return { top: rect.top, bottom: rect.bottom, left: rect.left, middle: rect.top + rect.height / 2 };
      };
      return {
        parallelLabel: box(limits.querySelector('.stepper legend')),
        parallelControl: box(limits.querySelector('.stepper__row')),
        bandwidthLabel: box(limits.querySelector('.rate-input label')),
        bandwidthControl: box(limits.querySelector('.rate-input__row input')),
      };
    });
}

const VIEWPORTS = [
  { name: '1280', options: { viewport: { width: 1280, height: 900 } } },
  { name: '390', options: phoneOptions() },
] as const;

describe('the limits fields', () => {
  for (const path of ['/downloads', '/settings']) {
    for (const { name, options } of VIEWPORTS) {
      it(`line up on ${path} at ${name} px`, async () => {
        const page = await openPage(ui, path, options);
        try {
          await page.getByText('Total bandwidth limit').first().waitFor();
          await page.locator('.limits').first().scrollIntoViewIfNeeded();
          await screenshot(page, `limits${path.replace('/', '-')}-${name}`);
          const boxes = await limitBoxes(page);
          const sideBySide = boxes.bandwidthLabel.left > boxes.parallelLabel.left + 50;
          if (name === '1280') expect(sideBySide).toBe(true);
          if (sideBySide) {
            // The labels on one line, the controls' middles on another.
            expect(Math.abs(boxes.parallelLabel.top - boxes.bandwidthLabel.top)).toBeLessThan(1.5);
            expect(Math.abs(boxes.parallelControl.middle - boxes.bandwidthControl.middle)).toBeLessThan(1.5);
          } else {
            // Stacked: the parallel field, its label over its control, then the bandwidth field.
            expect(boxes.parallelLabel.bottom).toBeLessThanOrEqual(boxes.parallelControl.top + 1);
            expect(boxes.parallelControl.bottom).toBeLessThanOrEqual(boxes.bandwidthLabel.top);
            expect(boxes.bandwidthLabel.bottom).toBeLessThanOrEqual(boxes.bandwidthControl.top + 1);
          }
          // Label and control start at the same left edge in each field.
          expect(Math.abs(boxes.parallelLabel.left - boxes.parallelControl.left)).toBeLessThan(1.5);
          expect(Math.abs(boxes.bandwidthLabel.left - boxes.bandwidthControl.left)).toBeLessThan(1.5);
        } finally {
          await page.context().close();
        }
      });
    }
  }
});
