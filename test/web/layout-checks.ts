/**
 * Layout checks for the browser tests: sideways overflow of the page, parts of the panel's rows cut off,
 * buttons hidden under the panel. Each returns what is wrong (empty when the layout is right), so a
 * failure names the culprit.
 */
import type { Page } from 'playwright-core';

/**
 * How many CSS pixels the page is wider than the screen. Measured against the layout viewport
 * (`clientWidth`): on a phone (`isMobile`) `window.innerWidth` grows with the content, so comparing
 * with it never sees an overflow.
 */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The elements sticking out to the right of the screen whose parent does not: where an overflow starts. */
export function overflowCulprits(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth + 1;
    const culprits: string[] = [];
    for (const element of document.querySelectorAll('body *')) {
      const parent = element.parentElement;
      if (!parent || element.getBoundingClientRect().right <= width) continue;
      if (parent.getBoundingClientRect().right > width) continue;
      culprits.push(
        `${element.tagName.toLowerCase()}.${element.className}: ${element.textContent?.slice(0, 60)}`,
      );
    }
    return culprits;
  });
}

/**
 * Rows of the download panel whose state badge, progress bar or percent is missing or cut off by the
 * panel's edge (the panel clips what overflows it, so the page itself does not scroll), or whose figures
 * run into each other.
 */
export function clippedPanelRows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const panel = document.querySelector('aside.panel');
    if (!panel) return ['no panel'];
    const box = panel.getBoundingClientRect();
    const problems: string[] = [];
    for (const row of panel.querySelectorAll('.job-row')) {
      const name = row.querySelector('.job-row__name')?.textContent ?? '?';
      for (const selector of ['.chip', '[role="progressbar"]', '.job-row__percent']) {
        const part = row.querySelector(selector);
        const rect = part?.getBoundingClientRect();
        if (!rect || rect.width === 0) problems.push(`${name}: ${selector} missing`);
        else if (rect.left < box.left || rect.right > box.right)
          problems.push(
            `${name}: ${selector} cut off (${Math.round(rect.right)} > ${Math.round(box.right)})`,
          );
      }
      // Bytes, speed, connections and ETA: side by side or on the next line, never on top of each other.
      // The text's own extent (a range), not its box: text that does not fit runs out of its box.
      const figures = [...row.querySelectorAll('.job-row__stats > *')]
        .filter((figure) => figure.textContent !== '')
        .map((figure) => {
          const range = document.createRange();
          range.selectNodeContents(figure);
          return { text: figure.textContent, rect: range.getBoundingClientRect() };
        });
      for (const [index, a] of figures.entries()) {
        for (const b of figures.slice(index + 1)) {
          const sameLine = a.rect.top < b.rect.bottom && b.rect.top < a.rect.bottom;
          if (sameLine && a.rect.left < b.rect.right && b.rect.left < a.rect.right)
            problems.push(`${name}: "${a.text}" overlaps "${b.text}"`);
        }
      }
    }
    return problems;
  });
}

/** Buttons of the page (inside `main`, on screen) that the download panel covers at their centre. */
export function buttonsUnderPanel(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const hidden: string[] = [];
    for (const button of document.querySelectorAll('main button')) {
      const rect = button.getBoundingClientRect();
      const x = rect.left + rect.width / 2;
      const y = rect.top + rect.height / 2;
      if (rect.width === 0 || y < 0 || y > window.innerHeight || x < 0 || x > window.innerWidth) continue;
      const top = document.elementFromPoint(x, y);
      if (top && !button.contains(top) && top.closest('aside.panel'))
        hidden.push(button.getAttribute('aria-label') ?? button.textContent ?? '?');
    }
    return hidden;
  });
}

/**
 * How far the expanded panel's top lies below the page title's bottom (≤ 0: level with the title), and how far
 * its bottom lies above the window's foot: on a wide screen the panel stands at the top of its own column.
 */
export function panelPlacement(page: Page): Promise<{ belowTitle: number; aboveFoot: number }> {
  return page.evaluate(() => {
    const panel = document.querySelector('aside.panel')?.getBoundingClientRect();
    const title = document.querySelector('main h1')?.getBoundingClientRect();
    if (!panel || !title) return { belowTitle: Number.NaN, aboveFoot: Number.NaN };
    return {
      belowTitle: Math.round(panel.top - title.bottom),
      aboveFoot: Math.round(window.innerHeight - panel.bottom),
    };
  });
}

/** Where each progress bar of the Models list ends (its right edge, by row name): level rows end alike. */
export function modelBarEnds(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const ends: Record<string, number> = {};
    for (const row of document.querySelectorAll('.model')) {
      // The row's own bar (not those of a list of several downloads under it).
      const bar = [...row.querySelectorAll('.model__progress > [role="progressbar"]')].find(
        (found) => !found.closest('.model__downloads'),
      );
      const name = row.querySelector('.model__name')?.textContent ?? '?';
      if (bar) ends[name] = Math.round(bar.getBoundingClientRect().right);
    }
    return ends;
  });
}

/** The heights of the Models list's buttons other than Download (by accessible name): one size in every row. */
export function modelButtonHeights(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const heights: Record<string, number> = {};
    for (const button of document.querySelectorAll('.model__actions button:not(.button--primary)')) {
      const name = button.getAttribute('aria-label') ?? button.textContent ?? '?';
      heights[name] = Math.round(button.getBoundingClientRect().height);
    }
    return heights;
  });
}
